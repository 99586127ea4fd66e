// `npm run test:vscode`: runs the mocha suites of test/vscode/suite inside a real VS Code extension host (code-server
// 4.100.3 = VS Code 1.100.3, driven by headless Chromium), prints the results and ends with a line "N passed, N failed".
//
// Usage: node test/vscode/run-code-server.mjs [--grep REGEX] [--timeout SECONDS] [--keep] [--no-build]
//                                             [--extension DIR] [--suite-dir DIR]
//   --grep REGEX      only tests whose full title matches
//   --timeout S       give up after S seconds (default 900, env NN_VIZ_TEST_TIMEOUT)
//   --keep            keep the temporary user-data/extensions/workspace folder (kept anyway when something fails)
//   --no-build        do not rebuild dist/ or recompile the tests
//   --extension DIR   load this extension instead of the repository (used to prove the harness)
//   --suite-dir DIR   run the *.test.js files of DIR instead of out/test/vscode/suite
// Writes test-results/vscode-final.png (the window at the end), vscode-report.log, vscode-results.json,
// vscode-code-server.log and vscode-console.log.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ROOT,
  RESULTS_DIR,
  buildIfNeeded,
  ensureCodeServer,
  freePort,
  launchChromium,
  log,
  makeSandbox,
  removeQuietly,
  run,
  startCodeServer,
  workbenchUrl,
} from '../../scripts/lib/code-server.mjs';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    timeout: { type: 'string', default: process.env.NN_VIZ_TEST_TIMEOUT ?? '900' },
    keep: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    extension: { type: 'string' },
    'suite-dir': { type: 'string' },
  },
});

const timeoutMs = Number(opts.timeout) * 1000;
if (!(timeoutMs > 0))
  throw new Error(`--timeout must be a positive number of seconds, got "${opts.timeout}"`);
const extensionPath = resolve(opts.extension ?? ROOT);
const testsEntry = join(ROOT, 'out', 'test', 'vscode', 'index.js');
// What this run keeps in test-results/. While it runs, the files live in its own temporary folder (so runs at the same
// time do not mix their results) and are copied here at the end.
const published = [
  'vscode-results.json',
  'vscode-report.log',
  'vscode-code-server.log',
  'vscode-console.log',
];
const screenshot = join(RESULTS_DIR, 'vscode-final.png');
/** The run's live files, in its temporary folder. */
let files = null;

function liveFiles(dir) {
  return {
    results: join(dir, 'vscode-results.json'),
    report: join(dir, 'vscode-report.log'),
    server: join(dir, 'vscode-code-server.log'),
    console: join(dir, 'vscode-console.log'),
    ack: join(dir, 'vscode-results.ack'),
  };
}

function publish() {
  if (!files) return;
  for (const name of published) {
    const from = join(dirname(files.results), name);
    if (existsSync(from)) copyFileSync(from, join(RESULTS_DIR, name));
  }
}

/** Everything to end on exit, last started first. */
const cleanups = [];
let sandbox;

async function cleanup() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch (e) {
      log(`cleanup: ${e.message}`);
    }
  }
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    log(`${sig}: stopping code-server and Chromium`);
    await cleanup();
    process.exit(130);
  });
}

function readResults() {
  if (!files) return null;
  try {
    return JSON.parse(readFileSync(files.results, 'utf8'));
  } catch {
    return null; // not written yet
  }
}

/** Prints the report lines appended since the last call. */
function makeTail(file) {
  let printed = 0;
  return () => {
    if (!existsSync(file)) return;
    const text = readFileSync(file, 'utf8');
    if (text.length > printed) {
      process.stdout.write(text.slice(printed));
      printed = text.length;
    }
  };
}

