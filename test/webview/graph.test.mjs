// The network graph's overlay canvas: cytoscape keeps the outlines and the hit testing, the overlay paints what a
// streamed frame changes (edge colours and widths, unit fills and values, the input picture, marks). These tests
// check that the overlay follows the viewport, that hover and click still reach cytoscape through it, that frames
// do not restyle cytoscape elements, that an invisible graph catches up when shown, theme changes and PNG export.
// Functions passed to page.evaluate run in the browser:
/* global window, document, Image */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as fx from './fixtures.mjs';
import {
  assertClean,
  closeRgb,
  cssRgb,
  loadNet,
  nextFrames,
  openView,
  overlayPixel,
  paintRecord,
  setup,
} from './harness.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

/** The overlay's colour of a unit (sampled above its label) and the colour its paint record names. */
async function unitColours(v, id) {
  const rec = await paintRecord(v.page, id);
  return { painted: await overlayPixel(v.page, id, 0, -0.4), expected: await cssRgb(v.page, rec.fill), rec };
}

/** Page coordinates of a graph element's rendered centre (or of an edge's midpoint). */
function pagePoint(page, id) {
  return page.evaluate((eleId) => {
    const box = document.querySelector('[data-testid="graph"]').getBoundingClientRect();
    const e = window.__nnviz.cy.$id(eleId);
    const p = e.isEdge() ? e.renderedMidpoint() : e.renderedPosition();
    return { x: box.left + p.x, y: box.top + p.y };
  }, id);
}

async function tooltipText(page) {
  return page.evaluate(() => {
    const t = document.querySelector('.tooltip');
    return t && !t.hidden ? t.textContent : null;
  });
}

