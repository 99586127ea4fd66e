// Bundles the engine and the data loader (TypeScript sources) into one CommonJS file with esbuild, so the bench
// measures exactly the code in src/ without a separate tsc step. Output: node_modules/.cache/nn-viz-bench/engine.cjs.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** @returns {Promise<Record<string, any>>} the engine's and src/format's exports */
export async function loadEngine() {
  const cache = join(root, 'node_modules', '.cache', 'nn-viz-bench');
  mkdirSync(cache, { recursive: true });
  const outfile = join(cache, 'engine.cjs');
  await esbuild.build({
    stdin: {
      contents:
        "export * from './src/engine/index';\nexport { loadDataset, parseNetwork } from './src/format/index';\nexport { nodeDataFiles, readDataFileBytes } from './src/format/nodeFiles';\nexport { EvaluationBudget } from './src/worker/evaluationBudget';\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    mainFields: ['module', 'main'],
  });
  const require = createRequire(import.meta.url);
  delete require.cache[outfile];
  return require(outfile);
}

/**
 * @tensorflow/tfjs-core with every gradient registered (as the @tensorflow/tfjs package does) and the pure-JavaScript
 * CPU backend, bundled from their ES module builds (tfjs-core's Node build leaves the gradients out).
 * Output: node_modules/.cache/nn-viz-bench/tfjs.cjs.
 */
export async function loadTfjs() {
  const cache = join(root, 'node_modules', '.cache', 'nn-viz-bench');
  mkdirSync(cache, { recursive: true });
  const outfile = join(cache, 'tfjs.cjs');
  await esbuild.build({
    stdin: {
      contents: [
        "export * from '@tensorflow/tfjs-core';",
        "import '@tensorflow/tfjs-core/dist/register_all_gradients';",
        "import '@tensorflow/tfjs-backend-cpu';",
      ].join('\n'),
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'error',
    mainFields: ['module', 'main'],
  });
  const require = createRequire(import.meta.url);
  return require(outfile);
}

/**
 * The training worker, bundled exactly as scripts/build.mjs bundles dist/worker.js (same entry, platform, format and
 * target) but into node_modules/.cache/nn-viz-bench/worker.js, so the bench never races another build writing dist/.
 */
export async function buildWorker() {
  const outfile = join(root, 'node_modules', '.cache', 'nn-viz-bench', 'worker.js');
  mkdirSync(dirname(outfile), { recursive: true });
  await esbuild.build({
    entryPoints: [join(root, 'src', 'worker', 'worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    absWorkingDir: root,
    mainFields: ['module', 'main'],
  });
  return outfile;
}
