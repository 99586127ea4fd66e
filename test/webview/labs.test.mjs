// The Labs tab in headless Chromium: the loss surface (picked from the heatmaps, computed by the real worker code,
// drawn as contours and a 3-D surface with the training path), races (overlaid curves with one legend, a diverged run
// marked, boundaries side by side), and the symmetry banner. Screenshots: test-results/webview-lab-*-{light,dark}.png.
// Functions passed to page.evaluate run in the browser:
/* global window, document */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as fx from './fixtures.mjs';
import { assertClean, canvasColours, loadNet, nextFrames, openView, setup } from './harness.mjs';
import { datasetInfo, raceFrames, surfaceMessages } from './labs-data.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

const labs = (v) => v.page.evaluate(() => window.__nnviz.labs());

async function clickCell(v, l, j, i) {
  const c = await v.page.evaluate(([a, b, d]) => window.__nnviz.heatmapCell(a, b, d), [l, j, i]);
  await v.page.mouse.click(c.x, c.y);
}

describe('webview labs', () => {
  for (const theme of ['light', 'dark']) {
    it(`loss surface (${theme}): two heatmap cells become the axes; contours, 3-D view and the path are drawn`, async () => {
      const v = await openView(env, { theme, height: 1100 });
      const net = fx.logicNet('xor');
      await loadNet(v, net);
      // Pick Θ₁₁⁽¹⁾ and Θ₁₀⁽²⁾ by clicking their cells in the Weights tab.
      await clickCell(v, 1, 1, 1);
      await clickCell(v, 2, 1, 0);
      const ui = await v.page.evaluate(() => window.__nnviz.ui());
      assert.deepEqual(ui.labs.a, { layer: 1, row: 1, col: 1 });
      assert.deepEqual(ui.labs.b, { layer: 2, row: 1, col: 0 });
      await v.tab('labs');
      await v.clearPosted();
      await v.page.click('vscode-button[data-testid="surface-compute"]');
      const [req] = await v.waitPosted((m) => m.type === 'surface');
      assert.deepEqual(req, {
        type: 'surface',
        axes: { kind: 'weights', a: { layer: 1, row: 1, col: 1 }, b: { layer: 2, row: 1, col: 0 } },
        resolution: 41,
        range: 4,
      });
      // Progress, then the slice (computed by the worker's code on examples/loss-surface.nn.json).
      const data = await surfaceMessages('loss-surface', 400, {
        axes: req.axes,
        resolution: 41,
        range: 4,
      });
      await v.send({ type: 'surfaceProgress', requestId: 1, rowsDone: 12, rows: 41 });
      await nextFrames(v.page);
      assert.match(await v.page.textContent('[data-testid="surface-status"]'), /row 12 of 41/);
      assert.equal(await v.page.isVisible('.surface-lab progress'), true);
      for (const m of data.messages) await v.send(m);
      await nextFrames(v.page);
      await v.page.waitForFunction(() => document.querySelector('.surface-lab')?.dataset.drawn === '1');
      assert.ok((await canvasColours(v.page, 'canvas[data-testid="surface-contour"]')) > 12);
      assert.ok((await canvasColours(v.page, 'canvas[data-testid="surface-3d"]')) > 12);
      const status = await v.page.textContent('[data-testid="surface-status"]');
      assert.match(status, /41 × 41 slice through Θ₀ of epoch 400: J\(Θ₀\) = /);
      const aria = await v.page.getAttribute('canvas[data-testid="surface-contour"]', 'aria-label');
      assert.match(aria, /path of 401 epochs/);
      assert.match(aria, /α \(ΔΘ₁₁⁽¹⁾\) and β \(ΔΘ₁₀⁽²⁾\)/);
      await v.screenshot('lab-surface', { selector: '.surface-lab' });
      // Cancel is offered only while computing, and posts cancelSurface.
      await v.page.click('vscode-button[data-testid="surface-compute"]');
      await v.send({ type: 'surfaceProgress', requestId: 2, rowsDone: 3, rows: 41 });
      await v.page.click('vscode-button[data-testid="surface-cancel"]');
      await v.waitPosted((m) => m.type === 'cancelSurface');
      await v.send({
        type: 'surfaceRefused',
        requestId: 2,
        message: 'The loss surface was cancelled.',
        cancelled: true,
      });
      await nextFrames(v.page);
      assert.match(await v.page.textContent('[data-testid="surface-status"]'), /cancelled/);
      await assertClean(v);
      await v.close();
    });

    it(`race of learning rates (${theme}): one legend, the diverging run marked, the others finished`, async () => {
      const v = await openView(env, { theme, height: 1000 });
      const net = fx.logicNet('xor');
      await loadNet(v, net);
      await v.tab('labs');
      await v.clearPosted();
      await v.page.click('vscode-button[data-testid="race-start"]');
      assert.deepEqual((await v.waitPosted((m) => m.type === 'race'))[0], {
        type: 'race',
        vary: 'learningRate',
      });
      const frames = await raceFrames('learning-rates');
      for (const f of frames) await v.send({ type: 'raceFrame', frame: f });
      await nextFrames(v.page);
      const s = await labs(v);
      assert.equal(s.race, 'finished');
      assert.deepEqual(
        s.runs.map((r) => [r.label, r.state]),
        [
          ['α = 0.01', 'finished'],
          ['α = 0.3', 'finished'],
          ['α = 3', 'diverged'],
        ],
      );
      assert.equal(s.runs[0].points, 601, 'every epoch 0..600 merged from the frames');
      assert.match(await v.page.textContent('[data-testid="race-legend"]'), /✕ diverged/);
      assert.match(await v.page.textContent('[data-testid="race-status"]'), /same Θ, bit for bit/);
      assert.ok((await canvasColours(v.page, 'canvas[data-testid="race-chart"]')) > 4);
      await v.screenshot('lab-race', { selector: '.race-lab' });
      await assertClean(v);
      await v.close();
    });

    it(`activations (${theme}): the linear run's boundary is a straight line, sigmoid and ReLU close around the disc`, async () => {
      const v = await openView(env, { theme, height: 1000 });
      await loadNet(v, fx.logicNet('xor'));
      await v.tab('labs');
      // The session of examples/linear-vs-sigmoid.nn.json: its samples are drawn on the boundaries.
      await v.send(fx.sessionMessage('paused', datasetInfo('linear-vs-sigmoid')));
      const frames = await raceFrames('linear-vs-sigmoid');
      // The race message (whole) as the host sends it to a view that opens during a race, then the rest.
      await v.send({ type: 'race', race: frames[0] });
      for (const f of frames.slice(1)) await v.send({ type: 'raceFrame', frame: f });
      await nextFrames(v.page);
      const s = await labs(v);
      assert.deepEqual(
        s.runs.map((r) => r.state),
        ['finished', 'finished', 'finished'],
      );
      assert.equal(await v.page.locator('.race-boundaries canvas').count(), 3);
      // The linear run's class-1 region is a half-plane: along every row of the grid the class changes at most once.
      const last = frames.at(-1);
      const res = last.boundaryGrid.resolution;
      const changes = (b) => {
        let most = 0;
        for (let r = 0; r < res; r++) {
          let c = 0;
          for (let k = 1; k < res; k++) if (b[r * res + k] >= 0.5 !== b[r * res + k - 1] >= 0.5) c++;
          most = Math.max(most, c);
        }
        return most;
      };
      assert.ok(changes(last.runs[0].boundary) <= 1, 'linear: at most one change per row');
      assert.ok(
        changes(last.runs[1].boundary) >= 2,
        'sigmoid: the region is closed (two changes on some row)',
      );
      await v.screenshot('lab-activations', { selector: '.race-lab' });
      await assertClean(v);
      await v.close();
    });

    it(`symmetry (${theme}): equal rows of Θ⁽¹⁾ show the banner; a race of init rules names the identical units`, async () => {
      const v = await openView(env, { theme, height: 1000 });
      const net = fx.logicNet('xor');
      const equal = [
        [0.31, -0.12, -0.12, 0.31, -0.12, -0.12],
        [0.2, 0.45, 0.45],
      ];
      await loadNet(v, net, { frame: { theta: equal } });
      await v.page.waitForSelector('[data-testid="symmetry-banner"]:not([hidden])');
      const text = await v.page.textContent('[data-testid="symmetry-banner"]');
      assert.match(text, /the hidden units are identical/);
      assert.match(text, /2 units of layer 2 \(every row of Θ⁽¹⁾ is the same\)/);
      assert.match(text, /Randomization helps breaking symmetry/);
      await v.screenshot('lab-symmetry', {});
      // A broken symmetry hides it.
      await v.send(fx.frame(net, { frameId: 2, state: 'paused', epochs: 21 }));
      await v.settle();
      await nextFrames(v.page);
      assert.equal(await v.page.isHidden('[data-testid="symmetry-banner"]'), true);
      // The race of init rules: zeros keeps identical hidden units, normal does not.
      const frames = await raceFrames('symmetry');
      for (const f of frames) await v.send({ type: 'raceFrame', frame: f });
      await nextFrames(v.page);
      assert.equal(
        await v.page.evaluate(() => window.__nnviz.stats().tab),
        'labs',
        'a new race shows the Labs tab',
      );
      const kind = (await v.page.evaluate(() => window.__nnviz.ui())).labs.raceKind;
      assert.equal(kind, 'init', 'the kind list follows the race');
      const legend = await v.page.textContent('[data-testid="race-legend"]');
      assert.match(legend, /init zeros.*hidden units identical \(rows of Θ⁽¹⁾ equal\)/s);
      assert.doesNotMatch(legend.split('init normal')[1], /identical/);
      assert.match(
        await v.page.textContent('[data-testid="race-status"]'),
        /different Θ \(the init rule is what varies\)/,
      );
      await v.screenshot('lab-symmetry-race', { selector: '.race-lab' });
      await assertClean(v);
      await v.close();
    });
  }
});
