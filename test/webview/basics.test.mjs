// The webview's life cycle and its interface to the host: ready, the graph it draws, frame acknowledgement, the
// messages the controls post, errors and states, persistence across reloads; no console errors or CSP violations.
// Functions passed to page.evaluate run in the browser:
/* global window */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as fx from './fixtures.mjs';
import {
  assertClean as clean,
  closeRgb,
  cssRgb,
  loadNet as load,
  nextFrames,
  openView,
  overlayColours,
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

describe('webview basics', () => {
  it('posts ready once when it has loaded, and marks #app with the session state', async () => {
    const v = await openView(env);
    const ready = await v.posted('ready');
    assert.equal(ready.length, 1);
    assert.equal(await v.page.getAttribute('#app', 'data-state'), 'loading');
    await load(v, fx.logicNet('xor'));
    assert.equal(await v.page.getAttribute('#app', 'data-state'), 'paused');
    await clean(v);
    await v.close();
  });

  it('draws the XOR network with its bias units, 9 edges and the lecture’s labels', async () => {
    const v = await openView(env);
    await load(v, fx.logicNet('xor'));
    const s = (await v.stats()).graph;
    assert.equal(s.units, 5, 'x1, x2, a1(2), a2(2), a1(3)');
    assert.equal(s.biasUnits, 2, 'one +1 unit in layers 1 and 2');
    assert.equal(s.edges, 9, 'Θ(1) is 2×3 and Θ(2) is 1×3');
    for (const label of ['x₁', 'x₂', 'a₁⁽²⁾', 'a₂⁽²⁾', 'a₁⁽³⁾', '+1'])
      assert.ok(s.labels.includes(label), `label ${label}`);
    // Edge colour follows the sign of Θ: Θ(1)_10 = −30 and Θ(1)_11 = +20 get different colours. Edges are painted
    // on the overlay canvas from their paint records (cytoscape keeps them only for hover).
    const colours = await v.page.evaluate(() => {
      const cy = window.__nnviz.cy;
      const paint = (id) => cy.$id(id).scratch('paint');
      return [paint('e-1-1-0').c, paint('e-1-1-1').c, paint('e-1-1-0').w, paint('e-1-2-0').w];
    });
    assert.ok(colours[2] > colours[3], '|−30| draws wider than |10|');
    // Each unit is filled on the overlay with the colour of its record (sampled above its label).
    for (const id of ['n-1-1', 'n-2-1', 'n-2-2', 'n-3-1']) {
      const rec = await paintRecord(v.page, id);
      const px = await overlayPixel(v.page, id, 0, -0.4);
      assert.ok(
        closeRgb(px, await cssRgb(v.page, rec.fill)),
        `${id} filled ${rec.fill}, overlay shows ${px}`,
      );
    }
    assert.match((await paintRecord(v.page, 'n-2-1')).label, /^a₁⁽²⁾\n-?\d\.\d\d$/, 'small layers show a');
    await clean(v);
    await v.close();
  });

  it('keeps 784-64-10 usable: one picture node for the image input, thinned edges', async () => {
    const v = await openView(env);
    await load(v, fx.mnistNet());
    const s = (await v.stats()).graph;
    assert.equal(s.imageInputs, 1);
    assert.equal(s.units, 74, '64 hidden and 10 output units drawn; the 784 inputs are one picture');
    assert.equal(s.biasUnits, 2);
    assert.ok(s.edges <= 64 * 2 + 330, `edges thinned, got ${s.edges}`);
    // The inspected digit is painted inside the picture node on the overlay: ink on the background, grey edges.
    const inBox = await overlayColours(v.page, 'n-1-img');
    assert.ok(inBox > 4, `the picture shows the digit (${inBox} colours in its box)`);
    await clean(v);
    await v.close();
  });

  it('acknowledges every frame after drawing it, newest values on screen', async () => {
    const v = await openView(env);
    const net = fx.logicNet('xor');
    await v.send(fx.documentMessage(net.spec, net.fileName));
    await v.send(fx.sessionMessage('running', net.dataset));
    const h = fx.history(30);
    for (let id = 1; id <= 3; id++)
      await v.send(
        fx.frame(net, {
          frameId: id,
          epochs: id * 10,
          fullHistory: fx.history(id * 10),
          historyStart: (id - 1) * 10,
        }),
      );
    await v.settle();
    const acks = (await v.posted('frameAck')).map((m) => m.frameId);
    assert.deepEqual([...acks].sort(), [1, 2, 3]);
    const cost = await v.page.getAttribute('[data-testid="cost"]', 'data-value');
    assert.equal(Number(cost), h.J[29]);
    assert.equal((await v.stats()).curves.points, 30);
    await clean(v);
    await v.close();
  });

  it('the hidden layers’ unit counts s_j are fields; a new value posts setUnits with the lecture’s layer index', async () => {
    const v = await openView(env);
    await load(v, fx.logicNet('xor'));
    const field = 'vscode-text-field[data-testid="units-2"] input';
    assert.equal(await v.page.inputValue(field), '2', 's_2 of the 2-2-1 network');
    assert.equal(
      await v.page.locator('vscode-text-field[data-testid="units-1"]').count(),
      0,
      'no field for inputs',
    );
    assert.equal(
      await v.page.locator('vscode-text-field[data-testid="units-3"]').count(),
      0,
      'no field for outputs',
    );
    await v.clearPosted();
    await v.page.fill(field, '0');
    await v.page.press(field, 'Enter');
    assert.match(await v.page.textContent('.field-error'), /must be ≥ 1/);
    await v.page.fill(field, '4');
    await v.page.press(field, 'Enter');
    const posted = await v.waitPosted((m) => m.type === 'setUnits');
    assert.deepEqual(posted, [{ type: 'setUnits', layer: 2, units: 4 }]);
    await clean(v);
  });

  it('controls post commands, hyperparameters and the inspected sample', async () => {
    const v = await openView(env);
    await load(v, fx.logicNet('xor'), {
      hyper: { learningRate: 0.5, lambda: 0.01, batchSize: 0, optimizer: 'gd' },
    });
    // Current values from the session message.
    assert.equal(await v.page.inputValue('vscode-text-field[data-testid="alpha"] input'), '0.5');
    assert.equal(await v.page.inputValue('vscode-text-field[data-testid="lambda"] input'), '0.01');
    await v.clearPosted();
    for (const c of ['train', 'step', 'stepEpoch', 'reset', 'saveWeights', 'gradientCheck']) {
      await v.page.click(`vscode-button[data-testid="${c}"]`);
    }
    const commands = (await v.posted('command')).map((m) => m.command);
    assert.deepEqual(commands, ['train', 'step', 'stepEpoch', 'reset', 'saveWeights', 'gradientCheck']);

    await v.clearPosted();
    await v.page.fill('vscode-text-field[data-testid="alpha"] input', '0.25');
    await v.page.press('vscode-text-field[data-testid="alpha"] input', 'Enter');
    await v.page.fill('vscode-text-field[data-testid="batch"] input', '2');
    await v.page.press('vscode-text-field[data-testid="batch"] input', 'Enter');
    await v.page.fill('vscode-text-field[data-testid="lambda"] input', '-1');
    await v.page.press('vscode-text-field[data-testid="lambda"] input', 'Enter');
    const hyper = (await v.posted('setHyper')).map((m) => m.hyper);
    assert.deepEqual(hyper.slice(0, 2), [{ learningRate: 0.25 }, { batchSize: 2 }]);
    assert.ok(!hyper.some((h) => 'lambda' in h), 'an invalid λ is not posted');
    assert.match(await v.page.textContent('.field-error'), /λ must be ≥ 0/);

    await v.page.click('vscode-dropdown[data-testid="optimizer"]');
    await v.page.click('vscode-dropdown[data-testid="optimizer"] vscode-option[value="adam"]');
    await v.waitPosted((m) => m.type === 'setHyper' && m.hyper.optimizer === 'adam');

    await v.page.fill('vscode-text-field[data-testid="inspected"] input', '3');
    await v.page.press('vscode-text-field[data-testid="inspected"] input', 'Enter');
    const insp = await v.waitPosted((m) => m.type === 'setInspected');
    assert.equal(insp[0].index, 2, 'sample i = 3 is index 2');

    // While running, the first button pauses.
    await v.send(fx.sessionMessage('running', fx.logicNet('xor').dataset));
    await nextFrames(v.page);
    await v.clearPosted();
    assert.equal(
      await v.page.getAttribute('vscode-button[data-testid="train"]', 'aria-label'),
      'Pause training',
    );
    await v.page.click('vscode-button[data-testid="train"]');
    assert.deepEqual(
      (await v.posted('command')).map((m) => m.command),
      ['pause'],
    );
    await clean(v);
    await v.close();
  });

  it('shows an invalid document’s errors with line:column and dims the last good picture', async () => {
    const v = await openView(env);
    // Invalid from the start: errors, no blank page.
    await v.send(fx.invalidDocument());
    await nextFrames(v.page);
    const text = await v.page.textContent('[data-testid="document-errors"]');
    assert.match(text, /7:5/);
    assert.match(text, /4:34/);
    assert.match(text, /Expected a comma or closing brace/);
    assert.match(text, /\/layers\/1\/units/);
    assert.equal(await v.page.getAttribute('#app', 'data-state'), 'invalid');
    assert.ok(await v.page.isVisible('.empty-state'));
    // A good document, then an invalid one: the picture stays, dimmed.
    await load(v, fx.logicNet('xor'));
    assert.equal(await v.page.isVisible('[data-testid="document-errors"]'), false);
    await v.send(fx.invalidDocument('xor.nn.json'));
    await nextFrames(v.page);
    assert.ok(await v.page.isVisible('[data-testid="document-errors"]'));
    assert.ok(await v.page.$eval('.workspace', (e) => e.classList.contains('stale') && !e.hidden));
    assert.equal((await v.stats()).graph.units, 5);
    await clean(v);
    await v.close();
  });

  it('explains the crashed and diverged states and offers Reset', async () => {
    const v = await openView(env);
    const net = fx.logicNet('xor');
    await load(v, net);
    await v.send(fx.sessionMessage('crashed', net.dataset, undefined, 'The worker ran out of memory.'));
    await nextFrames(v.page);
    const crashed = await v.page.textContent('[data-testid="state-crashed"]');
    assert.match(crashed, /ran out of memory/);
    assert.match(crashed, /Restart/);
    assert.equal(await v.page.getAttribute('#app', 'data-state'), 'crashed');
    await v.clearPosted();
    await v.page.click('[data-testid="state-crashed"] button');
    assert.deepEqual(
      (await v.posted('command')).map((m) => m.command),
      ['reset'],
    );

    await v.send(
      fx.sessionMessage(
        'diverged',
        net.dataset,
        { learningRate: 50, lambda: 0, batchSize: 0, optimizer: 'gd' },
        'J(Θ) became NaN at epoch 3.',
      ),
    );
    await nextFrames(v.page);
    const diverged = await v.page.textContent('[data-testid="state-diverged"]');
    assert.match(diverged, /Lower the learning rate α \(now α = 50\)/);
    assert.equal(await v.page.isVisible('[data-testid="state-crashed"]'), false);
    await clean(v);
    await v.close();
  });

  it('shows notices as dismissible banners and the gradient check result', async () => {
    const v = await openView(env);
    await load(v, fx.logicNet('xor'));
    await v.send({ type: 'notice', level: 'warning', message: 'Saved weights differ from the file.' });
    await v.send({
      type: 'gradientCheck',
      result: { relativeDifference: [2.1e-10, 3.4e-10], passed: true, threshold: 1e-7 },
    });
    await nextFrames(v.page);
    assert.match(await v.page.textContent('[data-testid="notice"]'), /Saved weights differ/);
    assert.match(await v.page.textContent('[data-testid="gradient-check"]'), /passed.*Θ⁽¹⁾: 2.1/);
    await v.page.click('[data-testid="notice"] .banner-close');
    assert.equal(await v.page.$('[data-testid="notice"]'), null);
    await clean(v);
    await v.close();
  });

  it('keeps the UI state across a reload (getState/setState)', async () => {
    const v = await openView(env);
    const net = fx.logicNet('xor');
    await load(v, net);
    await v.tab('curves');
    await v.page.click('vscode-checkbox[data-testid="log-scale"]');
    const steps = fx.xorStepRecords();
    await v.send({ type: 'steps', records: steps.records, restart: true });
    await nextFrames(v.page);
    await v.page.keyboard.press('ArrowRight');
    await v.page.keyboard.press('ArrowRight');
    await v.page.evaluate(() => void window.__nnviz.cy.$id('n-2-1').emit('tap'));
    const before = await v.page.evaluate(() => window.__nnviz.ui());
    assert.equal(before.steps.cursor, 2);
    await v.page.reload();
    await v.page.waitForFunction(() => window.__posted?.some((m) => m.type === 'ready'));
    await load(v, net);
    const afterReload = await v.page.evaluate(() => window.__nnviz.ui());
    assert.equal(afterReload.tab, 'curves');
    assert.equal(afterReload.logScale, true);
    assert.equal(afterReload.steps.cursor, 2);
    assert.equal(afterReload.steps.records.length, 11);
    assert.deepEqual(afterReload.selectedUnit, { layer: 2, unit: 1 });
    assert.equal((await v.stats()).curves.log, true);
    assert.equal(await v.page.getAttribute('.stepper', 'data-kind'), 'forward');
    await clean(v);
    await v.close();
  });
});
