/**
 * Security checks: the webview's Content Security Policy, data paths that would leave the .nn.json's folder, and
 * that the bundles run no code from the workspace (no eval, new Function, child_process or vm on workspace input).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { contentSecurityPolicy } from '../../../src/host/csp';
import { DatasetError, loadDataset, parseNetwork } from '../../../src/format';
import { nodeDataFiles, resolveDataPath } from '../../../src/format/nodeFiles';

const root = resolve(__dirname, '..', '..', '..', '..');

// ---------------------------------------------------------------- CSP

test('CSP: nothing by default, nonce scripts only, no inline or eval, no network sources', () => {
  const source = 'https://file+.vscode-resource.vscode-cdn.net';
  const nonce = 'abc123XYZ';
  const policy = contentSecurityPolicy(source, nonce);
  const directives = new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name, values] as const;
      }),
  );
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('script-src'), [`'nonce-${nonce}'`]);
  assert.deepEqual(directives.get('connect-src'), ["'none'"]);
  assert.deepEqual(directives.get('object-src'), ["'none'"]);
  assert.deepEqual(directives.get('frame-src'), ["'none'"]);
  assert.deepEqual(directives.get('base-uri'), ["'none'"]);
  assert.doesNotMatch(policy, /'unsafe-eval'/);
  assert.doesNotMatch(policy, /'wasm-unsafe-eval'/);
  assert.doesNotMatch(directives.get('script-src')?.join(' ') ?? '', /'unsafe-inline'/);
  for (const [name, values] of directives) {
    for (const v of values) {
      // The only host allowed is VS Code's own resource origin (the cspSource); no scheme-wide or wildcard sources.
      if (v === source) continue;
      assert.ok(!/^(https?:|wss?:|\*|http:\/\/|https:\/\/)/.test(v) && v !== '*', `${name} allows ${v}`);
      assert.ok(!v.includes('*'), `${name} has a wildcard ${v}`);
    }
  }
  // Scripts: never the resource origin either, only the nonce.
  assert.ok(!(directives.get('script-src') ?? []).includes(source));
});

// ---------------------------------------------------------------- data paths

function withFolder(fn: (dir: string, outside: string) => void): void {
  const base = mkdtempSync(join(tmpdir(), 'nn-sec-'));
  const dir = join(base, 'project');
  const outside = join(base, 'outside');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(dir, 'ok.csv'), 'x1,x2,y\n0,0,0\n1,1,1\n');
  writeFileSync(join(dir, 'sub', 'inner.csv'), 'x1,x2,y\n0,1,1\n');
  writeFileSync(join(outside, 'secret.csv'), 'x1,x2,y\n9,9,1\n');
  try {
    fn(dir, outside);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

function refused(dir: string, path: string, pattern: RegExp): void {
  assert.throws(
    () => resolveDataPath(dir, path, '/data/csv'),
    (e: unknown) => e instanceof DatasetError && e.pointer === '/data/csv' && pattern.test(e.message),
    path,
  );
}

test('CSV paths with "..", absolute paths and symlinks leaving the folder are refused', () => {
  withFolder((dir, outside) => {
    symlinkSync(join(outside, 'secret.csv'), join(dir, 'link.csv'));
    symlinkSync(outside, join(dir, 'linkdir'));
    symlinkSync(join(dir, 'ok.csv'), join(dir, 'inside-link.csv'));
    symlinkSync(join(dir, 'sub'), join(dir, 'subdir-link'));
    symlinkSync(join(dir, 'link.csv'), join(dir, 'chain.csv')); // a link to a link that leaves
    for (const p of [
      '../outside/secret.csv',
      'sub/../../outside/secret.csv',
      '..',
      'sub/..\\..\\x.csv',
      '..\\x.csv',
    ])
      refused(dir, p, /"\.\."/);
    for (const p of [
      join(outside, 'secret.csv'),
      '/etc/passwd',
      'C:\\Windows\\win.ini',
      '\\\\server\\share\\a.csv',
      'c:/a.csv',
    ])
      refused(dir, p, /absolute/);
    refused(dir, 'link.csv', /outside the \.nn\.json's folder tree/);
    refused(dir, 'chain.csv', /outside the \.nn\.json's folder tree/);
    refused(dir, 'linkdir/secret.csv', /outside the \.nn\.json's folder tree/);
    refused(dir, 'missing.csv', /not found/);
    refused(dir, 'sub', /not a file/);
    refused(dir, '.', /not a file|outside/);
    // Inside the tree, links included, is fine.
    assert.equal(resolveDataPath(dir, 'ok.csv', '/data/csv'), join(dir, 'ok.csv'));
    assert.equal(resolveDataPath(dir, 'inside-link.csv', '/data/csv'), join(dir, 'ok.csv'));
    assert.equal(resolveDataPath(dir, 'subdir-link/inner.csv', '/data/csv'), join(dir, 'sub', 'inner.csv'));
    assert.equal(resolveDataPath(dir, 'sub/inner.csv', '/data/csv'), join(dir, 'sub', 'inner.csv'));
  });
});

test('loadDataset refuses a symlink out of the folder, and parseNetwork refuses ".." and absolute paths', () => {
  withFolder((dir, outside) => {
    symlinkSync(join(outside, 'secret.csv'), join(dir, 'link.csv'));
    const text = (csv: string) =>
      JSON.stringify({
        layers: [{ units: 2 }, { units: 1 }],
        data: { csv, targetColumns: ['y'] },
      });
    const viaLink = parseNetwork(text('link.csv'));
    assert.ok(viaLink.ok, 'a symlink looks like a plain relative path to the parser');
    assert.throws(
      () => loadDataset(viaLink.spec, nodeDataFiles(dir)),
      (e: unknown) => e instanceof DatasetError && e.pointer === '/data/csv' && /outside/.test(e.message),
    );
    const inside = parseNetwork(text('ok.csv'));
    assert.ok(inside.ok);
    assert.equal(loadDataset(inside.spec, nodeDataFiles(dir)).m, 2);
    for (const p of ['../outside/secret.csv', join(outside, 'secret.csv')]) {
      const r = parseNetwork(text(p));
      assert.ok(!r.ok, p);
      assert.ok(!r.ok && r.errors.some((e) => e.pointer === '/data/csv' && e.line >= 1), p);
    }
  });
});

// ---------------------------------------------------------------- no code from the workspace

/**
 * Every hit of a dangerous pattern in the host and worker bundles must be listed here with the module it comes from
 * and why it cannot run workspace code.
 */
