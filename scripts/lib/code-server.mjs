// Starting code-server and headless Chromium: a dev tool (not shipped) shared by `npm start` (scripts/start.mjs), the
// README capture, the extension-host test runner (test/vscode/run-code-server.mjs) and the e2e and web harnesses.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.NN_VIZ_CHROMIUM ?? '/usr/bin/chromium';
export const RESULTS_DIR = join(ROOT, 'test-results');

/** Chromium flags needed on a root, GPU-less, offline machine. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/** User settings that keep a fresh VS Code quiet: no welcome page, no trust prompt, no update or telemetry traffic. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
};

/** Prints a progress line on stderr, so stdout stays the test report. */
export function log(...parts) {
  console.error('[code-server]', ...parts);
}

/** Runs scripts/install-code-server.sh (a no-op when the cached install is complete) and returns the entry script. */
export function ensureCodeServer() {
  const script = join(ROOT, 'scripts', 'install-code-server.sh');
  const started = Date.now();
  const r = spawnSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) {
    throw new Error(`${script} failed (exit ${r.status ?? r.signal}); see its messages above`);
  }
  const entry = r.stdout.trim().split('\n').pop() ?? '';
  if (!existsSync(entry)) throw new Error(`${script} printed "${entry}", which does not exist`);
  const seconds = (Date.now() - started) / 1000;
  if (seconds > 5) log(`code-server install took ${seconds.toFixed(0)} s`);
  return entry;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** True when something answers on 127.0.0.1:port. */
export function portInUse(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

/**
 * Fresh temporary folders for one run: user data (with quiet settings), extensions, and a copy of examples/ as the
 * workspace. Returns their paths.
 */
export function makeSandbox(prefix, { settings = {} } = {}) {
  const base = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  const workspace = join(base, 'workspace');
  const configFile = join(base, 'code-server-config.yaml'); // empty: nothing read from or written to ~/.config
  writeFileSync(configFile, '');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const examples = join(ROOT, 'examples');
  if (existsSync(examples)) cpSync(examples, workspace, { recursive: true });
  else mkdirSync(workspace, { recursive: true });
  // The examples name their schema as "../schemas/nn.schema.json": keep that path valid beside the copy.
  const schemas = join(ROOT, 'schemas');
  if (existsSync(schemas)) cpSync(schemas, join(base, 'schemas'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2),
  );
  return { base, userDataDir, extensionsDir, workspace, configFile };
}

/**
 * Starts code-server and resolves once it answers HTTP. `env` is added to the process environment; the extension host
 * inherits it. Output goes to `logFile` (and is kept in memory for error messages).
 */
export async function startCodeServer({
  entry,
  port,
  userDataDir,
  extensionsDir,
  configFile,
  folder,
  env = {},
  logFile,
}) {
  const args = [
    entry,
    ...(configFile ? ['--config', configFile] : []),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    folder,
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the whole tree can be ended
  });
  let output = '';
  const append = (chunk) => {
    output += chunk;
    if (logFile) writeFileSync(logFile, output);
  };
  child.stdout.setEncoding('utf8').on('data', append);
  child.stderr.setEncoding('utf8').on('data', append);
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      throw new Error(
        `code-server exited (${exited.code ?? exited.signal}) before it listened:\n${output.slice(-3000)}`,
      );
    }
    try {
      const res = await globalThis.fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      killTree(child.pid);
      throw new Error(`code-server did not answer on ${url} within 60 s:\n${output.slice(-3000)}`);
    }
    await sleep(200);
  }
  return {
    child,
    url,
    port,
    output: () => output,
    exited: () => exited,
    stop: () => killTree(child.pid),
  };
}

/**
 * The workbench URL that opens `folder` with the extension at `extensionDevelopmentPath` loaded as under development and,
 * when `extensionTestsPath` is given, runs that module's run() in the extension host. With `web`, the extension runs in
 * the browser's web-worker extension host, as on vscode.dev and github.dev (its package.json "browser" bundle).
 */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath, web = false }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (web) payload.push(['extensionDevelopmentKind', 'web']);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** Launches headless Chromium through playwright-core. */
export async function launchChromium({ headless = true } = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with  apt-get install -y chromium`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless, args: CHROMIUM_ARGS });
}

/** Process ids of `pid` and all its descendants (Linux /proc), children after their parents. */
export function processTree(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // The command name (field 2) may contain spaces and parentheses: fields after the last ')' are fixed.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  const tree = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    tree.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return tree;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ends `pid`, its process group and every descendant: SIGTERM, then SIGKILL for what is left after 3 s. */
export async function killTree(pid) {
  if (!pid) return;
  const pids = existsSync('/proc') ? processTree(pid) : [pid];
  const signal = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // no such group
    }
    for (const p of pids) {
      try {
        process.kill(p, sig);
      } catch {
        // already gone
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && pids.some(alive)) await sleep(100);
  if (pids.some(alive)) signal('SIGKILL');
}

/** Rebuilds dist/ with scripts/build.mjs when a source is newer than dist/extension.js (or it is missing). */
export function buildIfNeeded() {
  const bundle = join(ROOT, 'dist', 'extension.js');
  const builtAt = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  const newer = (dir) => {
    if (!existsSync(dir)) return false;
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs > builtAt)
        return true;
    }
    return false;
  };
  const stale =
    builtAt === 0 ||
    ['src', 'webview', 'media'].some((d) => newer(join(ROOT, d))) ||
    newerFile('package.json', builtAt);
  if (!stale) return;
  log('building: node scripts/build.mjs');
  run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')]);
}

function newerFile(rel, than) {
  const p = join(ROOT, rel);
  return existsSync(p) && statSync(p).mtimeMs > than;
}

/** Runs a command in the repo root with inherited output, throwing on a non-zero exit. */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/** Removes a temporary folder, never failing the run over it. */
export function removeQuietly(dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch (e) {
    log(`could not remove ${dir}: ${e.message}`);
  }
}
