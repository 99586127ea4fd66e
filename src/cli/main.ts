/**
 * nn-viz, the command line: cost, train, predict and gradcheck for a .nn.json file.
 * `main(argv, io)` does everything and returns the exit code, so tests run it without spawning a process.
 * Exit codes: 0 success, 1 gradient check failed or training diverged, 2 invalid file or arguments.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  Trainer,
  costAndGradient,
  gradientCheck,
  kernelModeFromEnv,
  predict,
  setKernelMode,
  thetaToRows,
  toRows,
  type Network,
} from '../engine';
import { setWeights, type NetworkSpec } from '../format';
import { CliExit, fileNetwork, loadData, loadSpec, type LoadedSpec } from './load';
import { USAGE, UsageError, parseArgs, type CliArgs } from './args';
import { runExport } from './export';
import { runImport } from './import';
import { runAnswer } from './answer';

export { formatProblem } from './load';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (live progress bar) or not (plain lines). */
  isTTY: boolean;
  /** Folder relative paths are resolved against (default process.cwd()). */
  cwd?: string;
  /** Milliseconds clock for samples/s (default performance.now). */
  now?: () => number;
}

/** Threshold of the gradient check (relative difference per Θ^(l)). */
export const GRADCHECK_THRESHOLD = 1e-7;
/** The gradient check uses at most this many samples and this many entries of each Θ (chosen with the seed). */
export const GRADCHECK_MAX_SAMPLES = 100;
export const GRADCHECK_MAX_ENTRIES = 500;

/** The file's Θ, or the seeded init (the same one `train` starts from) with a note on stderr. */
function network(loaded: LoadedSpec, args: CliArgs, io: CliIO): Network {
  const { spec } = loaded;
  if (!spec.weights) {
    const init = spec.training.init;
    io.stderr(
      `nn-viz: ${args.file} has no "weights"; using the seeded init (${init.name}, seed ${spec.training.seed})\n`,
    );
  }
  return fileNetwork(spec);
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(6));
const pct = (v: number | null): string => (v === null ? '–' : `${(100 * v).toFixed(1)}%`);

function matrixText(rows: number[][]): string {
  const cells = rows.map((r) => r.map((v) => (v >= 0 ? ' ' : '') + v.toExponential(4)));
  return cells.map((r) => '  [' + r.join(' ') + ' ]').join('\n');
}

function runCost(args: CliArgs, io: CliIO): number {
  const loaded = loadSpec(io, args.file);
  const data = loadData(io, args.file, loaded, args.mnistDir);
  const net = network(loaded, args, io);
  const lambda = args.lambda ?? loaded.spec.training.lambda;
  // All samples, no validation split, no dropout.
  const { J, D } = costAndGradient(net, data.X, data.Y, data.m, loaded.spec.loss, lambda);
  const gradients = D.map(toRows);
  if (args.json) {
    io.stdout(JSON.stringify({ cost: J, gradients }) + '\n');
  } else {
    io.stdout(`J(Θ) = ${J} (m = ${data.m}, λ = ${lambda}, ${loaded.spec.loss})\n`);
    gradients.forEach((g, l) => {
      io.stdout(`D^(${l + 1}) = ∂J/∂Θ^(${l + 1}), ${g.length} × ${g[0]?.length ?? 0}:\n${matrixText(g)}\n`);
    });
  }
  return 0;
}

function runPredict(args: CliArgs, io: CliIO): number {
  const loaded = loadSpec(io, args.file);
  const x = args.input ?? [];
  const n = loaded.spec.layers[0].units;
  if (x.length !== n) {
    io.stderr(
      `nn-viz: --input has ${x.length} number${x.length === 1 ? '' : 's'} but layer 1 has s_1 = ${n} units\n`,
    );
    return 2;
  }
  const net = network(loaded, args, io);
  const h = Array.from(predict(net, x));
  const names = classNames(loaded.spec, h.length);
  const best = h.length > 1 ? h.indexOf(Math.max(...h)) : h[0] >= 0.5 ? 1 : 0;
  const predicted = names ? names[best] : null;
  if (args.json) {
    io.stdout(
      JSON.stringify({ input: x, output: h, ...(predicted !== null ? { class: predicted } : {}) }) + '\n',
    );
  } else {
    io.stdout(`h_Θ(x) = [${h.map(String).join(', ')}]${predicted !== null ? `  → ${predicted}` : ''}\n`);
  }
  return 0;
}

