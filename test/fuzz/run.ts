/**
 * `npm run fuzz -- [--seed N] [--count N] [--from N] [--cli-every N] [--slow-ms N] [--out DIR]`
 * Runs the fuzz cases, prints a summary and writes DIR/fuzz-report.json (default test-results/). Exit 1 on any failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exampleBases, makeFixture } from './fixtures';
import { runFuzz, type FuzzReport } from './harness';

interface Args {
  seed: number;
  count: number;
  from: number;
  cliEvery: number;
  slowMs: number;
  out: string;
}

const USAGE =
  'usage: npm run fuzz -- [--seed N] [--count N (10000)] [--from N (0)] [--cli-every N (25)] [--slow-ms N (5000)] [--out DIR]';

export function parseFuzzArgs(argv: readonly string[], root: string): Args {
  const args: Args = {
    seed: 1,
    count: 10_000,
    from: 0,
    cliEvery: 25,
    slowMs: 5000,
    out: join(root, 'test-results'),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const int = (min: number): number => {
      const n = Number(value);
      if (value === undefined || !Number.isInteger(n) || n < min)
        throw new Error(`${flag} needs a whole number ≥ ${min}\n${USAGE}`);
      i++;
      return n;
    };
    if (flag === '--seed') args.seed = int(-(2 ** 31));
    else if (flag === '--count') args.count = int(1);
    else if (flag === '--from') args.from = int(0);
    else if (flag === '--cli-every') args.cliEvery = int(0);
    else if (flag === '--slow-ms') args.slowMs = int(1);
    else if (flag === '--out') {
      if (value === undefined) throw new Error(`--out needs a folder\n${USAGE}`);
      args.out = resolve(value);
      i++;
    } else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return args;
}

export function summary(r: FuzzReport): string {
  const failures = Object.values(r.failures).reduce((a, b) => a + b, 0);
  const lines = [
    `fuzz: seed ${r.seed}, ${r.count} cases in ${(r.totalMs / 1000).toFixed(1)} s`,
    `  located errors  ${r.outcomes['located-errors']}`,
    `  trained         ${r.outcomes.trained} (${r.batchesPerCase} batches each)`,
    `  dataset errors  ${r.outcomes['dataset-error']} (DatasetError with a pointer)`,
    `  failures        ${failures} (escaped ${r.failures.escaped}, unlocated ${r.failures.unlocated}, slow ${r.failures.slow}, cli ${r.failures.cli})`,
    `  cli (cost --json via main): ${r.cli.cases} cases, exit 0: ${r.cli.exit0}, exit 2: ${r.cli.exit2}, problems: ${r.cli.problems}`,
  ];
  if (r.slowest) {
    lines.push(
      `  slowest case    #${r.slowest.index} ${r.slowest.ms.toFixed(0)} ms (${r.slowest.inputClass}, ${r.slowest.textLength} chars, ${r.slowest.outcome})`,
    );
  }
  for (const f of r.failed.slice(0, 10))
    lines.push(
      `  FAILED #${f.index} ${f.failure} [${f.inputClass}]: ${f.detail?.split('\n').slice(0, 4).join(' | ')}`,
    );
  return lines.join('\n');
}

export async function runCli(argv: readonly string[], root: string): Promise<number> {
  let args: Args;
  try {
    args = parseFuzzArgs(argv, root);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const fixture = makeFixture();
  try {
    let done = 0;
    const report = await runFuzz({
      seed: args.seed,
      count: args.count,
      from: args.from,
      bases: exampleBases(root),
      baseDir: fixture.dir,
      slowMs: args.slowMs,
      cliEvery: args.cliEvery,
      saveDir: args.out,
      onCase: () => {
        done++;
        if (process.stderr.isTTY && done % 100 === 0) process.stderr.write(`\r${done}/${args.count}`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\r');
    mkdirSync(args.out, { recursive: true });
    writeFileSync(join(args.out, 'fuzz-report.json'), JSON.stringify(report, null, 2) + '\n');
    process.stdout.write(summary(report) + `\n  report: ${join(args.out, 'fuzz-report.json')}\n`);
    return Object.values(report.failures).some((n) => n > 0) ? 1 : 0;
  } finally {
    fixture.dispose();
  }
}
