// `npm test`: every check, in order, with a summary table and a closing line "N passed, N failed".
//
// Usage: node scripts/test.mjs [--only prereqs,lint,typecheck,build,unit,webview,vscode,e2e,web]
//
// Suites that report test counts (unit, webview, vscode, e2e) add their counts to the closing line; the other steps
// (prereqs, lint, typecheck, build) count as one check each. Every step runs even after a failure, except that a suite
// which cannot run (the build or the prerequisites it needs failed) is reported as failed with the reason.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SUITES = ['prereqs', 'lint', 'typecheck', 'build', 'unit', 'webview', 'vscode', 'e2e', 'web'];
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const { values: opts } = parseArgs({ options: { only: { type: 'string' } } });
const selected = opts.only ? opts.only.split(',').map((s) => s.trim()) : SUITES;
const unknown = selected.filter((s) => !SUITES.includes(s));
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; choose from ${SUITES.join(', ')}`);
  process.exit(2);
}
// The code-server suites need the prerequisites checked first.
if (['vscode', 'e2e', 'web'].some((s) => selected.includes(s)) && !selected.includes('prereqs'))
  selected.unshift('prereqs');

/** Runs a command with its output shown live and kept for parsing. Resolves with { code, output }. */
function runLive(cmd, args, { timeoutMs = 20 * 60_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    const timer = setTimeout(() => {
      output += `\n[test] ${cmd} ${args.join(' ')} took longer than ${timeoutMs / 60_000} min: stopped\n`;
      child.kill('SIGTERM');
    }, timeoutMs);
    child.stdout.on('data', (b) => {
      output += b;
      process.stdout.write(b);
    });
    child.stderr.on('data', (b) => {
      output += b;
      process.stderr.write(b);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: 127, output: `${output}\n${cmd}: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

/** Test counts from a suite's output: node --test's "ℹ pass N / ℹ fail N", or our runners' "N passed, N failed". */
function parseCounts(output) {
  const ours = [...output.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  if (ours) return { passed: Number(ours[1]), failed: Number(ours[2]) };
  // Strip colour codes first; node --test prints "ℹ pass 12" (spec reporter) or "# pass 12" (tap).
  const plain = output.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
  const pass = [...plain.matchAll(/^[ℹ#] pass (\d+)$/gm)].pop();
  const fail = [...plain.matchAll(/^[ℹ#] fail (\d+)$/gm)].pop();
  if (pass && fail) return { passed: Number(pass[1]), failed: Number(fail[1]) };
  return null;
}

// --- prerequisites -----------------------------------------------------------------------------------------------------

const CODE_SERVER_MARKER = join(
  process.env.NN_VIZ_CACHE ?? join(homedir(), '.cache', 'nn-viz'),
  'code-server-4.100.3',
  '.nn-viz-installed',
);

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Debian packages the code-server suites need that are missing here. */
function missingPackages() {
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (!has('rg')) missing.push('ripgrep');
  if (
    spawnSync('dpkg', ['-s', 'libkrb5-dev'], { stdio: 'ignore' }).status !== 0 &&
    !existsSync('/usr/include/krb5.h')
  ) {
    missing.push('libkrb5-dev');
  }
  // The export/import parity tests run Debian's PyTorch 1.13 and ONNX.
  if (spawnSync('/usr/bin/python3', ['-c', 'import torch, onnx'], { stdio: 'ignore' }).status !== 0)
    missing.push('python3-torch', 'python3-onnx');
  // Building code-server's native modules (only when it is not installed yet).
  if (!existsSync(CODE_SERVER_MARKER)) {
    if (!has('make') || !has('g++')) missing.push('build-essential');
    if (!has('python3')) missing.push('python3');
  }
  return missing;
}

async function prereqs() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20)
    return {
      ok: false,
      why: `Node 20 is required (code-server 4.100.3 runs on it); this is ${process.version}`,
    };
  let missing = missingPackages();
  if (missing.length) {
    const root = process.getuid?.() === 0;
    if (root && has('apt-get')) {
      console.log(`[test] installing missing packages: ${missing.join(' ')}`);
      const update = await runLive('apt-get', ['update']);
      const install =
        update.code === 0
          ? await runLive('apt-get', ['install', '-y', ...missing])
          : { code: update.code, output: update.output };
      if (install.code !== 0) return { ok: false, why: `apt-get could not install ${missing.join(' ')}` };
      missing = missingPackages();
    }
    if (missing.length) {
      return {
        ok: false,
        why: `missing: ${missing.join(' ')}. Install with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
      };
    }
  }
  const install = await runLive('bash', [join(ROOT, 'scripts', 'install-code-server.sh')]);
  if (install.code !== 0) return { ok: false, why: 'scripts/install-code-server.sh failed (see above)' };
  return { ok: true };
}

// --- the run -----------------------------------------------------------------------------------------------------------

const npmScript = {
  lint: 'lint',
  typecheck: 'typecheck',
  build: 'build',
  unit: 'test:unit',
  webview: 'test:webview',
};
npmScript.vscode = 'test:vscode';
npmScript.e2e = 'test:e2e';
npmScript.web = 'test:web';
const needs = { vscode: ['prereqs', 'build'], e2e: ['prereqs', 'build'], web: ['prereqs', 'build'] };

const rows = [];
const status = new Map();
for (const suite of SUITES.filter((s) => selected.includes(s))) {
  console.log(`\n━━━ ${suite} ${'━'.repeat(Math.max(0, 100 - suite.length))}`);
  const started = Date.now();
  const blocked = (needs[suite] ?? []).filter((n) => status.get(n) === false);
  let row;
  if (blocked.length) {
    row = { suite, ok: false, why: `cannot run: ${blocked.join(' and ')} failed` };
    console.log(`[test] ${suite}: ${row.why}`);
  } else if (suite === 'prereqs') {
    row = { suite, ...(await prereqs()) };
    if (row.why) console.log(`[test] prereqs: ${row.why}`);
  } else {
    const { code, output } = await runLive(NPM, ['run', '--silent', npmScript[suite]]);
    const counts = ['unit', 'webview', 'vscode', 'e2e', 'web'].includes(suite) ? parseCounts(output) : null;
    row = { suite, ok: code === 0, counts };
    if (code !== 0) row.why = `npm run ${npmScript[suite]} exited with ${code}`;
    if (counts && counts.failed === 0 && code !== 0) row.why += ' although no test failed';
    if (counts && counts.passed + counts.failed === 0) {
      row.ok = false;
      row.why = 'no tests ran';
    }
  }
  row.seconds = (Date.now() - started) / 1000;
  status.set(suite, row.ok);
  rows.push(row);
}

let passed = 0;
let failed = 0;
console.log('\n suite       result   tests (passed/failed)   time');
console.log(' ' + '─'.repeat(60));
for (const r of rows) {
  const tests = r.counts ? `${r.counts.passed}/${r.counts.failed}` : '—';
  if (r.counts) {
    passed += r.counts.passed;
    failed += r.counts.failed;
    if (!r.ok && r.counts.failed === 0) failed += 1; // failed without a failing test: count the suite itself
  } else if (r.ok) passed += 1;
  else failed += 1;
  const line = ` ${r.suite.padEnd(11)} ${(r.ok ? 'ok' : 'FAILED').padEnd(8)} ${tests.padEnd(23)} ${r.seconds.toFixed(0).padStart(4)} s`;
  console.log(line + (r.why ? `   ${r.why}` : ''));
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(rows.every((r) => r.ok) ? 0 : 1);