async function main() {
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (const name of [...published, 'vscode-final.png']) rmSync(join(RESULTS_DIR, name), { force: true });

  if (!opts['no-build']) {
    if (extensionPath === ROOT) buildIfNeeded();
    // Compiled suites of deleted or renamed sources would still run: start from an empty out/test/vscode.
    rmSync(join(ROOT, 'out', 'test', 'vscode'), { recursive: true, force: true });
    log('compiling the tests: tsc -p tsconfig.vscode-test.json');
    run(process.execPath, [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      'tsconfig.vscode-test.json',
    ]);
  }
  if (!existsSync(testsEntry)) throw new Error(`${testsEntry} is missing: the tests did not compile`);
  if (!existsSync(join(extensionPath, 'package.json'))) throw new Error(`no extension at ${extensionPath}`);
  if (extensionPath === ROOT && !existsSync(join(ROOT, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing after the build: does src/host/extension.ts exist?');
  }

  const entry = ensureCodeServer();
  sandbox = makeSandbox('nn-viz-vscode-test');
  files = liveFiles(sandbox.base);
  const port = await freePort();
  const env = {
    NN_VIZ_TEST_RESULTS: files.results,
    // Where suites save what they measure (event-loop lag, fault outcomes) for review.
    NN_VIZ_TEST_ARTIFACTS: RESULTS_DIR,
    NN_VIZ_TEST_LOG: files.report,
    NN_VIZ_TEST_ACK: files.ack,
    ...(opts.grep ? { NN_VIZ_TEST_GREP: opts.grep } : {}),
    ...(opts['suite-dir'] ? { NN_VIZ_TEST_SUITE_DIR: resolve(opts['suite-dir']) } : {}),
  };
  log(`starting code-server on 127.0.0.1:${port} (workspace ${sandbox.workspace})`);
  const server = await startCodeServer({
    entry,
    port,
    ...sandbox,
    folder: sandbox.workspace,
    env,
    logFile: files.server,
  });
  cleanups.push(() => server.stop());

  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  cleanups.push(() => writeFileSync(files.console, consoleLines.join('\n') + '\n'));

  const url = workbenchUrl({
    port,
    folder: sandbox.workspace,
    extensionDevelopmentPath: extensionPath,
    extensionTestsPath: testsEntry,
  });
  log(`opening ${url}`);
  await page.goto(url);

  const tail = makeTail(files.report);
  const deadline = Date.now() + timeoutMs;
  let results = null;
  let started = false;
  while (Date.now() < deadline) {
    tail();
    results = readResults();
    if (results && !started) {
      started = true;
      log(`extension host started the tests (${results.files.length} suite files)`);
    }
    if (results?.done) break;
    if (server.exited())
      throw new Error('code-server exited during the run; see test-results/vscode-code-server.log');
    await sleep(250);
  }
  tail();
  await sleep(500); // let the workbench paint the last state
  await page.screenshot({ path: screenshot }).catch((e) => log(`screenshot failed: ${e.message}`));
  writeFileSync(files.ack, 'screenshot taken\n'); // lets run() return, after which VS Code ends the extension host

  if (!results?.done) {
    const what = started ? 'the tests did not finish' : 'the extension host never started the tests';
    const hints = consoleLines.filter((l) => /error|fail|activat/i.test(l)).slice(-15);
    throw new Error(
      `timed out after ${timeoutMs / 1000} s: ${what}.\n` +
        `Browser console (errors, last 15):\n  ${hints.join('\n  ') || '(none)'}\n` +
        `See test-results/vscode-code-server.log, test-results/vscode-console.log and the extension host log ` +
        `under ${sandbox.userDataDir}/logs`,
    );
  }
  return results;
}

let exitCode = 1;
try {
  const results = await main();
  const { passes, failures, pending, fatal } = results;
  if (fatal) console.log(`\nfatal: ${fatal}`);
  if (failures.length) {
    console.log('\nFailures:');
    failures.forEach((f, i) =>
      console.log(`  ${i + 1}) ${f.fullTitle}\n     ${f.error.split('\n').join('\n     ')}`),
    );
  }
  console.log(`\nscreenshot: ${screenshot}`);
  if (pending.length) console.log(`${pending.length} pending`);
  const failed = failures.length + (fatal && failures.length === 0 ? 1 : 0);
  console.log(`${passes.length} passed, ${failed} failed`);
  exitCode = failed === 0 && passes.length > 0 ? 0 : 1;
  if (passes.length === 0 && failed === 0) console.log('no test ran: that counts as a failure');
} catch (e) {
  console.log(`\nERROR: ${e.message}`);
  const results = readResults();
  console.log(
    `${results?.passes?.length ?? 0} passed, ${Math.max(1, results?.failures?.length ?? 0)} failed`,
  );
} finally {
  await cleanup();
  publish();
  if (sandbox) {
    if (exitCode === 0 && !opts.keep) removeQuietly(sandbox.base);
    else log(`kept the run's folders in ${sandbox.base}`);
  }
}
process.exit(exitCode);
