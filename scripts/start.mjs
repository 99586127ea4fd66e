// `npm start`: builds, then opens examples/ in VS Code with the extension loaded from this folder.
//   - desktop VS Code when `code` is on PATH:  code --extensionDevelopmentPath=ROOT ROOT/examples
//   - otherwise code-server on 127.0.0.1:8080 (or the next free port), and prints the URL to open; that URL carries the
//     extensionDevelopmentPath, so the window it opens is an Extension Development Host running this folder's dist/.
//
// Usage: node scripts/start.mjs [--port N] [--watch] [--no-desktop]
//   --watch       also rebuild on change (then run "Developer: Reload Window" in VS Code to load the new build)
//   --no-desktop  use code-server even when `code` is on PATH
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  QUIET_SETTINGS,
  ROOT,
  ensureCodeServer,
  freePort,
  killTree,
  portInUse,
  run,
  startCodeServer,
  workbenchUrl,
} from './lib/code-server.mjs';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string' },
    watch: { type: 'boolean', default: false },
    'no-desktop': { type: 'boolean', default: false },
  },
});

const examples = join(ROOT, 'examples');
run(process.execPath, [join(ROOT, 'scripts', 'build.mjs')]);
if (!existsSync(join(ROOT, 'dist', 'extension.js'))) {
  console.error('dist/extension.js was not built: src/host/extension.ts is missing');
  process.exit(1);
}

const children = [];
if (opts.watch) {
  children.push(
    spawn(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--watch'], { stdio: 'inherit' }),
  );
}

const hasCode =
  !opts['no-desktop'] && spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  console.log(`opening ${examples} in VS Code with the extension from ${ROOT}`);
  const r = spawnSync('code', [`--extensionDevelopmentPath=${ROOT}`, examples], { stdio: 'inherit' });
  if (!opts.watch) process.exit(r.status ?? 1);
  console.log('rebuilding on change; press Ctrl+C to stop');
} else {
  const entry = ensureCodeServer();
  let port = Number(opts.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error(`--port must be a TCP port number, got "${opts.port ?? process.env.PORT}"`);
    process.exit(2);
  }
  if (await portInUse(port)) {
    const requested = port;
    port = await freePort();
    console.log(`port ${requested} is taken; using ${port}`);
  }
  // Kept between runs, so settings and UI state persist.
  const state = join(process.env.NN_VIZ_CACHE ?? join(homedir(), '.cache', 'nn-viz'), 'start');
  const userDataDir = join(state, 'user-data');
  const extensionsDir = join(state, 'extensions');
  const configFile = join(state, 'code-server-config.yaml');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(configFile, '');
  const settings = join(userDataDir, 'User', 'settings.json');
  if (!existsSync(settings)) writeFileSync(settings, JSON.stringify(QUIET_SETTINGS, null, 2));

  const server = await startCodeServer({
    entry,
    port,
    userDataDir,
    extensionsDir,
    configFile,
    folder: examples,
  });
  const url = workbenchUrl({ port, folder: examples, extensionDevelopmentPath: ROOT });
  console.log('\ncode-server is running with the Neural Network Visualizer loaded from this folder. Open:\n');
  console.log(`  ${url}\n`);
  console.log('(the window title starts with "[Extension Development Host]"). Press Ctrl+C to stop.');
  server.child.on('exit', (code) => {
    if (stopping) return;
    console.log(`code-server exited (${code})`);
    process.exit(code ?? 1);
  });
  children.push({ pid: server.child.pid, stopTree: true });
}

let stopping = false;
async function stop() {
  stopping = true;
  for (const c of children) {
    if (c.stopTree) await killTree(c.pid);
    else c.kill('SIGTERM');
  }
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