/** Class names known from the file alone (no data loading), or null. */
function classNames(spec: NetworkSpec, K: number): string[] | null {
  const d = spec.data;
  if (d.kind === 'labels') return d.classes;
  if (d.kind === 'mnist') return Array.from({ length: 10 }, (_, k) => String(k));
  if (d.kind === 'csv' && d.classes) return d.classes;
  if (d.kind === 'generator' && (d.generator === 'spiral' || d.generator === 'gaussian')) {
    return Array.from({ length: d.classes }, (_, k) => `class ${k + 1}`);
  }
  return K === 1 && d.kind === 'generator' ? ['0', '1'] : null;
}

function runGradcheck(args: CliArgs, io: CliIO): number {
  const loaded = loadSpec(io, args.file);
  const data = loadData(io, args.file, loaded, args.mnistDir);
  const net = network(loaded, args, io);
  const m = Math.min(data.m, GRADCHECK_MAX_SAMPLES);
  if (m < data.m) io.stderr(`nn-viz: checking on the first ${m} of ${data.m} samples\n`);
  const total = net.theta.reduce((a, t) => a + t.data.length, 0);
  const limited = net.theta.some((t) => t.data.length > GRADCHECK_MAX_ENTRIES);
  if (limited)
    io.stderr(`nn-viz: checking at most ${GRADCHECK_MAX_ENTRIES} entries of each Θ (of ${total} in all)\n`);
  const X = data.X.subarray(0, m * data.n);
  const Y = data.Y.subarray(0, m * data.K);
  const result = gradientCheck(net, X, Y, m, loaded.spec.loss, loaded.spec.training.lambda, {
    threshold: GRADCHECK_THRESHOLD,
    maxParametersPerLayer: GRADCHECK_MAX_ENTRIES,
    seed: loaded.spec.training.seed,
  });
  if (args.json) {
    io.stdout(
      JSON.stringify({
        relativeDifference: result.relativeDifference,
        passed: result.passed,
        threshold: result.threshold,
      }) + '\n',
    );
  } else {
    result.relativeDifference.forEach((d, l) => {
      io.stdout(
        `Θ^(${l + 1}): relative difference ${d.toExponential(3)} ${d <= result.threshold ? 'ok' : 'FAIL'}\n`,
      );
    });
    io.stdout(
      result.passed
        ? `gradients agree (all ≤ ${result.threshold})\n`
        : `gradient check FAILED (threshold ${result.threshold})\n`,
    );
  }
  return result.passed ? 0 : 1;
}

function progressBar(done: number, total: number, width = 24): string {
  const filled = total > 0 ? Math.round((width * done) / total) : width;
  return '[' + '#'.repeat(filled) + '-'.repeat(width - filled) + ']';
}

