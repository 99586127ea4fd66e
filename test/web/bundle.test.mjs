// The browser bundles (package.json "browser" and its worker) hold no Node built-ins: vscode.dev has none of them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, buildIfNeeded } from '../../scripts/lib/code-server.mjs';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

test('package.json has a browser entry beside main, and supports virtual workspaces', () => {
  assert.equal(manifest.main, './dist/extension.js');
  assert.equal(manifest.browser, './dist/web/extension.js');
  assert.equal(manifest.capabilities.virtualWorkspaces, true);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
});

for (const file of ['dist/web/extension.js', 'dist/web/worker.js', 'dist/web/checker.js']) {
  test(`${file} requires no Node built-in and uses no Node global`, () => {
    buildIfNeeded();
    const code = readFileSync(join(ROOT, file), 'utf8');
    const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    const node = required.filter((r) => r.startsWith('node:') || builtinModules.includes(r.split('/')[0]));
    assert.deepEqual(node, [], `Node modules required by ${file}`);
    const others = required.filter((r) => r !== 'vscode' && !r.startsWith('ajv/dist/runtime/'));
    assert.deepEqual(
      others,
      [],
      `modules left unbundled in ${file} (ajv's appear only in its generated code)`,
    );
    // A use is the name read as a value (process.env, Buffer.from(…), setImmediate(…)), not a property or a word.
    for (const global of ['process', 'Buffer', '__dirname', '__filename', 'setImmediate', 'clearImmediate'])
      assert.doesNotMatch(code, new RegExp(`(?<![\\w$.'"])${global}\\s*[.([;,)]`), `${file} uses ${global}`);
  });
}
