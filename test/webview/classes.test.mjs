// Class names wherever a class is shown (data.classes, 0–9 for digits), the heatmaps' "same scale for all Θ" toggle,
// values that fit their cells, and the digits' hidden-unit images (on by default, enlargeable by click and keyboard).
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

/** The class labels cytoscape draws beside the output units, top to bottom. */
const outputNames = (v) =>
  v.page.evaluate(() =>
    window.__nnviz.cy
      .nodes('.named')
      .toArray()
      .sort((a, b) => a.position().y - b.position().y)
      .map((n) => n.data('cls')),
  );

describe('class names and heatmap scales', () => {
  it('four classes: output units and the last Θ’s rows carry the class names', async () => {
    const v = await openView(env);
    const net = fx.fourClassNet();
    net.dataset = { ...net.dataset, classNames: ['pedestrian', 'car', 'motorcycle', 'truck'] };
    await loadNet(v, net);
    assert.deepEqual(await outputNames(v), ['pedestrian', 'car', 'motorcycle', 'truck']);
    // The graph's bounding box (what fit() frames) includes the labels: they are inside the graph box.
    const inside = await v.page.evaluate(() => {
      const cy = window.__nnviz.cy;
      const bb = cy.nodes('.named').renderedBoundingBox({ includeLabels: true });
      return bb.x2 <= cy.width() + 1 && bb.x1 >= -1;
    });
    assert.ok(inside, 'class labels inside the graph');
    // The heatmap of Θ⁽²⁾ labels its rows with the classes: hover a cell of row 3.
    const c = await v.page.evaluate(() => window.__nnviz.heatmapCell(2, 3, 1));
    await v.page.mouse.move(c.x, c.y);
    const rows = await v.page.evaluate(() => {
      const canvas = document.querySelector('canvas[data-theta="2"]');
      return canvas.getAttribute('aria-label');
    });
    assert.ok(rows.includes('rows'), rows);
    // The row labels are drawn left of the cells: the canvas leaves room for "motorcycle j=3".
    const x0 = await v.page.evaluate(() => {
      const r = document.querySelector('canvas[data-theta="2"]').getBoundingClientRect();
      return window.__nnviz.heatmapCell(2, 1, 0).x - r.left;
    });
    assert.ok(x0 > 70, `room for the class names left of the cells (${x0} px)`);
    await v.screenshot('classes-four', { selector: '.workspace' });
    await assertClean(v);
    await v.close();
  });

  it('digits: outputs labelled 0–9; hidden-unit images on by default, enlarged by click and by keyboard', async () => {
    const v = await openView(env, { width: 1280, height: 1000 });
    await loadNet(v, fx.mnistNet());
    assert.deepEqual(await outputNames(v), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    assert.ok(await v.page.isVisible('[data-testid="unit-images-figure"]'), 'unit images shown by default');
    const tile = await v.page.evaluate(() => document.querySelector('.unit-image canvas').clientWidth);
    assert.ok(tile >= 80, `tiles of at least 80 px (${tile})`);
    await v.page.click('.unit-image >> nth=2');
    await nextFrames(v.page);
    assert.equal(await v.page.evaluate(() => window.__nnviz.enlargedUnit()), 3);
    const big = await v.page.evaluate(() => document.querySelector('.unit-image-big canvas').clientWidth);
    assert.ok(big >= 250, `the enlarged image is large (${big} px)`);
    await v.screenshot('unit-image-enlarged', { selector: '.column.right' });
    await v.page.keyboard.press('Escape');
    await nextFrames(v.page);
    assert.equal(await v.page.evaluate(() => window.__nnviz.enlargedUnit()), null);
    // Keyboard only: focus the fifth tile, Enter.
    await v.page.focus('.unit-image >> nth=4');
    await v.page.keyboard.press('Enter');
    await nextFrames(v.page);
    assert.equal(await v.page.evaluate(() => window.__nnviz.enlargedUnit()), 5);
    await assertClean(v);
    await v.close();
  });

  it('same scale for all Θ: one ±max for every matrix; cell values fit their cells', async () => {
    const v = await openView(env);
    const net = fx.logicNet('xor');
    // Θ⁽¹⁾ with a −10.81 (the widest value in a small heatmap) and Θ⁽²⁾ much smaller.
    const theta = [
      [-10.81, 20, 20, 10, -20, -20],
      [-1, 2, 2],
    ];
    await loadNet(v, net, { frame: { theta } });
    const scales = () => v.page.evaluate(() => window.__nnviz.heatmapMax());
    assert.deepEqual(
      (await scales()).map((f) => f.max),
      [20, 2],
    );
    await v.page.click('vscode-checkbox[data-testid="same-scale"]');
    await nextFrames(v.page);
    assert.deepEqual(
      (await scales()).map((f) => f.max),
      [20, 20],
    );
    assert.equal((await v.page.evaluate(() => window.__nnviz.ui())).sameScale, true);
    // Every value written into a cell fits inside it; −10.81 is written (shortened if need be), not spilled.
    const [first] = await scales();
    assert.equal(first.texts.length, 6, 'a value in every cell of Θ⁽¹⁾');
    for (const t of first.texts) assert.ok(t.width <= first.cell - 4, `“${t.text}” fits its cell`);
    assert.match(first.texts[0].text, /^−10\.?8?1?$|^−11$/);
    await v.screenshot('heatmaps-same-scale', { selector: '.heatmaps' });
    await assertClean(v);
    await v.close();
  });
});
