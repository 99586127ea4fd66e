/**
 * The fuzz property: every .nn.json text ends in one of two ways.
 *  - located errors: parseNetwork returns errors, each with a finite offset/length inside the text, line ≥ 1,
 *    column ≥ 1, a non-empty message and a pointer string; or
 *  - a spec from which loadDataset, new Trainer and a few runBatch() calls run without throwing (a DatasetError
 *    with a pointer, e.g. a missing CSV, is accepted too, and must also be locatable in the text).
 * Anything else thrown is a failure ("escaped"), and so is a case slower than `slowMs` ("slow").
 * The same texts go through the command line (`cost FILE --json`) for a sample of cases.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Trainer } from '../../src/engine';
import { DatasetError, loadDataset, parseNetwork, type SpecError } from '../../src/format';
import { main } from '../../src/cli/main';
import { caseArbitrary, makeCase, type BaseText, type FuzzCase } from './generate';
import { nodeDataFiles } from '../../src/format/nodeFiles';

/** Accepted endings of a case. */
export type Outcome = 'located-errors' | 'trained' | 'dataset-error';
/** Failures: an exception escaped, an error without a valid location, or a case over the time bound. */
export type Failure = 'escaped' | 'unlocated' | 'slow' | 'cli';

export interface CaseResult {
  index: number;
  inputClass: string;
  outcome: Outcome | null;
  failure: Failure | null;
  detail: string | null;
  ms: number;
  textLength: number;
}

/** Why a SpecError is not properly located in `text`, or null when it is. */
export function locationProblem(e: SpecError, text: string): string | null {
  const intIn = (v: unknown, min: number, max: number) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  if (!intIn(e.offset, 0, text.length)) return `offset ${e.offset} outside 0..${text.length}`;
  if (!intIn(e.length, 0, text.length - e.offset))
    return `length ${e.length} at offset ${e.offset} leaves the text`;
  if (!intIn(e.line, 1, Number.MAX_SAFE_INTEGER)) return `line ${e.line}`;
  if (!intIn(e.column, 1, Number.MAX_SAFE_INTEGER)) return `column ${e.column}`;
  if (typeof e.message !== 'string' || e.message.trim() === '') return 'empty message';
  if (typeof e.pointer !== 'string' || (e.pointer !== '' && !e.pointer.startsWith('/')))
    return `pointer ${JSON.stringify(e.pointer)}`;
  if (e.severity !== 'error' && e.severity !== 'warning') return `severity ${String(e.severity)}`;
  return null;
}

