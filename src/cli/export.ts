/**
 * nn-viz export FILE --format pytorch|onnx --out OUT: the network as a PyTorch script (with its data beside it when
 * large) or as an ONNX model. The exporters are pure (src/bridge); this module reads and writes the files.
 */
import { basename } from 'node:path';
import { exportOnnx, exportPytorch } from '../bridge';
import { BridgeError, bridgeOptions, loadNetwork, writeOutputs, type BridgeIO } from './bridgeFiles';
import { CliExit, fileNetwork } from './load';

export const EXPORT_FORMATS = ['pytorch', 'onnx'] as const;

function run(argv: readonly string[], io: BridgeIO): number {
  const opts = bridgeOptions('export', argv, true);
  const format = opts.format;
  if (format !== 'pytorch' && format !== 'onnx')
    throw new BridgeError(
      `export needs --format ${EXPORT_FORMATS.join(' or ')}${format ? `, got "${format}"` : ''}`,
    );
  // ONNX holds only the network; the script holds the data set too.
  const loaded = loadNetwork(io, opts, format === 'pytorch');
  const { spec } = loaded;
  if (format === 'onnx') {
    const t = spec.training;
    const net = fileNetwork(spec);
    if (!spec.weights)
      io.stderr(
        `nn-viz: ${opts.file} has no "weights"; exporting the seeded init (${t.init.name}, seed ${t.seed})\n`,
      );
    writeOutputs(io, opts.out, exportOnnx(net, spec.name));
    io.stderr(`nn-viz: wrote ${opts.out} (ONNX opset 13, float64: input x [m, ${net.sizes[0]}], output h)\n`);
    return 0;
  }
  const out = exportPytorch(
    { spec, dataset: loaded.dataset, documentText: loaded.text, sourceName: basename(opts.file) },
    opts.out,
  );
  writeOutputs(io, opts.out, out.script, out.files);
  const beside = out.files.length ? ` and ${out.files.map((f) => f.name).join(', ')} beside it` : '';
  io.stderr(`nn-viz: wrote ${opts.out}${beside}; run: python3 ${opts.out} --save trained.nn.json\n`);
  return 0;
}

/** `nn-viz export …` (argv without "export"); returns the exit code. */
export function runExport(argv: readonly string[], io: BridgeIO): number {
  try {
    return run(argv, io);
  } catch (e) {
    if (e instanceof CliExit) return e.code;
    if (!(e instanceof BridgeError || e instanceof RangeError)) throw e;
    io.stderr(`nn-viz: ${e.message}\n`);
    return 2;
  }
}
