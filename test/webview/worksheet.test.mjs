// The worksheet tab: a file's "exercises" with the answers the host computed, one answer box each, checked within a
// relative tolerance, the worked answer shown right or wrong, and the score. The answers here are computed with the
// fixtures' own forward and backward pass (independent of the engine) for the XNOR worksheet (slide weights / 10).
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

const X = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const Y = [[1], [0], [0], [1]];
const THETA = [
  [
    [-3, 2, 2],
    [1, -2, -2],
  ],
  [[-1, 2, 2]],
];
const LAMBDA = 0.4;
const sizes = [2, 2, 1];
const acts = ['sigmoid', 'sigmoid', 'sigmoid'];
const flatTheta = THETA.map((m) => m.flat());
const pass = (i) => {
  const fw = fx.forward(sizes, acts, flatTheta, X[i - 1]);
  return { ...fw, delta: fx.backward(sizes, acts, flatTheta, fw, Y[i - 1]) };
};

/** The worksheet as the host sends it: exercises with their answers and worked numbers. */
function worksheet() {
  const s4 = pass(4);
  const s1 = pass(1);
  const s2 = pass(2);
  const ex = (quantity, layer, sample, unit = null, prompt = null) => ({
    quantity,
    layer,
    sample,
    unit,
    prompt,
  });
  // Δ^(2) = Σ_i δ^(3) [1; a^(2)]ᵀ, D^(2)_11 = Δ_11/m + (λ/m) Θ_11
  let Delta11 = 0;
  let J = 0;
  for (let i = 1; i <= 4; i++) {
    const p = pass(i);
    Delta11 += p.delta[1][0] * p.a[1][0];
    const h = p.a[2][0];
    J -= Y[i - 1][0] * Math.log(h) + (1 - Y[i - 1][0]) * Math.log(1 - h);
  }
  const reg = (LAMBDA / 8) * [2, 2, -2, -2, 2, 2].reduce((s, t) => s + t * t, 0);
  const gp = s2.a[1].map((a) => a * (1 - a));
  const backprop = [THETA[1][0][1] * s2.delta[1][0], THETA[1][0][2] * s2.delta[1][0]];
  return {
    tolerance: 1e-3,
    lambda: LAMBDA,
    m: 4,
    seededInit: false,
    error: null,
    items: [
      {
        exercise: ex('z', 2, 4, 1, 'x = (1, 1). What is z₁⁽²⁾, the input of the AND unit?'),
        value: s4.z[0][0],
        worked: { kind: 'z', thetaLayer: 1, theta: THETA[0], aPrev: [1, 1, 1] },
        problem: null,
      },
      {
        exercise: ex('a', 2, 1, null, 'x = (0, 0). Both hidden activations a⁽²⁾.'),
        value: s1.a[1],
        worked: { kind: 'a', activation: 'sigmoid', z: s1.z[0] },
        problem: null,
      },
      {
        exercise: ex('delta', 2, 2),
        value: s2.delta[0],
        worked: {
          kind: 'hiddenDelta',
          thetaLayer: 2,
          activation: 'sigmoid',
          deltaNext: s2.delta[1],
          backprop,
          gPrime: gp,
        },
        problem: null,
      },
      {
        exercise: ex('D', 2, null, [1, 1], 'Over all four samples: D₁₁⁽²⁾.'),
        value: Delta11 / 4 + (LAMBDA / 4) * 2,
        worked: { kind: 'D', thetaLayer: 2, m: 4, lambda: LAMBDA, Delta: [[0, Delta11, 0]], theta: THETA[1] },
        problem: null,
      },
      {
        exercise: ex('J', null, null, null, 'The cost J(Θ) with λ = 0.4.'),
        value: J / 4 + reg,
        worked: { kind: 'J', loss: 'cross-entropy', m: 4, lambda: LAMBDA, dataTerm: J / 4, regTerm: reg },
        problem: null,
      },
    ],
  };
}

function worksheetNet() {
  const net = fx.logicNet('xnor');
  const sheet = worksheet();
  return {
    ...net,
    fileName: 'worksheet.nn.json',
    theta: flatTheta,
    inputs: X,
    targets: Y,
    spec: { ...net.spec, weights: THETA, exercises: sheet.items.map((it) => it.exercise) },
    dataset: { ...net.dataset, inputs: X, targets: Y },
    sheet,
  };
}

