// The decision boundary as a teacher shows it: every data point (also beyond 256), training and validation apart,
// misclassified points marked, a true h = 0.5 contour (not a staircase), class legend and confusion table, readable
// axes. Screenshots into test-results/webview-boundary-*.png.
// Functions passed to page.evaluate run in the browser:
/* global window, document */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as fx from './fixtures.mjs';
import { assertClean, loadNet, nextFrames, openView, setup } from './harness.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

const stats = (v) => v.page.evaluate(() => window.__nnviz.boundary());

/** A 2-input net whose h_Θ(x) = g(4 (x₁ − x₂)) + tiny hidden layer: its h = 0.5 line is the diagonal x₁ = x₂. */
function diagonalNet() {
  const net = fx.logicNet('xor');
  const sizes = [2, 1, 1];
  const acts = ['sigmoid', 'linear', 'sigmoid'];
  const theta = [
    [0, 4, -4],
    [0, 1],
  ];
  return {
    ...net,
    sizes,
    acts,
    theta,
    spec: fx.spec({ name: 'Diagonal', sizes, acts, data: net.spec.data }),
  };
}

describe('decision boundary', () => {
  it('the h = 0.5 contour is interpolated: it lies on the true line, not on cell edges', async () => {
    const v = await openView(env);
    const net = diagonalNet();
    await loadNet(v, net);
    await v.tab('boundary');
    const s = await stats(v);
    assert.ok(s.contour.length >= 50, `a contour of many segments (${s.contour.length})`);
    // Every end of every segment is on x₁ = x₂; a staircase along cell edges would be off by up to half a cell
    // (2 / 100 / 2 = 0.01 of the plane here).
    const worst = Math.max(...s.contour.flatMap(([a, b, c, d]) => [Math.abs(a - b), Math.abs(c - d)]));
    assert.ok(worst < 1e-3, `contour within 1e-3 of x₁ = x₂ (worst ${worst})`);
    // Not made of horizontal and vertical pieces only.
    const diagonal = s.contour.filter(([a, b, c, d]) => Math.abs(c - a) > 1e-9 && Math.abs(d - b) > 1e-9);
    assert.ok(diagonal.length > s.contour.length / 2, 'the segments follow the diagonal');
    await assertClean(v);
    await v.close();
  });

  it('spiral, m = 300: every point drawn, validation apart, misclassified marked, legend and confusion', async () => {
    const v = await openView(env, { width: 1280, height: 1000 });
    const net = fx.spiralNet(300);
    await loadNet(v, net);
    await v.tab('boundary');
    const s = await stats(v);
    assert.equal(s.points, 300, 'all 300 points');
    assert.equal(s.validation, 60, '60 validation points');
    const predicted = (await v.page.evaluate(() => null)) ?? null;
    assert.equal(predicted, null);
    assert.ok(s.misclassified > 0 && s.misclassified < 300, `some misclassified (${s.misclassified})`);
    assert.deepEqual(s.legend, ['arm A', 'arm B']);
    const legend = await v.page.textContent('[data-testid="boundary-legend"]');
    for (const t of ['arm A', 'arm B', 'training', 'validation', 'misclassified', 'h_Θ(x) = 0.5'])
      assert.ok(legend.includes(t), `legend names “${t}”`);
    // The confusion table: training (240) and validation (60) samples, and its misses add up to the crossed points.
    const tables = await v.page.$$eval('[data-testid="confusion"] table', (ts) =>
      ts.map((t) => ({
        caption: t.caption.textContent,
        cells: [...t.tBodies[0].rows].map((r) => [...r.cells].slice(1).map((c) => Number(c.textContent))),
      })),
    );
    assert.equal(tables.length, 2);
    const sum = (cells) => cells.flat().reduce((a, b) => a + b, 0);
    const misses = (cells) => sum(cells) - cells[0][0] - cells[1][1];
    assert.equal(sum(tables[0].cells), 240);
    assert.equal(sum(tables[1].cells), 60);
    assert.equal(misses(tables[0].cells) + misses(tables[1].cells), s.misclassified);
    await v.screenshot('boundary-spiral', { selector: '.column.right' });
    await assertClean(v);
    await v.close();
  });

  it('2,000 points: still every one drawn', async () => {
    const v = await openView(env);
    await loadNet(v, fx.spiralNet(2000));
    await v.tab('boundary');
    assert.equal((await stats(v)).points, 2000);
    await assertClean(v);
    await v.close();
  });

  it('four classes: regions by class with the class names in the legend; axes readable', async () => {
    const v = await openView(env, { width: 1280, height: 1000 });
    await loadNet(v, fx.fourClassNet());
    await v.tab('boundary');
    const s = await stats(v);
    assert.deepEqual(s.legend, ['A', 'B', 'C', 'D']);
    assert.ok(s.contour.length > 20, 'borders between the classes');
    const header = await v.page.$$eval('[data-testid="confusion"] thead th', (th) =>
      th.map((t) => t.textContent),
    );
    assert.deepEqual(header.slice(1), ['A', 'B', 'C', 'D']);
    // The plot's canvas fits its column: nothing cut off at the right.
    const fits = await v.page.evaluate(() => {
      const c = document.querySelector('.boundary-plot').getBoundingClientRect();
      const col = document.querySelector('.column.right').getBoundingClientRect();
      return c.right <= col.right + 0.5 && c.left >= col.left - 0.5;
    });
    assert.ok(fits, 'the plot fits its column');
    await v.screenshot('boundary-four-class', { selector: '.column.right' });
    await assertClean(v);
    await v.close();
  });

  it('narrow panel (400 px): the plot scales down and stays inside the panel', async () => {
    const v = await openView(env, { width: 400, height: 900 });
    await loadNet(v, fx.fourClassNet());
    await v.tab('boundary');
    await nextFrames(v.page);
    const r = await v.page.evaluate(() => {
      const c = document.querySelector('.boundary-plot').getBoundingClientRect();
      return { right: c.right, width: c.width, doc: document.documentElement.clientWidth };
    });
    assert.ok(r.right <= r.doc + 0.5, `plot inside the 400 px panel (${JSON.stringify(r)})`);
    await v.screenshot('boundary-narrow');
    await assertClean(v);
    await v.close();
  });
});
