// Lecture fidelity in the views: the AND, NOT and XNOR tables as the slides print them, numbers that agree with their
// neighbours, the stepper's "Set Δ := 0" and counter, and an activations panel whose sentences follow the loss in use
// (softmax drawn as its output vector and Jacobian). Screenshots of these views in every theme of themes.mjs, at the
// default width and at 400 px, go to test-results/webview-lecture-*.png.
// Functions passed to page.evaluate run in the browser:
/* global document */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as fx from './fixtures.mjs';
import { assertClean, loadNet, nextFrames, openView, setup } from './harness.mjs';
import { themes } from './themes.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

/** A one-layer logic network with the slide's weights; inputs in the order given (the table sorts them). */
function gateNet(kind) {
  const and = kind === 'and';
  const inputs = and
    ? [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ]
    : [[0], [1]];
  const targets = and ? [[0], [0], [0], [1]] : [[1], [0]];
  const weights = and ? [[[-30, 20, 20]]] : [[[10, -20]]];
  const sizes = [inputs[0].length, 1];
  const acts = ['sigmoid', 'sigmoid'];
  return {
    name: kind.toUpperCase(),
    fileName: `${kind}.nn.json`,
    sizes,
    acts,
    theta: weights.map((m) => m.flat()),
    inputs,
    targets,
    extent: and ? [-0.5, 1.5, -0.5, 1.5] : null,
    spec: fx.spec({
      name: kind.toUpperCase(),
      sizes,
      acts,
      weights,
      data: { kind: 'inline', inputs, targets },
    }),
    dataset: {
      m: inputs.length,
      n: sizes[0],
      K: 1,
      validationM: 0,
      imageShape: null,
      classNames: null,
      inputs,
      targets,
    },
  };
}

async function table(page) {
  const head = await page.$$eval('[data-testid="truth-table"] th', (t) => t.map((c) => c.textContent));
  const rows = await page.$$eval('[data-testid="truth-table"] tbody tr', (trs) =>
    trs.map((tr) => ({
      sample: tr.dataset.sample,
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent),
    })),
  );
  return { head, rows };
}

const sigmoid = (z) => 1 / (1 + Math.exp(-z));