const ALLOWED: { bundle: string; pattern: string; module: RegExp; why: string }[] = [
  {
    bundle: 'extension.js',
    pattern: 'new Function(',
    module: /^node_modules\/ajv\/dist\/compile\/index\.js$/,
    why:
      'ajv compiles a JSON Schema into a validator with new Function. The only schema ever compiled is the ' +
      "extension's own schemas/nn.schema.json, bundled at build time (src/format/schema.ts: ajv.compile(schemaJson)); " +
      'a .nn.json is only validated, its "$schema" field is never loaded. Checked below: no other compile call in src/.',
  },
  {
    bundle: 'checker.js',
    pattern: 'new Function(',
    module: /^node_modules\/ajv\/dist\/compile\/index\.js$/,
    why:
      'The validation worker (src/check) runs the same schema validation as the host did: it compiles the bundled ' +
      'schema and the item schemas of its long arrays (parts of the same schema), never a schema from a document.',
  },
];

const PATTERNS = ['eval(', 'new Function(', 'child_process', 'vm.runIn', 'require("vm")', "require('vm')"];

/** The module a bundle offset belongs to, from esbuild's "// path" markers of a development build. */
function moduleAt(text: string, offset: number): string | null {
  const before = text.slice(0, offset);
  const re = /^\/\/ ((?:node_modules|src|webview)\/\S+)$/gm;
  let last: string | null = null;
  for (let m = re.exec(before); m; m = re.exec(before)) last = m[1];
  return last;
}

