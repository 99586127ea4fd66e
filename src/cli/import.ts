/**
 * nn-viz import MODEL.onnx --out OUT.nn.json: a fully connected network from an ONNX model (src/bridge/onnxImport.ts).
 * Anything that is not such a network, a truncated file or a file that is not ONNX exits with 2 and writes nothing.
 */
import { basename } from 'node:path';
import { OnnxImportError, importOnnx, importedDocument } from '../bridge';
import { parseNetwork } from '../format';
import { BridgeError, bridgeOptions, writeOutputs, type BridgeIO } from './bridgeFiles';
import { CliExit, readInput } from './load';

function run(argv: readonly string[], io: BridgeIO): number {
  const opts = bridgeOptions('import', argv, false);
  const bytes = readInput(io, opts.file);
  let text: string;
  try {
    text = importedDocument(importOnnx(bytes), basename(opts.file));
  } catch (e) {
    if (e instanceof OnnxImportError) throw new BridgeError(`${opts.file}: ${e.message}`);
    throw e;
  }
  const check = parseNetwork(text);
  if (!check.ok) {
    const first = check.errors[0];
    throw new BridgeError(`${opts.file}: the network read does not make a valid .nn.json: ${first.message}`);
  }
  writeOutputs(io, opts.out, text);
  const layers = check.spec.layers.map((l) => l.units).join('-');
  io.stderr(
    `nn-viz: wrote ${opts.out} (${layers}); it has no data: nn-viz predict works, training needs "data"\n`,
  );
  return 0;
}

/** `nn-viz import …` (argv without "import"); returns the exit code. */
export function runImport(argv: readonly string[], io: BridgeIO): number {
  try {
    return run(argv, io);
  } catch (e) {
    if (e instanceof CliExit) return e.code;
    if (!(e instanceof BridgeError)) throw e;
    io.stderr(`nn-viz: ${e.message}\n`);
    return 2;
  }
}