/** Batches run per trained case. */
export const BATCHES_PER_CASE = 3;

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}\n${e.stack ?? ''}`;
  return String(e);
}

/** Runs one text through parse → loadDataset → Trainer → runBatch(). Never throws. */
export function runText(text: string, baseDir: string): Pick<CaseResult, 'outcome' | 'failure' | 'detail'> {
  let parsed;
  try {
    parsed = parseNetwork(text);
  } catch (e) {
    return { outcome: null, failure: 'escaped', detail: `parseNetwork threw ${describe(e)}` };
  }
  if (!parsed.ok) {
    if (parsed.errors.length === 0)
      return { outcome: null, failure: 'unlocated', detail: 'no errors listed' };
    for (const e of parsed.errors) {
      const p = locationProblem(e, text);
      if (p)
        return { outcome: null, failure: 'unlocated', detail: `${p}: ${JSON.stringify(e).slice(0, 300)}` };
    }
    if (!parsed.errors.some((e) => e.severity === 'error'))
      return { outcome: null, failure: 'unlocated', detail: 'not ok but no error severity' };
    return { outcome: 'located-errors', failure: null, detail: null };
  }
  for (const w of parsed.warnings) {
    const p = locationProblem(w, text);
    if (p) return { outcome: null, failure: 'unlocated', detail: `warning: ${p}` };
  }
  let stage = 'loadDataset';
  try {
    const data = loadDataset(parsed.spec, nodeDataFiles(baseDir));
    stage = 'new Trainer';
    const trainer = new Trainer(parsed.spec, data);
    stage = 'runBatch';
    for (let b = 0; b < BATCHES_PER_CASE; b++) trainer.runBatch();
    return { outcome: 'trained', failure: null, detail: null };
  } catch (e) {
    if (e instanceof DatasetError && stage === 'loadDataset') {
      if (typeof e.pointer !== 'string' || (e.pointer !== '' && !e.pointer.startsWith('/')))
        return {
          outcome: null,
          failure: 'unlocated',
          detail: `DatasetError pointer ${JSON.stringify(e.pointer)}`,
        };
      const located = e.toSpecError(text);
      const p = locationProblem(located, text);
      if (p) return { outcome: null, failure: 'unlocated', detail: `DatasetError.toSpecError: ${p}` };
      return { outcome: 'dataset-error', failure: null, detail: e.message.slice(0, 200) };
    }
    return { outcome: null, failure: 'escaped', detail: `${stage} threw ${describe(e)}` };
  }
}

/** `cost FILE --json` through main(): exit 2 with FILE:LINE:COL lines, or 0 with JSON. Returns a problem or null. */
export async function checkCli(
  shownAs: string,
  cwd: string,
): Promise<{ code: number | null; problem: string | null }> {
  let stdout = '';
  let stderr = '';
  let code: number;
  try {
    code = await main(['cost', shownAs, '--json'], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      isTTY: false,
      cwd,
    });
  } catch (e) {
    return { code: null, problem: `main threw ${describe(e)}` };
  }
  const fail = (problem: string) => ({ code, problem });
  if (/^ {4}at /m.test(stderr) || /^ {4}at /m.test(stdout))
    return fail(`stack trace printed (exit ${code}): ${stderr.slice(0, 400)}`);
  if (code === 2) {
    const escaped = shownAs.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const located = new RegExp(`^${escaped}:\\d+:\\d+: error: \\S`, 'm');
    if (!located.test(stderr))
      return fail(`exit 2 without a ${shownAs}:LINE:COL: error: line: ${stderr.slice(0, 400)}`);
    return { code, problem: null };
  }
  if (code === 0) {
    try {
      const out = JSON.parse(stdout) as { cost?: unknown; gradients?: unknown };
      if (!('cost' in out) || !Array.isArray(out.gradients))
        return fail('exit 0 but JSON without cost/gradients');
    } catch {
      return fail(`exit 0 but stdout is not JSON: ${stdout.slice(0, 200)}`);
    }
    return { code, problem: null };
  }
  return fail(`exit ${code}: ${stderr.slice(0, 400)}`);
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /** The examples (mutation bases). */
  bases: BaseText[];
  /** Folder of the fuzzed file (fixture CSVs are here). */
  baseDir: string;
  /** A case slower than this is a failure "slow" (its input is saved). Default 5000. */
  slowMs?: number;
  /** Also run `cost FILE --json` through main() for every n-th case (0 = never). */
  cliEvery?: number;
  /** Where slow and failing inputs are saved (fuzz-slow-*.json, fuzz-failure-*.json); null = not saved. */
  saveDir: string | null;
  onCase?: (r: CaseResult) => void;
  now?: () => number;
}

export interface FuzzReport {
  seed: number;
  count: number;
  slowMs: number;
  batchesPerCase: number;
  outcomes: Record<Outcome, number>;
  failures: Record<Failure, number>;
  /** Outcomes per input class (the class without its "of <base>" suffix). */
  byClass: Record<string, Record<string, number>>;
  cli: { cases: number; exit0: number; exit2: number; problems: number };
  slowest: { index: number; inputClass: string; ms: number; textLength: number; outcome: string } | null;
  failed: CaseResult[];
  totalMs: number;
}

function save(dir: string | null, name: string, c: FuzzCase, r: CaseResult, seed: number): void {
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, name),
    JSON.stringify({
      reproduce: `npm run fuzz -- --seed ${seed} --from ${r.index} --count 1`,
      seed,
      index: r.index,
      inputClass: c.inputClass,
      failure: r.failure,
      detail: r.detail,
      ms: r.ms,
      text: c.text,
      bytesBase64: c.bytes ? Buffer.from(c.bytes).toString('base64') : null,
    }),
  );
}

/** Runs cases `from` … `from + count − 1` of the run with `seed`. */
export async function runFuzz(opts: FuzzOptions & { from?: number }): Promise<FuzzReport> {
  const now = opts.now ?? (() => performance.now());
  const slowMs = opts.slowMs ?? 5000;
  const arb = caseArbitrary(opts.bases);
  const report: FuzzReport = {
    seed: opts.seed,
    count: 0,
    slowMs,
    batchesPerCase: BATCHES_PER_CASE,
    outcomes: { 'located-errors': 0, trained: 0, 'dataset-error': 0 },
    failures: { escaped: 0, unlocated: 0, slow: 0, cli: 0 },
    byClass: {},
    cli: { cases: 0, exit0: 0, exit2: 0, problems: 0 },
    slowest: null,
    failed: [],
    totalMs: 0,
  };
  const start = now();
  const from = opts.from ?? 0;
  for (let index = from; index < from + opts.count; index++) {
    const c = makeCase(arb, opts.seed, index);
    const t0 = now();
    const r0 = runText(c.text, opts.baseDir);
    const ms = now() - t0;
    const r: CaseResult = { index, inputClass: c.inputClass, ...r0, ms, textLength: c.text.length };
    if (r.failure === null && ms > slowMs) {
      r.failure = 'slow';
      r.detail = `${ms.toFixed(0)} ms (bound ${slowMs} ms) after outcome ${r.outcome}`;
    }
    if (opts.cliEvery && index % opts.cliEvery === 0) {
      const shownAs = `case-${index}.nn.json`;
      const file = join(opts.baseDir, shownAs);
      writeFileSync(file, c.bytes ?? c.text);
      const { code, problem } = await checkCli(shownAs, opts.baseDir);
      report.cli.cases++;
      if (code === 0) report.cli.exit0++;
      if (code === 2) report.cli.exit2++;
      if (problem) {
        report.cli.problems++;
        if (r.failure === null) {
          r.failure = 'cli';
          r.detail = problem;
        }
      }
    }
    report.count++;
    if (r.outcome) report.outcomes[r.outcome]++;
    if (r.failure) {
      report.failures[r.failure]++;
      if (report.failed.length < 100) report.failed.push(r);
      save(
        opts.saveDir,
        `fuzz-${r.failure === 'slow' ? 'slow' : 'failure'}-${opts.seed}-${index}.json`,
        c,
        r,
        opts.seed,
      );
    }
    const cls = c.inputClass.replace(/ of [\s\S]*$/, '').replace(/^(mutation:[^:+]+)[\s\S]*$/, '$1');
    const key = r.failure ?? r.outcome ?? 'unknown';
    report.byClass[cls] ??= {};
    report.byClass[cls][key] = (report.byClass[cls][key] ?? 0) + 1;
    if (!report.slowest || ms > report.slowest.ms) {
      report.slowest = { index, inputClass: c.inputClass, ms, textLength: c.text.length, outcome: key };
    }
    opts.onCase?.(r);
  }
  report.totalMs = now() - start;
  return report;
}