function bundles(): { dir: string; cleanup: () => void } {
  const dist = join(root, 'dist');
  const ready = ['extension.js', 'worker.js', 'checker.js'].every((f) => existsSync(join(dist, f)));
  if (!ready)
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'ignore' });
  const hasMarkers = readFileSync(join(dist, 'extension.js'), 'utf8').includes('\n// src/');
  if (hasMarkers) return { dir: dist, cleanup: () => undefined };
  // A production (minified) build has no module markers: bundle a development copy to attribute the hits.
  const out = mkdtempSync(join(tmpdir(), 'nn-bundle-'));
  const script = `
    const esbuild = require('esbuild');
    const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], absWorkingDir: ${JSON.stringify(root)}, logLevel: 'error' };
    Promise.all([
      esbuild.build({ ...common, entryPoints: ['src/host/extension.ts'], outfile: ${JSON.stringify(join(out, 'extension.js'))}, external: ['vscode'] }),
      esbuild.build({ ...common, entryPoints: ['src/worker/worker.ts'], outfile: ${JSON.stringify(join(out, 'worker.js'))} }),
      esbuild.build({ ...common, entryPoints: ['src/check/node.ts'], outfile: ${JSON.stringify(join(out, 'checker.js'))} }),
    ]).catch((e) => { console.error(e); process.exit(1); });`;
  execFileSync(process.execPath, ['-e', script], { cwd: root, stdio: 'ignore' });
  return { dir: out, cleanup: () => rmSync(out, { recursive: true, force: true }) };
}

test('the host and worker bundles contain no eval, new Function, child_process or vm, except allowlisted dependencies', () => {
  const { dir, cleanup } = bundles();
  try {
    const unexplained: string[] = [];
    const used = new Set<(typeof ALLOWED)[number]>();
    for (const bundle of ['extension.js', 'worker.js', 'checker.js']) {
      const text = readFileSync(join(dir, bundle), 'utf8');
      for (const pattern of PATTERNS) {
        for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + 1)) {
          // `.eval(` of another object (e.g. a method named evaluate) is not the global eval: require a non-word before.
          if (pattern === 'eval(' && /[\w$.]/.test(text[at - 1] ?? '')) continue;
          const module = moduleAt(text, at) ?? '(unknown module)';
          const allowed = ALLOWED.find(
            (a) => a.bundle === bundle && a.pattern === pattern && a.module.test(module),
          );
          if (allowed) used.add(allowed);
          else
            unexplained.push(
              `${bundle}: ${pattern} in ${module}: …${text.slice(Math.max(0, at - 60), at + 60)}…`,
            );
        }
      }
    }
    assert.deepEqual(unexplained, [], 'hits without an allowlist entry');
    // Every allowlist entry still matches something (so the list does not rot into a blanket pass).
    assert.deepEqual(
      ALLOWED.filter((a) => !used.has(a)).map((a) => `${a.bundle} ${a.pattern}`),
      [],
      'allowlist entries that no longer match',
    );
  } finally {
    cleanup();
  }
});

test('ajv compiles only the bundled schema: no other compile call, no Function/eval in src/', () => {
  const hits = execFileSync(
    'grep',
    [
      '-rnE',
      String.raw`\.compile\(|new Ajv|new Function|\beval\(|child_process|node:vm`,
      'src',
      'webview',
      '--include=*.ts',
    ],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter(Boolean);
  assert.deepEqual(
    hits.map((l) => l.replace(/:\d+:/, ':').replace(/\s+/g, ' ').trim()),
    [
      'src/format/schema.ts: ajv = new Ajv({',
      'src/format/schema.ts: if (!compiled) compiled = instance().compile(schemaJson);',
      // Item schemas of long arrays, validated a slice at a time (src/format/slices.ts): parts of the same schema.
      "src/format/schema.ts: if (!v) itemValidators.set(itemSchema, (v = instance().compile({ type: 'array', items: itemSchema })));",
    ],
  );
});
