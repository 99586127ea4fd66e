// The views: heatmaps, curves, decision boundary, truth table, activations, the backpropagation stepper, dropout,
// highlighting and export.
// Functions passed to page.evaluate run in the browser:
/* global window, document */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as fx from './fixtures.mjs';
import { assertClean, canvasColours, loadNet, nextFrames, openView, paintRecord, setup } from './harness.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

async function tooltipText(page) {
  return page.evaluate(() => {
    const t = document.querySelector('.tooltip');
    return t && !t.hidden ? t.textContent : null;
  });
}

describe('webview views', () => {
  it('heatmaps: every Θ drawn (not blank), hover names Θ_ji^(l), switchable to D', async () => {
    const v = await openView(env);
    await loadNet(v, fx.logicNet('xor'));
    const canvases = await v.page.$$eval('.heatmap canvas[data-theta]', (cs) =>
      cs.map((c) => c.dataset.theta),
    );
    assert.deepEqual(canvases, ['1', '2']);
    for (const l of canvases)
      assert.ok(
        (await canvasColours(v.page, `.heatmap canvas[data-theta="${l}"]`)) > 3,
        `Θ(${l}) has colours`,
      );
    // Hover on Θ(1) row j = 2, column i = 1: −20.
    const c = await v.page.evaluate(() => window.__nnviz.heatmapCell(1, 2, 1));
    await v.page.mouse.move(c.x, c.y);
    const text = await tooltipText(v.page);
    assert.match(text, /Θ₂₁⁽¹⁾ = −20/);
    assert.match(text, /row j = 2 .* column i = 1/);
    // The bias column: i = 0.
    const b = await v.page.evaluate(() => window.__nnviz.heatmapCell(2, 1, 0));
    await v.page.mouse.move(b.x, b.y);
    assert.match(await tooltipText(v.page), /Θ₁₀⁽²⁾ = 10[\s\S]*bias/);
    // Switch to the gradient D.
    await v.page.click('vscode-dropdown[data-testid="heatmap-mode"]');
    await v.page.click('vscode-dropdown[data-testid="heatmap-mode"] vscode-option[value="D"]');
    await nextFrames(v.page);
    assert.match(await v.page.textContent('.heatmap figcaption'), /^D⁽¹⁾/);
    await v.page.mouse.move(c.x + 1, c.y);
    assert.match(await tooltipText(v.page), /D₂₁⁽¹⁾ = /);
    await assertClean(v);
    await v.close();
  });

  it('clicking a unit selects it and outlines its row of Θ; MNIST units as images', async () => {
    const v = await openView(env);
    await loadNet(v, fx.mnistNet());
    await v.page.evaluate(() => void window.__nnviz.cy.$id('n-2-5').emit('tap'));
    await nextFrames(v.page);
    assert.deepEqual((await v.page.evaluate(() => window.__nnviz.ui())).selectedUnit, { layer: 2, unit: 5 });
    assert.ok(await v.page.evaluate(() => window.__nnviz.cy.$id('n-2-5').hasClass('selected')));
    assert.match(await v.page.textContent('.selected-info'), /a₅⁽²⁾/);
    // Hidden units as images: on by default for image data.
    assert.ok(await v.page.isVisible('.unit-image canvas'));
    assert.ok((await canvasColours(v.page, '.unit-image canvas')) > 10);
    await assertClean(v);
    await v.close();
  });

  it('curves: points follow the frames (append and replace), history message, log toggle', async () => {
    const v = await openView(env);
    const net = fx.logicNet('xor');
    await v.send(fx.documentMessage(net.spec, net.fileName));
    await v.send(fx.sessionMessage('running', net.dataset));
    await v.tab('curves');
    const full = fx.history(40);
    await v.send(fx.frame(net, { frameId: 1, fullHistory: fx.history(10), historyStart: 0, epochs: 10 }));
    await v.settle();
    assert.equal((await v.stats()).curves.points, 10);
    await v.send(fx.frame(net, { frameId: 2, fullHistory: full, historyStart: 10, epochs: 40 }));
    await v.settle();
    await nextFrames(v.page);
    let s = (await v.stats()).curves;
    assert.equal(s.points, 40);
    assert.equal(s.plotted, true, 'uPlot holds all 40 points');
    assert.deepEqual(s.series, ['J(Θ) training', 'accuracy training']);
    // After a reset the host starts again from 0: replace from there.
    await v.send(fx.frame(net, { frameId: 3, fullHistory: fx.history(3), historyStart: 0, epochs: 3 }));
    await v.settle();
    assert.equal((await v.stats()).curves.points, 3);
    await v.send({ type: 'history', history: fx.history(25) });
    await nextFrames(v.page);
    assert.equal((await v.stats()).curves.points, 25);
    await v.page.click('vscode-checkbox[data-testid="log-scale"]');
    await nextFrames(v.page);
    s = (await v.stats()).curves;
    assert.equal(s.log, true);
    assert.equal(s.plotted, true);
    assert.match(await v.page.textContent('.curves .note'), /epoch 25: J\(Θ\) = /);
    await assertClean(v);
    await v.close();
  });

  it('a running estimate of J: "≈" in the status, a dotted series on the curve, the exact epoch named', async () => {
    const v = await openView(env);
    const net = fx.mnistNet();
    const h = fx.history(12, { validation: true, exactEvery: 4 });
    // The newest epoch's J an estimate; the frame's accuracies those of the last exact epoch, 8.
    h.estimated[h.estimated.length - 1] = true;
    await loadNet(v, net, {
      state: 'running',
      frame: { epochs: 12, fullHistory: h, estimated: true, evaluatedEpoch: 8 },
    });
    const status = await v.page.textContent('.status');
    assert.match(status, /J\(Θ\) ≈ /, status);
    assert.match(status, /at epoch 8/, 'the accuracies are those of epoch 8');
    assert.equal(await v.page.getAttribute('[data-testid=cost]', 'data-estimated'), 'true');
    await v.tab('curves');
    await nextFrames(v.page);
    assert.deepEqual((await v.stats()).curves.series, [
      'J(Θ) training',
      'J(Θ) running estimate',
      'J(Θ) validation',
      'accuracy training',
      'accuracy validation',
    ]);
    const note = await v.page.textContent('.curves .note');
    assert.match(note, /epoch 12: J\(Θ\) ≈ /);
    assert.match(note, /dotted: J as a running estimate/);
    // Paused, the worker sends the exact values: "=" again.
    await v.send(
      fx.frame(net, { frameId: 2, state: 'paused', epochs: 12, fullHistory: h, historyStart: 12 }),
    );
    await v.settle();
    assert.match(await v.page.textContent('.status'), /J\(Θ\) = /);
    await assertClean(v);
    await v.close();
  });

  it('marks the early-stopping epoch', async () => {
    const v = await openView(env);
    const net = fx.mnistNet();
    await loadNet(v, net, { frame: { epochs: 80, earlyStopEpoch: 55 } });
    await v.tab('curves');
    assert.match(await v.page.textContent('.curves .note'), /early stopping kept the weights of epoch 55/);
    assert.deepEqual((await v.stats()).curves.series, [
      'J(Θ) training',
      'J(Θ) validation',
      'accuracy training',
      'accuracy validation',
    ]);
    await assertClean(v);
    await v.close();
  });

  it('decision boundary for 2-input nets, with the data points and a map per hidden unit', async () => {
    const v = await openView(env);
    await loadNet(v, fx.logicNet('xor'));
    assert.equal(await v.page.isVisible('#tab-boundary'), true);
    await v.tab('boundary');
    assert.equal(await v.page.getAttribute('.boundary', 'data-drawn'), 'true');
    assert.ok((await canvasColours(v.page, '.boundary-plot')) > 8);
    assert.equal(await v.page.$$eval('.unit-map canvas', (c) => c.length), 2);
    // Four classes: one map per hidden unit (5), class colours.
    await loadNet(v, fx.fourClassNet());
    await nextFrames(v.page);
    assert.equal(await v.page.$$eval('.unit-map canvas', (c) => c.length), 5);
    assert.ok((await canvasColours(v.page, '.boundary-plot')) > 8);
    // Not offered for MNIST.
    await loadNet(v, fx.mnistNet());
    assert.equal(await v.page.isVisible('#tab-boundary'), false);
    assert.equal(await v.page.isVisible('#tab-table'), false);
    await assertClean(v);
    await v.close();
  });

  it('truth table for XNOR reads 1, 0, 0, 1 like the slide', async () => {
    const v = await openView(env);
    await loadNet(v, fx.logicNet('xnor'));
    await v.tab('table');
    const head = await v.page.$$eval('[data-testid="truth-table"] th', (t) => t.map((c) => c.textContent));
    assert.deepEqual(head, ['x₁', 'x₂', 'a₁⁽²⁾', 'a₂⁽²⁾', 'h_Θ(x)', 'y']);
    const rows = await v.page.$$eval('[data-testid="truth-table"] tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.dataset.value ?? td.textContent)),
    );
    assert.deepEqual(
      rows.map((r) => [r[0], r[1]]),
      [
        ['0', '0'],
        ['1', '0'],
        ['0', '1'],
        ['1', '1'],
      ],
    );
    assert.deepEqual(
      rows.map((r) => Math.round(Number(r[4]))),
      [1, 0, 0, 1],
      'h_Θ(x)',
    );
    assert.deepEqual(
      rows.map((r) => r[5]),
      ['1', '0', '0', '1'],
      'y',
    );
    // The hidden units: a1 = AND, a2 = NOR, as on the slide.
    assert.deepEqual(
      rows.map((r) => [Math.round(Number(r[2])), Math.round(Number(r[3]))]),
      [
        [0, 1],
        [0, 0],
        [0, 0],
        [1, 0],
      ],
    );
    // A row click inspects that sample.
    await v.clearPosted();
    await v.page.click('[data-testid="truth-table"] tbody tr:nth-child(4)');
    assert.equal((await v.waitPosted((m) => m.type === 'setInspected'))[0].index, 3);
    await assertClean(v);
    await v.close();
  });

  it('activation panel: g and g′ per layer with KaTeX labels and the sample’s z marked', async () => {
    const v = await openView(env);
    await loadNet(v, fx.fourClassNet());
    await v.tab('activations');
    const panels = await v.page.$$eval('.activation', (p) =>
      p.map((e) => e.querySelector('figcaption').textContent),
    );
    assert.deepEqual(panels, ['Layer 2: g = tanh', 'Layer 3: g = softmax']);
    assert.ok((await v.page.$$('.activation .formula .katex')).length >= 2);
    assert.ok((await canvasColours(v.page, '.activation canvas')) > 4);
    await loadNet(v, fx.logicNet('xor'));
    await nextFrames(v.page);
    const sig = await v.page.textContent('.activation .formula');
    assert.match(sig, /g′?\(z\)/);
    // Slide weights saturate the sigmoid: both hidden units saturated for sample 1.
    assert.equal(await v.page.getAttribute('.activation', 'data-saturated'), '2');
    await assertClean(v);
    await v.close();
  });

  it('stepper: KaTeX for every record kind, keys step back and forth, posts step at the end', async () => {
    const v = await openView(env);
    await loadNet(v, fx.logicNet('xor'));
    const { records } = fx.xorStepRecords({ zeroDelta: true });
    await v.send({ type: 'steps', records, restart: true });
    await nextFrames(v.page);
    assert.equal(await v.page.textContent('.step-position'), 'Step 1 of 12 in sample 1 of 1');
    assert.match(await v.page.textContent('.step-title'), /Set Δ⁽ˡ⁾ = 0 for all l/);
    const seen = [];
    for (let k = 0; k < records.length; k++) {
      const kind = await v.page.getAttribute('.stepper', 'data-kind');
      seen.push(kind);
      const general = await v.page.$$('.step-eq.general .katex');
      const numeric = await v.page.$$('.step-eq.numeric .katex');
      assert.ok(general.length > 0 && numeric.length > 0, `KaTeX for ${kind}`);
      assert.equal(await v.page.$('.step-eq .katex-error'), null, `no KaTeX error for ${kind}`);
      const hl = (await v.stats()).graph.highlighted;
      if (!['zeroDelta', 'gradient', 'update'].includes(kind))
        assert.ok(hl > 0, `graph highlights for ${kind}`);
      // The overlay paints exactly the highlighted elements as highlighted.
      const painted = await v.page.evaluate(
        () => window.__nnviz.cy.elements().filter((e) => e.scratch('paint')?.mark === 'hl').length,
      );
      assert.equal(painted, hl, `overlay highlights for ${kind}`);
      if (kind === 'gradient')
        assert.match(await v.page.textContent('.step-notes'), /slide prints “\+ λΘ”.*\(λ\/m\) Θ/);
      if (k < records.length - 1) await v.page.keyboard.press('ArrowRight');
    }
    assert.deepEqual(
      seen,
      records.map((r) => r.kind),
    );
    assert.deepEqual(
      [...new Set(seen)],
      ['zeroDelta', 'input', 'forward', 'outputDelta', 'hiddenDelta', 'accumulate', 'gradient', 'update'],
    );
    // The numbers: δ(3) = a(3) − y appears with its values, to 4 significant digits.
    await v.page.keyboard.press('Home');
    for (let k = 0; k < 4; k++) await v.page.keyboard.press('ArrowRight');
    assert.equal(await v.page.getAttribute('.stepper', 'data-kind'), 'outputDelta');
    const delta3 = String(Number(Math.abs(records[4].delta[0]).toPrecision(4)));
    assert.ok((await v.page.textContent('.step-eq.numeric')).includes(delta3), 'δ(3) substituted');
    // Back, then forward past the end: a 'step' command.
    await v.page.keyboard.press('ArrowLeft');
    assert.equal(await v.page.getAttribute('.stepper', 'data-kind'), 'forward');
    await v.page.keyboard.press('End');
    await v.clearPosted();
    await v.page.keyboard.press('ArrowRight');
    assert.deepEqual(
      (await v.posted('command')).map((m) => m.command),
      ['step'],
    );
    // The worker answers with the next batch's first sample: the cursor moves to it, and N is the loop's, not the
    // number of records seen so far.
    await v.send({
      type: 'steps',
      records: [
        { ...records[1], sample: 2, x: [0, 1], a: [1, 0, 1], pos: { batch: 2, i: 1, m: 4, k: 2, n: 8 } },
      ],
      restart: true,
    });
    await nextFrames(v.page);
    assert.equal(await v.page.getAttribute('.stepper', 'data-kind'), 'input');
    assert.equal(await v.page.textContent('.step-position'), 'Step 2 of 8 in sample 1 of 4 (data row 3)');
    assert.equal(await v.page.$$eval('.step-trail li', (l) => l.length), 1, 'the trail shows this sample');
    // Back crosses the boundary into the previous batch's update.
    await v.page.keyboard.press('ArrowLeft');
    assert.equal(await v.page.getAttribute('.stepper', 'data-kind'), 'update');
    assert.equal(
      await v.page.textContent('.step-position'),
      'Step 12 of 12 in sample 1 of 1, after the loop',
    );
    await v.page.keyboard.press('ArrowRight');
    await v.page.keyboard.press('Shift+ArrowRight');
    await v.page.keyboard.press('Control+Shift+ArrowRight');
    assert.deepEqual(
      (await v.posted('command')).map((m) => m.command),
      ['step', 'stepSample', 'stepEpoch'],
    );
    await assertClean(v);
    await v.close();
  });

  it('dropout: dropped units are drawn as dropped', async () => {
    const v = await openView(env);
    await loadNet(v, fx.fourClassNet(), { frame: { dropped: [[0, 1, 0, 1, 0]] } });
    const s = (await v.stats()).graph;
    assert.equal(s.dropped, 2);
    assert.ok(await v.page.evaluate(() => window.__nnviz.cy.$id('n-2-2').hasClass('dropped')));
    // Marked on the cytoscape element (dashed outline) and in the paint records the overlay draws from.
    assert.equal((await paintRecord(v.page, 'n-2-2')).dropped, true);
    assert.equal((await paintRecord(v.page, 'n-2-1')).dropped, false);
    const edges = await v.page.evaluate(() =>
      window.__nnviz.cy
        .$id('n-2-2')
        .connectedEdges()
        .map((e) => e.hasClass('dropped') && e.scratch('paint').dropped),
    );
    assert.ok(edges.length > 0 && edges.every(Boolean), 'edges of a dropped unit are drawn as dropped');
    await assertClean(v);
    await v.close();
  });

  it('exports the graph as PNG and SVG, heatmaps and curves as SVG', async () => {
    const v = await openView(env);
    await loadNet(v, fx.logicNet('xor'));
    await v.clearPosted();
    await v.page.click('.graph-panel vscode-button[aria-label="Export the network graph as PNG"]');
    await v.page.click('.graph-panel vscode-button[aria-label="Export the network graph as SVG"]');
    await v.page.click('vscode-button[aria-label="Export the heatmaps as SVG"]');
    await v.tab('curves');
    await v.page.click('vscode-button[aria-label="Export the curves as SVG"]');
    await v.page.click('vscode-button[aria-label="Export the curves as PNG"]');
    const ex = await v.posted('export');
    assert.deepEqual(
      ex.map((e) => [e.fileName, e.format]),
      [
        ['xor-graph.png', 'png'],
        ['xor-graph.svg', 'svg'],
        ['xor-heatmaps.svg', 'svg'],
        ['xor-curves.svg', 'svg'],
        ['xor-curves.png', 'png'],
      ],
    );
    assert.match(ex[0].data, /^data:image\/png;base64,/);
    assert.match(ex[1].data, /^<svg[\s\S]*a₁⁽²⁾[\s\S]*<\/svg>$/);
    assert.match(ex[2].data, /<title>Θ₂₁⁽¹⁾ = −20<\/title>/);
    assert.match(ex[3].data, /<polyline/);
    assert.match(ex[4].data, /^data:image\/png;base64,/);
    await assertClean(v);
    await v.close();
  });

  it('follows the theme: canvases redraw in the new colours', async () => {
    const v = await openView(env);
    await loadNet(v, fx.logicNet('xor'));
    const sample = () =>
      v.page.evaluate(() => {
        const c = document.querySelector('.heatmap canvas.legend');
        const d = c.getContext('2d').getImageData(c.width / 2, 5, 1, 1).data;
        return [...d.slice(0, 3)];
      });
    const light = await sample();
    await v.setTheme('dark');
    await nextFrames(v.page);
    const dark = await sample();
    assert.notDeepEqual(light, dark, 'the middle of the scale follows the editor background');
    assert.ok(dark[0] < 80 && dark[1] < 80 && dark[2] < 80, `dark middle, got ${dark}`);
    await assertClean(v);
    await v.close();
  });
});
