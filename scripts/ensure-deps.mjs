// Installs the npm dependencies when they are missing or older than package-lock.json, so that `npm start` and
// `npm test` work on a fresh clone. Uses only Node's own modules (it runs before anything is installed).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');

const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  console.log('[setup] installing npm dependencies: npm ci');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // onnxruntime-node's CPU binary ships in the package; its install script would download CUDA libraries (npm 11
  // skips it through "allowScripts"; the variable makes older npm skip it too).
  const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' };
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`[setup] npm ci failed (exit ${r.status ?? r.signal}); run it by hand to see why.`);
    process.exit(1);
  }
}

// Prerequisites npm cannot install: Debian's PyTorch 1.13 and ONNX for /usr/bin/python3, which the export/import
// parity tests run (`npm test` installs them with apt-get when run as root, like chromium).
if (spawnSync('/usr/bin/python3', ['-c', 'import torch, onnx'], { stdio: 'ignore' }).status !== 0) {
  console.log(
    '[setup] note: the PyTorch and ONNX parity tests need python3-torch and python3-onnx: sudo apt-get install -y python3-torch python3-onnx',
  );
}
