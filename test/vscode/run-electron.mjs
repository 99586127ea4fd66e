// `npm run test:desktop`: the same suites as `npm run test:vscode`, in desktop VS Code downloaded by @vscode/test-electron.
// Needs access to update.code.visualstudio.com and, on Linux without a display, xvfb (`xvfb-run -a npm run test:desktop`).
// On machines without that access use `npm run test:vscode` (code-server) instead.
//
// Usage: node test/vscode/run-electron.mjs [--grep REGEX] [--version 1.100.3|stable]
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, RESULTS_DIR, buildIfNeeded, run } from '../../scripts/lib/code-server.mjs';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    version: { type: 'string', default: process.env.NN_VIZ_VSCODE_VERSION ?? '1.100.3' },
  },
});

const results = join(RESULTS_DIR, 'desktop-results.json');
const report = join(RESULTS_DIR, 'desktop-report.log');

function summary() {
  try {
    const r = JSON.parse(readFileSync(results, 'utf8'));
    return {
      passed: r.passes.length,
      failed: r.failures.length + (r.fatal && !r.failures.length ? 1 : 0),
      r,
    };
  } catch {
    return null;
  }
}

async function main() {
  const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');
  mkdirSync(RESULTS_DIR, { recursive: true });
  rmSync(results, { force: true });
  rmSync(report, { force: true });

  buildIfNeeded();
  rmSync(join(ROOT, 'out', 'test', 'vscode'), { recursive: true, force: true });
  run(process.execPath, [
    join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    'tsconfig.vscode-test.json',
  ]);

  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({
      version: opts.version,
      cachePath: join(ROOT, '.vscode-test'),
    });
  } catch (e) {
    console.log(
      `\nERROR: could not download VS Code ${opts.version}: ${e.message}\n` +
        'test:desktop needs internet access to https://update.code.visualstudio.com.\n' +
        'Without it, run the same suites in code-server: npm run test:vscode',
    );
    console.log('0 passed, 1 failed');
    return 1;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.error(
      'note: no DISPLAY is set; if VS Code fails to start, run: xvfb-run -a npm run test:desktop',
    );
  }

  const sandbox = mkdtempSync(join(tmpdir(), 'nn-viz-desktop-test-'));
  const workspace = join(sandbox, 'workspace');
  if (existsSync(join(ROOT, 'examples'))) cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  else mkdirSync(workspace, { recursive: true });

  let exitCode = 0;
  try {
    exitCode = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, 'out', 'test', 'vscode', 'index.js'),
      extensionTestsEnv: {
        NN_VIZ_TEST_RESULTS: results,
        NN_VIZ_TEST_LOG: report,
        ...(opts.grep ? { NN_VIZ_TEST_GREP: opts.grep } : {}),
      },
      launchArgs: [
        workspace,
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        join(sandbox, 'user-data'),
        '--extensions-dir',
        join(sandbox, 'extensions'),
      ],
    });
  } catch (e) {
    // runTests rejects when VS Code exits non-zero, which is what a failing test does.
    console.error(`VS Code ended with an error: ${e.message}`);
    exitCode = 1;
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }

  if (existsSync(report)) process.stdout.write(readFileSync(report, 'utf8'));
  const s = summary();
  if (!s) {
    console.log('\nERROR: the tests wrote no results: VS Code did not start the extension host tests');
    console.log('0 passed, 1 failed');
    return 1;
  }
  if (s.r.fatal) console.log(`\nfatal: ${s.r.fatal}`);
  console.log(`${s.passed} passed, ${s.failed} failed`);
  return s.failed === 0 && s.passed > 0 && exitCode === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (e) {
  console.log(`\nERROR: ${e.message}`);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
}