async function openWorksheet(v) {
  const net = worksheetNet();
  await loadNet(v, net);
  await v.send({
    ...fx.documentMessage(net.spec, net.fileName),
    document: { ...fx.documentMessage(net.spec, net.fileName).document, worksheet: net.sheet },
  });
  await nextFrames(v.page);
  await v.tab('worksheet');
  return net;
}

const state = (v, k) => v.page.getAttribute(`[data-testid="exercise-${k}"]`, 'data-state');
const verdict = (v, k) => v.page.textContent(`[data-testid="exercise-${k}"] .exercise-verdict`);
const score = (v) => v.page.textContent('.worksheet-score');

async function answer(v, k, text, how = 'enter') {
  await v.page.fill(`#exercise-answer-${k}`, text);
  if (how === 'enter') await v.page.press(`#exercise-answer-${k}`, 'Enter');
  else await v.page.click(`[data-testid="check-${k}"]`);
  await v.page.waitForFunction(
    (n) => document.querySelector(`[data-testid="exercise-${n}"]`)?.dataset.state !== 'open',
    k,
  );
}

describe('webview worksheet', () => {
  it('answers checked within the tolerance, the worked answer either way, and the score', async () => {
    const v = await openView(env);
    const net = await openWorksheet(v);
    assert.equal(await v.page.locator('.worksheet-list > li').count(), 5);
    assert.match(await v.page.textContent('.worksheet-intro'), /file's Θ, λ = 0\.4, over m = 4 samples/);
    assert.equal(await score(v), 'Score: 0 of 5 right');

    // z_1^(2) = −3 + 2 + 2 = 1: right, with Enter; the worked answer substitutes Θ^(1)'s first row and [1; x].
    await answer(v, 1, '1');
    assert.equal(await state(v, 1), 'right');
    assert.equal(await verdict(v, 1), '✓ Right.');
    const worked1 = await v.page.textContent('[data-testid="exercise-1"] .exercise-worked');
    assert.match(worked1, /Worked answer/);
    assert.ok((await v.page.locator('[data-testid="exercise-1"] .exercise-worked .katex').count()) >= 2);

    // a^(2) = (0.0474, 0.731): 0.05 and 0.73 are off by more than 10⁻³ relative: wrong, with the Check button.
    await answer(v, 2, '0.05, 0.73', 'click');
    assert.equal(await state(v, 2), 'wrong');
    assert.match(
      await verdict(v, 2),
      /^✗ Not within 0\.001 relative of the answer \(entries 1, 2\)\. The worked answer:/,
    );
    const annotation = await v.page.$$eval('[data-testid="exercise-2"] .exercise-worked annotation', (a) =>
      a.map((n) => n.textContent).join('\n'),
    );
    assert.match(
      annotation,
      /a\^\{\(2\)\} = g\\left\(\\begin\{bmatrix\}-3\\\\1\\end\{bmatrix\}\\right\) = \\begin\{bmatrix\}0\.0474259\\\\0\.731059\\end\{bmatrix\}/,
    );

    // Not a number: said so, not counted.
    await answer(v, 3, 'about a half');
    assert.equal(await state(v, 3), 'unreadable');
    assert.match(await verdict(v, 3), /Type 2 numbers \(a vector\)/);

    // D_11^(2) within the tolerance (6 digits), typed with a Unicode minus-free exponent form; J exactly.
    const D = net.sheet.items[3].value;
    await answer(v, 4, String(Number(D.toPrecision(5))));
    assert.equal(await state(v, 4), 'right');
    assert.match(await v.page.textContent('[data-testid="exercise-4"] .exercise-note'), /slide prints \+ λΘ/);
    await answer(v, 5, `${net.sheet.items[4].value}`);
    assert.equal(await state(v, 5), 'right');
    assert.equal(await score(v), 'Score: 3 of 5 right (1 to retry)');
    assert.deepEqual(await v.page.evaluate(() => window.__nnviz.worksheet()), {
      right: 3,
      checked: 4,
      total: 5,
    });

    // Retrying a wrong answer with the right numbers (rows typed with ";" are read as the vector too).
    await answer(v, 2, '0.0474259; 0.731059');
    assert.equal(await state(v, 2), 'right');
    assert.equal(await score(v), 'Score: 4 of 5 right');

    // The host sends the document again on every parse: the answers stay.
    await v.send({
      ...fx.documentMessage(net.spec, net.fileName),
      document: { ...fx.documentMessage(net.spec, net.fileName).document, worksheet: net.sheet },
    });
    await nextFrames(v.page);
    assert.equal(await state(v, 2), 'right');
    assert.equal(await v.page.inputValue('#exercise-answer-2'), '0.0474259; 0.731059');

    // A reload of the view (VS Code reloads a hidden webview) keeps the checked answers and the score.
    await v.page.reload();
    await v.page.waitForFunction(() => window.__posted?.some((m) => m.type === 'ready'));
    await openWorksheet(v);
    assert.deepEqual(await Promise.all([1, 2, 3, 4, 5].map((k) => state(v, k))), [
      'right',
      'right',
      'open',
      'right',
      'right',
    ]);
    assert.equal(await score(v), 'Score: 4 of 5 right');
    assert.equal(await v.page.inputValue('#exercise-answer-4'), String(Number(D.toPrecision(5))));
    await assertClean(v);
    await v.close();
  });

  it('each answer box has a name, Tab reaches its Check button, and a file without exercises has no Worksheet tab', async () => {
    const v = await openView(env);
    await openWorksheet(v);
    const names = await v.page.$$eval('.exercise-input', (els) =>
      els.map((e) => (e.labels?.length ?? 0) > 0 && e.getAttribute('aria-label')),
    );
    assert.deepEqual(names, [
      'Answer 1: z₁⁽²⁾ of sample 4',
      'Answer 2: a⁽²⁾ of sample 1',
      'Answer 3: δ⁽²⁾ of sample 2',
      'Answer 4: D₁,₁⁽²⁾ over all samples',
      'Answer 5: J(Θ)',
    ]);
    await v.page.focus('#exercise-answer-1');
    await v.page.keyboard.type('2');
    await v.page.keyboard.press('Tab');
    assert.equal(await v.page.evaluate(() => document.activeElement?.dataset.testid), 'check-1');
    await v.page.keyboard.press('Enter');
    await v.page.waitForFunction(
      () => document.querySelector('[data-testid="exercise-1"]')?.dataset.state === 'wrong',
    );
    assert.equal(await score(v), 'Score: 0 of 5 right (1 to retry)');

    // XNOR without exercises: the tab hides and the view falls back to the weights.
    await loadNet(v, fx.logicNet('xnor'));
    assert.equal(await v.page.getAttribute('#tab-worksheet', 'hidden'), '');
    await v.page.waitForFunction(
      () => document.querySelector('vscode-panels')?.getAttribute('activeid') === 'tab-weights',
    );
    await assertClean(v);
    await v.close();
  });

  for (const theme of ['light', 'dark', 'high-contrast', 'high-contrast-light']) {
    it(`screenshots (${theme}, and 400 px wide)`, async () => {
      for (const width of theme === 'light' || theme === 'high-contrast' ? [1280, 400] : [1280]) {
        const v = await openView(env, { theme, width, height: 1100 });
        const net = await openWorksheet(v);
        await answer(v, 1, '1');
        await answer(v, 2, '0.05, 0.73');
        await answer(v, 4, String(net.sheet.items[3].value));
        // The view starts at the column's left edge even when the tab strip is wider than the column.
        const left = await v.page.evaluate(() => [
          document.querySelector('#worksheet-title').getBoundingClientRect().left,
          document.querySelector('.column.right').getBoundingClientRect().left,
        ]);
        assert.ok(left[0] >= left[1], `the worksheet's title is not cut off: ${left}`);
        await v.screenshot(`worksheet${width === 400 ? '-narrow' : ''}`, { selector: '.column.right' });
        await assertClean(v);
        await v.close();
      }
    });
  }
});
