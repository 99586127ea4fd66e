import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { example, root } from './helpers';

const build = join(root, 'scripts', 'build.mjs');

test(
  'the bundled dist/cli.js runs as a program',
  { skip: !existsSync(build) && 'no scripts/build.mjs' },
  () => {
    const b = spawnSync(process.execPath, [build], { cwd: root, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
    const cli = join(root, 'dist', 'cli.js');
    const r = spawnSync(process.execPath, [cli, 'cost', example('xnor.nn.json'), '--json'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { cost: number; gradients: number[][][] };
    assert.ok(out.cost > 0 && out.cost < 1e-3);
    const bad = spawnSync(process.execPath, [cli, 'cost'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Usage: nn-viz/);
  },
);
