/**
 * The extension-host side of the integration tests: VS Code loads this module as `extensionTestsPath` and calls run().
 *
 * It runs every compiled suite file `suite/**\/*.test.js` next to it with mocha, mirrors a spec-style report to the console
 * and to a log file, and writes a results file the runner outside VS Code waits for. Adding a suite = adding a file
 * test/vscode/suite/NAME.test.ts.
 *
 * Environment (set on the code-server / VS Code process, inherited by the extension host):
 *   NN_VIZ_TEST_RESULTS    path of the results JSON (written when the run starts and when it ends)
 *   NN_VIZ_TEST_LOG        path of the mirrored report (appended line by line)
 *   NN_VIZ_TEST_GREP       only run tests whose full title matches this regular expression
 *   NN_VIZ_TEST_SUITE_DIR  run the *.test.js files of this folder instead of suite/
 *   NN_VIZ_TEST_ACK        after the run, wait (up to 20 s) until this file exists before returning: VS Code ends the
 *                          extension host when run() settles, and the runner wants a screenshot of the live window first
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** One test outcome in the results file. */
export interface TestOutcome {
  title: string;
  fullTitle: string;
  file: string | null;
  durationMs: number | null;
  error: string | null;
  stack: string | null;
}

/** The results file, read by test/vscode/run-code-server.mjs. */
export interface ResultsFile {
  done: boolean;
  startedAt: string;
  finishedAt: string | null;
  files: string[];
  passes: TestOutcome[];
  failures: TestOutcome[];
  pending: TestOutcome[];
  /** A problem that stopped the run before or outside mocha's tests (e.g. a suite file that does not load). */
  fatal: string | null;
}

const {
  EVENT_SUITE_BEGIN,
  EVENT_SUITE_END,
  EVENT_TEST_PASS,
  EVENT_TEST_FAIL,
  EVENT_TEST_PENDING,
  EVENT_RUN_END,
} = Mocha.Runner.constants;

/** The compiled suite files under `dir`, sorted so runs are repeatable. */
export function findSuiteFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

function outcome(test: Mocha.Runnable, err?: Error): TestOutcome {
  return {
    title: test.title,
    fullTitle: test.fullTitle(),
    file: test.file ?? null,
    durationMs: test.duration ?? null,
    error: err ? `${err.name}: ${err.message}` : null,
    stack: err?.stack ?? null,
  };
}

/** Writes lines to the console (the extension host forwards it to the window's dev tools) and to the log file. */
class Mirror {
  constructor(private readonly file: string | undefined) {
    if (file) fs.mkdirSync(path.dirname(file), { recursive: true });
  }
  line(text: string): void {
    console.log(text);
    if (this.file) fs.appendFileSync(this.file, text + '\n');
  }
}

class ResultsWriter {
  readonly results: ResultsFile;
  constructor(
    private readonly file: string | undefined,
    files: string[],
  ) {
    this.results = {
      done: false,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      files,
      passes: [],
      failures: [],
      pending: [],
      fatal: null,
    };
    this.write();
  }
  write(): void {
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    // Write then rename, so the reader never sees half a file.
    fs.writeFileSync(this.file + '.tmp', JSON.stringify(this.results, null, 2));
    fs.renameSync(this.file + '.tmp', this.file);
  }
  finish(fatal: string | null = null): void {
    this.results.fatal = fatal;
    this.results.done = true;
    this.results.finishedAt = new Date().toISOString();
    this.write();
  }
}

/** Attaches a spec-style report (suite titles indented, ✔ / numbered ✘ per test) and collects the results. */
function report(runner: Mocha.Runner, mirror: Mirror, writer: ResultsWriter): void {
  let depth = 0;
  const indent = (): string => '  '.repeat(depth); // depth 1 = a top-level describe
  runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
    if (suite.root) return;
    depth++;
    mirror.line(`${indent()}${suite.title}`);
  });
  runner.on(EVENT_SUITE_END, (suite: Mocha.Suite) => {
    if (!suite.root) depth--;
  });
  runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
    writer.results.passes.push(outcome(test));
    mirror.line(`${indent()}  ✔ ${test.title} (${test.duration ?? 0} ms)`);
    writer.write();
  });
  runner.on(EVENT_TEST_FAIL, (test: Mocha.Runnable, err: Error) => {
    writer.results.failures.push(outcome(test, err));
    mirror.line(`${indent()}  ${writer.results.failures.length}) ${test.title}`);
    writer.write();
  });
  runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => {
    writer.results.pending.push(outcome(test));
    mirror.line(`${indent()}  - ${test.title} (pending)`);
  });
  runner.on(EVENT_RUN_END, () => {
    const { passes, failures, pending } = writer.results;
    mirror.line('');
    mirror.line(`  ${passes.length} passing`);
    if (pending.length) mirror.line(`  ${pending.length} pending`);
    if (failures.length) mirror.line(`  ${failures.length} failing`);
    failures.forEach((f, i) => {
      mirror.line('');
      mirror.line(`  ${i + 1}) ${f.fullTitle}`);
      mirror.line(`     ${(f.stack ?? f.error ?? '').split('\n').join('\n     ')}`);
    });
  });
}

/** Waits until the runner acknowledges the results (see NN_VIZ_TEST_ACK) or 20 s pass. */
async function waitForAck(): Promise<void> {
  const ack = process.env.NN_VIZ_TEST_ACK;
  if (!ack) return;
  const deadline = Date.now() + 20_000;
  while (!fs.existsSync(ack) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/** Called by VS Code in the extension host. Rejects when a test fails, so desktop runs exit non-zero too. */
export async function run(): Promise<void> {
  const mirror = new Mirror(process.env.NN_VIZ_TEST_LOG);
  const suiteDir = process.env.NN_VIZ_TEST_SUITE_DIR || path.join(__dirname, 'suite');
  const files = findSuiteFiles(suiteDir);
  const writer = new ResultsWriter(process.env.NN_VIZ_TEST_RESULTS, files);

  if (files.length === 0) {
    const message = `no *.test.js files under ${suiteDir} (did the tests compile?)`;
    mirror.line(message);
    writer.finish(message);
    await waitForAck();
    throw new Error(message);
  }

  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: Mocha.reporters.Base });
  const grep = process.env.NN_VIZ_TEST_GREP;
  if (grep) mocha.grep(new RegExp(grep));
  files.forEach((f) => mocha.addFile(f));

  let failures: number;
  try {
    await mocha.loadFilesAsync();
    failures = await new Promise<number>((resolve) => {
      const runner = mocha.run((n) => resolve(n));
      report(runner, mirror, writer);
    });
  } catch (e) {
    const message = `the test run stopped: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
    mirror.line(message);
    writer.finish(message);
    await waitForAck();
    throw e;
  }
  writer.finish();
  await waitForAck();
  if (failures > 0) throw new Error(`${failures} test(s) failed`);
}
