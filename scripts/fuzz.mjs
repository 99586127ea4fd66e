// npm run fuzz -- [--seed N] [--count N] [--from N] [--cli-every N] [--slow-ms N] [--out DIR]
// Bundles test/fuzz/run.ts (the same code the unit test test/unit/hardening/fuzz.test.ts runs) and runs it.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'out', 'fuzz', 'run.cjs');
await esbuild.build({
  entryPoints: [join(root, 'test', 'fuzz', 'run.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  absWorkingDir: root,
  // As in scripts/build.mjs: jsonc-parser's UMD build cannot be bundled.
  mainFields: ['module', 'main'],
});
const { runCli } = createRequire(import.meta.url)(outfile);
process.exitCode = await runCli(process.argv.slice(2), root);