describe('network graph overlay', () => {
  it('follows pan and zoom', async () => {
    const v = await openView(env);
    await loadNet(v, fx.logicNet('xor'));
    const before = await unitColours(v, 'n-2-1');
    assert.ok(closeRgb(before.painted, before.expected), `before: ${before.painted} vs ${before.expected}`);
    const start = await v.page.evaluate(() => window.__nnviz.cy.$id('n-2-1').renderedPosition());
    await v.page.evaluate(() => {
      const cy = window.__nnviz.cy;
      cy.zoom({ level: cy.zoom() * 1.4, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
      cy.panBy({ x: -30, y: 20 });
    });
    await nextFrames(v.page);
    const moved = await v.page.evaluate(() => window.__nnviz.cy.$id('n-2-1').renderedPosition());
    assert.ok(Math.hypot(moved.x - start.x, moved.y - start.y) > 20, 'the unit moved on screen');
    const after = await unitColours(v, 'n-2-1');
    assert.ok(
      closeRgb(after.painted, after.expected),
      `after zoom and pan, at ${JSON.stringify(moved)}: ${after.painted} vs ${after.expected}`,
    );
    await assertClean(v);
    await v.close();
  });

  it('hover and click reach the units and edges under the overlay', async () => {
    const v = await openView(env);
    await loadNet(v, fx.logicNet('xor'));
    const unit = await pagePoint(v.page, 'n-2-1');
    await v.page.mouse.move(unit.x, unit.y);
    assert.match(await tooltipText(v.page), /a₁⁽²⁾ — unit 1 of layer 2[\s\S]*z₁⁽²⁾ = /);
    const edge = await pagePoint(v.page, 'e-2-1-1');
    await v.page.mouse.move(edge.x, edge.y);
    assert.match(await tooltipText(v.page), /Θ₁₁⁽²⁾ = −20\nfrom a₁⁽²⁾ to a₁⁽³⁾/);
    const other = await pagePoint(v.page, 'n-2-2');
    await v.page.mouse.click(other.x, other.y);
    await nextFrames(v.page);
    assert.deepEqual((await v.page.evaluate(() => window.__nnviz.ui())).selectedUnit, { layer: 2, unit: 2 });
    assert.ok(await v.page.evaluate(() => window.__nnviz.cy.$id('n-2-2').hasClass('selected')));
    await assertClean(v);
    await v.close();
  });

  it('streamed frames repaint the overlay without restyling cytoscape elements', async () => {
    const v = await openView(env);
    const net = fx.logicNet('xor');
    await loadNet(v, net, { state: 'running' });
    await v.page.evaluate(() => {
      window.__restyled = 0;
      window.__nnviz.cy.on('style data', () => window.__restyled++);
    });
    const fills = new Set();
    for (let k = 1; k <= 8; k++) {
      const theta = net.theta.map((t) => t.map((x) => x * (1 - 0.1 * k)));
      await v.send(fx.frame(net, { frameId: 10 + k, theta, inspected: k % 4, epochs: 20 + k }));
      await v.settle();
      await nextFrames(v.page);
      const c = await unitColours(v, 'n-3-1');
      assert.ok(closeRgb(c.painted, c.expected), `frame ${k}: ${c.painted} vs ${c.expected}`);
      fills.add(c.rec.fill);
    }
    assert.ok(fills.size > 1, 'the output unit changed colour over the frames');
    assert.equal(await v.page.evaluate(() => window.__restyled), 0, 'no cytoscape style or data change');
    await assertClean(v);
    await v.close();
  });

  it('while the graph is not visible frames update its records; it repaints when shown', async () => {
    const v = await openView(env);
    const net = fx.logicNet('xor');
    await loadNet(v, net, { frame: { inspected: 0 } });
    const shown = await unitColours(v, 'n-1-2');
    const snapshot = () => v.page.evaluate(() => document.querySelector('canvas.graph-overlay').toDataURL());
    const picture = await snapshot();
    await v.page.evaluate(
      () => void (document.querySelector('[data-testid="graph"]').style.display = 'none'),
    );
    await v.send(fx.frame(net, { frameId: 50, inspected: 2, epochs: 21 }));
    await v.settle();
    await nextFrames(v.page);
    const fill = (await paintRecord(v.page, 'n-1-2')).fill;
    assert.notDeepEqual(await cssRgb(v.page, fill), shown.expected, 'x₂ of sample 3 differs from sample 1');
    assert.equal(await snapshot(), picture, 'not repainted while hidden');
    await v.page.evaluate(() => void (document.querySelector('[data-testid="graph"]').style.display = ''));
    await nextFrames(v.page);
    await nextFrames(v.page);
    const back = await unitColours(v, 'n-1-2');
    assert.ok(
      closeRgb(back.painted, back.expected),
      `repainted when shown: ${back.painted} vs ${back.expected}`,
    );
    await assertClean(v);
    await v.close();
  });

  it('repaints in the colours of a new theme', async () => {
    const v = await openView(env);
    await loadNet(v, fx.logicNet('xor'), { frame: { inspected: 0 } });
    // x₁ = 0 for sample 1: the bottom of the sequential scale, the editor background.
    const light = await unitColours(v, 'n-1-1');
    await v.setTheme('dark');
    await nextFrames(v.page);
    const dark = await unitColours(v, 'n-1-1');
    assert.ok(closeRgb(dark.painted, dark.expected), `dark: ${dark.painted} vs ${dark.expected}`);
    assert.ok(light.painted[0] > 200 && dark.painted[0] < 80, `light ${light.painted}, dark ${dark.painted}`);
    await assertClean(v);
    await v.close();
  });

  it('the PNG export holds the overlay drawing (coloured edges, filled units) and the outlines', async () => {
    const v = await openView(env);
    await loadNet(v, fx.logicNet('xor'));
    await v.clearPosted();
    await v.page.click('.graph-panel vscode-button[aria-label="Export the network graph as PNG"]');
    const [png] = await v.posted('export');
    const counts = await v.page.evaluate(
      (src) =>
        new Promise((resolve, reject) => {
          const img = new Image();
          img.onload = () => {
            const c = document.createElement('canvas');
            c.width = img.width;
            c.height = img.height;
            const ctx = c.getContext('2d');
            ctx.drawImage(img, 0, 0);
            const d = ctx.getImageData(0, 0, c.width, c.height).data;
            let red = 0;
            let blue = 0;
            let dark = 0;
            for (let i = 0; i < d.length; i += 4) {
              if (d[i] > d[i + 2] + 80) red++;
              if (d[i + 2] > d[i] + 80) blue++;
              if (d[i] + d[i + 1] + d[i + 2] < 150) dark++;
            }
            resolve({ red, blue, dark, width: c.width });
          };
          img.onerror = () => reject(new Error('export is not a PNG'));
          img.src = src;
        }),
      png.data,
    );
    assert.ok(
      counts.red > 50 && counts.blue > 50,
      `positive and negative Θ edges: ${JSON.stringify(counts)}`,
    );
    assert.ok(counts.dark > 50, `outlines and labels: ${JSON.stringify(counts)}`);
    await assertClean(v);
    await v.close();
  });
});