function runTrain(args: CliArgs, io: CliIO): number {
  const loaded = loadSpec(io, args.file);
  const data = loadData(io, args.file, loaded, args.mnistDir);
  const epochs = args.epochs ?? loaded.spec.training.epochs;
  const spec: NetworkSpec = { ...loaded.spec, training: { ...loaded.spec.training, epochs } };
  const trainer = new Trainer(spec, data);
  const now = io.now ?? (() => performance.now());
  const start = now();
  let lastDraw = -Infinity;
  // Plain (non-TTY) progress: about 20 lines per run, plus the first and the last epoch.
  const every = Math.max(1, Math.ceil(epochs / 20));
  let stopped: string | null = null;
  let last: ReturnType<Trainer['runEpoch']> | null = null;
  for (let e = 0; e < epochs; e++) {
    // Exact J and accuracies for every epoch that is shown (all of them with --json); the others skip that pass.
    const shown = args.json
      ? true
      : io.isTTY
        ? now() - lastDraw > 100 || e === epochs - 1
        : e === 0 || (e + 1) % every === 0 || e === epochs - 1;
    const r = trainer.runEpoch({ exact: shown });
    last = r;
    const seconds = (now() - start) / 1000;
    const rate = seconds > 0 ? Math.round((r.epoch * trainer.trainM) / seconds) : 0;
    if (args.json) {
      io.stdout(
        JSON.stringify({
          epoch: r.epoch,
          J: r.J,
          validationJ: r.validationJ,
          accuracy: r.accuracy,
          validationAccuracy: r.validationAccuracy,
          samplesPerSecond: rate,
          stopped: r.stopped,
        }) + '\n',
      );
    } else {
      // An estimated J is shown only when a run diverged in an epoch nobody was to see: then it says so with ≈.
      const line = `epoch ${r.epoch}/${epochs}  J ${r.estimated ? '≈' : '='} ${fmt(r.J)}${r.validationJ !== null ? `  J_cv = ${fmt(r.validationJ)}` : ''}  accuracy ${pct(r.accuracy)}${r.validationAccuracy !== null ? `  validation ${pct(r.validationAccuracy)}` : ''}  ${rate} samples/s`;
      if (io.isTTY) {
        const t = now();
        if (shown || r.stopped) {
          io.stderr(`\r\x1b[2K${progressBar(r.epoch, epochs)} ${line}`);
          lastDraw = t;
        }
      } else if (shown || r.stopped) {
        io.stdout(line + '\n');
      }
    }
    if (r.stopped) {
      stopped = r.stopped;
      if (r.stopped !== 'done') break;
    }
  }
  if (io.isTTY && !args.json) io.stderr('\n');
  if (stopped === 'early-stopping') {
    io.stderr(
      `nn-viz: early stopping after epoch ${trainer.epoch}; Θ from epoch ${trainer.bestEpoch ?? trainer.epoch}\n`,
    );
  }
  if (stopped === 'diverged') {
    io.stderr(
      `nn-viz: training diverged (J(Θ) is not finite) at epoch ${trainer.epoch}; try a smaller learning rate α\n`,
    );
    return 1;
  }
  if (!args.json && last) {
    const acc =
      last.validationAccuracy !== null ? `, validation accuracy ${pct(last.validationAccuracy)}` : '';
    io.stdout(`trained ${trainer.epoch} epochs: J = ${fmt(last.J)}${acc}\n`);
  }
  if (args.out !== null) {
    const out = resolve(io.cwd ?? process.cwd(), args.out);
    writeFileSync(out, setWeights(loaded.text, thetaToRows(trainer.theta)));
    io.stderr(`nn-viz: wrote ${args.out} with the trained weights\n`);
  } else {
    io.stderr('nn-viz: weights not saved (use --out FILE to write them)\n');
  }
  return 0;
}

/** Runs nn-viz with `argv` (without "node cli.js"); returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv[0] === 'export') return runExport(argv.slice(1), io);
  if (argv[0] === 'import') return runImport(argv.slice(1), io);
  if (argv[0] === 'answer') return runAnswer(argv.slice(1), io);
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`nn-viz: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  try {
    switch (args.command) {
      case 'help':
        io.stdout(USAGE);
        return 0;
      case 'cost':
        return runCost(args, io);
      case 'train':
        return runTrain(args, io);
      case 'predict':
        return runPredict(args, io);
      case 'gradcheck':
        return runGradcheck(args, io);
    }
  } catch (e) {
    if (e instanceof CliExit) return e.code;
    io.stderr(`nn-viz: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

/** The IO of the running process. */
export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: process.stderr.isTTY === true,
  };
}

if (require.main === module) {
  try {
    // NN_VIZ_KERNELS=js|wasm|auto: the engine's JavaScript or WebAssembly kernels (src/engine/wasm/select.ts).
    setKernelMode(kernelModeFromEnv(process.env.NN_VIZ_KERNELS));
  } catch (e) {
    process.stderr.write(`nn-viz: ${(e as Error).message}\n`);
    process.exit(2);
  }
  void main(process.argv.slice(2), processIO()).then((code) => {
    process.exitCode = code;
  });
}