describe('lecture fidelity in the views', () => {
  it("AND and NOT tables: the slide's rows with z and g(z) to 5 significant digits, no hovering", async () => {
    const v = await openView(env);
    await loadNet(v, gateNet('and'));
    await v.tab('table');
    const and = await table(v.page);
    assert.deepEqual(and.head, ['x₁', 'x₂', 'z', 'h_Θ(x)', 'y']);
    // The slide's order (x₁ fastest): the file's samples 1, 3, 2, 4.
    assert.deepEqual(
      and.rows.map((r) => r.sample),
      ['0', '2', '1', '3'],
    );
    assert.deepEqual(
      and.rows.map((r) => r.cells),
      [
        ['0', '0', '−30', '9.3576e−14', '0'],
        ['1', '0', '−10', '4.5398e−5', '0'],
        ['0', '1', '−10', '4.5398e−5', '0'],
        ['1', '1', '10', '0.99995', '1'],
      ],
    );
    await loadNet(v, gateNet('not'));
    await v.tab('table');
    const not = await table(v.page);
    assert.deepEqual(not.head, ['x₁', 'z', 'h_Θ(x)', 'y']);
    assert.deepEqual(
      not.rows.map((r) => r.cells),
      [
        ['0', '10', '0.99995', '1'],
        ['1', '−10', '4.5398e−5', '0'],
      ],
    );
    await assertClean(v);
    await v.close();
  });

  it("XNOR table: the slide's columns x₁ x₂ a₁ a₂ h_Θ(x) (and y), rows 00, 10, 01, 11, 5 significant digits", async () => {
    const v = await openView(env);
    await loadNet(v, fx.logicNet('xnor'));
    await v.tab('table');
    const { head, rows } = await table(v.page);
    assert.deepEqual(head, ['x₁', 'x₂', 'a₁⁽²⁾', 'a₂⁽²⁾', 'h_Θ(x)', 'y']);
    assert.deepEqual(
      rows.map((r) => r.cells.slice(0, 2).join('')),
      ['00', '10', '01', '11'],
    );
    // a₁ = g(−30 + 20x₁ + 20x₂): 9.3576e−14 at (0, 0), as g(−30) on the AND slide.
    assert.equal(rows[0].cells[2], '9.3576e−14');
    assert.equal(rows[3].cells[2], '0.99995');
    // Every value has 5 significant digits or is written as "1 − d".
    for (const r of rows)
      for (const c of r.cells.slice(2, 5))
        assert.match(c, /^(\d\.\d{4}e−\d+|0\.\d{5}|1 − \d(\.\d)?e−\d+)$/, c);
    await v.close();
  });

  it('stepper: "Set Δ := 0" first, the real N, and a₂ = 1 − 8.8e−6 beside g′ = 8.8e−6 (never "1")', async () => {
    const v = await openView(env);
    await loadNet(v, fx.logicNet('xnor'));
    const { records } = fx.xorStepRecords({ zeroDelta: true });
    await v.send({ type: 'steps', records, restart: true });
    await nextFrames(v.page);
    assert.equal(await v.page.getAttribute('.stepper', 'data-kind'), 'zeroDelta');
    assert.equal(await v.page.textContent('.step-position'), 'Step 1 of 12 in sample 1 of 1');
    const general = (await v.page.textContent('.step-eq.general')).replace(/[\s\u200b]/g, '');
    assert.ok(general.includes('SetΔij(l)=0(foralll,i,j)'), general);
    assert.equal(await v.page.$('.step-eq .katex-error'), null);
    // A saturated hidden unit: a = g(11.64) = 1 − 8.8e−6 and g′(z) = a(1 − a) = 8.8e−6.
    const a = sigmoid(11.64);
    const pos = (k, n) => ({ batch: 2, i: 1, m: 4, k, n });
    await v.send({
      type: 'steps',
      records: [
        {
          kind: 'hiddenDelta',
          sample: 0,
          layer: 2,
          thetaLayer: 2,
          deltaNext: [0.25],
          backprop: [5, 5],
          gPrime: [a * (1 - a), 0.25],
          delta: [5 * a * (1 - a), 1.25],
          pos: pos(7, 8),
        },
        {
          kind: 'forward',
          sample: 0,
          layer: 2,
          thetaLayer: 1,
          activation: 'sigmoid',
          aPrev: [1, 0, 0],
          z: [11.64, 0],
          a: [1, a, 0.5],
          dropped: [],
          pos: pos(3, 8),
        },
      ],
      restart: true,
    });
    await nextFrames(v.page);
    const numeric = await v.page.textContent('.step-eq.numeric');
    assert.match(numeric, /8\.8\d*×10−6/, 'g′ = 8.8e−6');
    await v.page.keyboard.press('ArrowRight');
    assert.equal(await v.page.textContent('.step-position'), 'Step 3 of 8 in sample 1 of 4');
    const fwd = await v.page.textContent('.step-eq.numeric');
    assert.match(fwd, /1−8\.8\d*×10−6/, 'a₂ = 1 − 8.8e−6, consistent with g′');
    await assertClean(v);
    await v.close();
  });

  it('activations: sentences follow the loss; softmax as its output vector and Jacobian', async () => {
    const v = await openView(env);
    await loadNet(v, fx.logicNet('xor'));
    await v.tab('activations');
    const notes = () => v.page.$$eval('.activation .note', (n) => n.map((e) => e.textContent));
    let [hidden, output] = await notes();
    assert.match(hidden, /learn slowly/);
    assert.match(output, /δ⁽³⁾ = a⁽³⁾ − y/);
    assert.doesNotMatch(output, /learn slowly/);
    // The same network under the squared error: now g′ scales δ⁽³⁾, and saturated outputs do learn slowly.
    const mse = fx.logicNet('xor');
    mse.spec = { ...mse.spec, loss: 'mse' };
    await loadNet(v, mse);
    await nextFrames(v.page);
    [hidden, output] = await notes();
    assert.match(output, /\(a⁽³⁾ − y\) \.\* g′\(z⁽³⁾\).*learn slowly/);
    // Softmax: bars and a Jacobian whose rows add up to 0 (Σ_j a_i([i = j] − a_j) = 0), no "learn slowly".
    await loadNet(v, fx.fourClassNet());
    await nextFrames(v.page);
    const softmax = (await notes())[1];
    assert.match(softmax, /Softmax couples the outputs/);
    assert.match(softmax, /δ⁽³⁾ = a⁽³⁾ − y/);
    assert.doesNotMatch(softmax, /learn slowly/);
    const jac = await v.page.$$eval('table.jacobian tr', (trs) =>
      trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.dataset.value))),
    );
    assert.equal(jac.length, 4);
    for (const row of jac)
      assert.ok(Math.abs(row.reduce((s, x) => s + x, 0)) < 1e-12, `row sums to 0: ${row}`);
    assert.ok(
      jac.every((row, i) => row[i] > 0),
      'diagonal a_i(1 − a_i) > 0',
    );
    await assertClean(v);
    await v.close();
  });

  for (const theme of Object.keys(themes))
    for (const width of [1280, 400])
      it(`screenshots: tables, stepper and activations (${theme}, ${width} px)`, async () => {
        const v = await openView(env, { theme, width, height: 900 });
        const shot = (name, selector) => v.screenshot(`lecture-${name}-${width}`, { selector });
        await loadNet(v, gateNet('and'));
        await v.tab('table');
        await shot('and-table', '.truth-table');
        await loadNet(v, fx.logicNet('xnor'));
        await v.tab('table');
        await shot('xnor-table', '.truth-table');
        const { records } = fx.xorStepRecords({ zeroDelta: true });
        await v.send({ type: 'steps', records, restart: true });
        await nextFrames(v.page);
        await shot('stepper-zero-delta', '.stepper');
        await v.page.click('.stepper h2'); // the arrow keys step (on a tab they would move between tabs)
        for (let k = 0; k < 5; k++) await v.page.keyboard.press('ArrowRight');
        assert.equal(await v.page.getAttribute('.stepper', 'data-kind'), 'hiddenDelta');
        await shot('stepper-hidden-delta', '.stepper');
        await v.tab('activations');
        await shot('activations-sigmoid', '.activations');
        await loadNet(v, fx.fourClassNet());
        await v.tab('activations');
        await shot('activations-softmax', '.activations');
        const overflow = await v.page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(overflow <= 1, `nothing wider than the panel (${overflow} px)`);
        await assertClean(v);
        await v.close();
      });
});
