// "Explain this number": a graph unit, a Θ cell, J and the stepper's δ and Δ open an explanation panel with the
// equation in the lecture's notation (KaTeX) and the same equation with this number's inputs substituted. The numbers
// are checked against values computed here from Θ and a; links to the inputs and to the stepper step are followed,
// by mouse and by keyboard only. Screenshots of the panel in the four theme kinds and at 400 px.
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

const ALPHA = 0.5;
const LAMBDA = 0.1;
const HYPER = { learningRate: ALPHA, lambda: LAMBDA, batchSize: 0, optimizer: 'gd' };
const g = (z) => 1 / (1 + Math.exp(-z));

/** XOR with the slide's Θ, inspected sample i = 2 (x = (1, 0)), and a last update that is −αD. */
async function loadXor(v) {
  const net = fx.logicNet('xor');
  await loadNet(v, net, { hyper: HYPER, frame: { inspected: 1 } });
  const f = fx.frame(net, { frameId: 2, state: 'paused', epochs: 20, inspected: 1 });
  f.frame.update = f.frame.D.map((d) => d.map((x) => -ALPHA * x));
  await v.send(f);
  await v.settle();
  await nextFrames(v.page);
  return { net, frame: f.frame };
}

/** The panel's state: selection key, title, the KaTeX sources of both equation boxes, notes, links, step link. */
function panel(v) {
  return v.page.evaluate(() => {
    const p = document.querySelector('[data-testid="explain-panel"]');
    const tex = (sel) => [...p.querySelectorAll(`${sel} annotation`)].map((a) => a.textContent);
    return {
      open: !p.hidden,
      selection: p.dataset.selection,
      title: p.querySelector('.explain-title').textContent,
      general: tex('.explain-eq.general'),
      numeric: tex('.explain-eq.numeric'),
      typeset: p.querySelectorAll('.explain-eq .katex-html').length,
      errors: p.querySelectorAll('.katex-error').length,
      notes: [...p.querySelectorAll('.explain-notes li')].map((li) => li.textContent),
      links: [...p.querySelectorAll('.explain-link')].map((b) => b.textContent),
      crumbs: [...p.querySelectorAll('.explain-crumbs .crumb')].map((c) => c.textContent),
      step: p.querySelector('[data-testid="explain-step"]')?.textContent ?? null,
      focus: document.activeElement?.className ?? '',
    };
  });
}

/** Numbers in KaTeX source: 4.540\times 10^{-5} → 4.54e-5, (-20) → −20. */
function texNumbers(src) {
  const s = src.replace(/(\d+(?:\.\d+)?)\\times 10\^\{(-?\d+)\}/g, (_m, a, e) => `${a}e${e}`);
  return [...s.matchAll(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)].map((m) => Number(m[0]));
}

/** Asserts every expected value is in the source within the 4 significant digits the panel shows. */
function assertHas(src, values, what) {
  const nums = texNumbers(src);
  for (const want of values)
    assert.ok(
      nums.some((n) => Math.abs(n - want) <= 5e-4 * Math.abs(want) + 1e-12),
      `${what}: ${want} in ${src}`,
    );
}

async function graphPoint(v, id) {
  return v.page.evaluate((eleId) => {
    const box = document.querySelector('[data-testid="graph"]').getBoundingClientRect();
    const p = window.__nnviz.cy.$id(eleId).renderedPosition();
    return { x: box.left + p.x, y: box.top + p.y };
  }, id);
}

async function waitSelection(v, key) {
  await v.page.waitForFunction(
    (k) => document.querySelector('[data-testid="explain-panel"]')?.dataset.selection === k,
    key,
  );
  return panel(v);
}

/** Presses Tab until `selector` has the focus (at most `max` times). */
async function tabTo(v, selector, max = 80) {
  for (let k = 0; k < max; k++) {
    if (await v.page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await v.page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

describe('webview: explain this number', () => {
  it('a graph unit: a = g(Θ row · [1; a]) with the frame’s numbers, its input z, and the stepper step', async () => {
    const v = await openView(env);
    const { net, frame } = await loadXor(v);
    const { records } = fx.xorStepRecords();
    await v.send({ type: 'steps', records, restart: true });
    await nextFrames(v.page);

    const p = await graphPoint(v, 'n-2-2');
    await v.page.mouse.click(p.x, p.y);
    let s = await waitSelection(v, 'a:2:2');
    // Computed here: z₂⁽²⁾ = Θ⁽¹⁾ row 2 · [1; x] for x = (1, 0).
    const th = net.theta[0].slice(3, 6);
    const x = frame.inspected.x;
    const z = th[0] * 1 + th[1] * x[0] + th[2] * x[1];
    assert.equal(frame.inspected.a[1][1], g(z));
    assert.match(s.title, /^Activation a₂⁽²⁾ of unit 2 in layer 2$/);
    assert.ok(
      s.general[0].startsWith('a^{(2)}_{2} = g(z^{(2)}_{2}) = g\\Big(\\Theta^{(1)}_{20}\\,x_{0}'),
      s.general[0],
    );
    assert.ok(s.typeset >= 2 && s.errors === 0, 'typeset with KaTeX, no errors');
    assertHas(s.numeric.join(' '), [...th, 1, ...x, z, g(z)], 'a₂⁽²⁾');
    assert.match(s.notes[0], /^For sample i = 2 \(x = \(1, 0\)\), the inspected sample/);
    assert.deepEqual(s.links.slice(0, 4), ['z₂⁽²⁾', 'Θ₂₀⁽¹⁾', 'Θ₂₁⁽¹⁾', 'Θ₂₂⁽¹⁾']);
    await v.screenshot('explain-unit', { selector: '[data-testid="explain-panel"]' });

    // Follow the input z₂⁽²⁾; the breadcrumb leads back.
    await v.page.click('.explain-link[data-explain="z:2:2"]');
    s = await waitSelection(v, 'z:2:2');
    assertHas(s.numeric.join(' '), [z], 'z₂⁽²⁾');
    assert.deepEqual(s.crumbs, ['a₂⁽²⁾', 'z₂⁽²⁾']);
    assert.match(s.step, /^Show in the stepper: the forward pass to layer 2 \(step 3 of sample 1\)$/);
    await v.page.click('[data-testid="explain-step"]');
    await v.page.waitForFunction(() => window.__nnviz.stats().steps.kind === 'forward');
    const steps = (await v.stats()).steps;
    assert.equal(records[steps.cursor].kind, 'forward');
    assert.equal(records[steps.cursor].layer, 2);
    await v.page.click('.explain-crumbs button.crumb');
    await waitSelection(v, 'a:2:2');
    await assertClean(v);
    await v.close();
  });

  it('a Θ cell and a D cell: Θ := Θ − αD and D = Δ/m + (λ/m)Θ with this file’s α, λ and m', async () => {
    const v = await openView(env, { height: 1100 });
    const { frame } = await loadXor(v);
    const c = await v.page.evaluate(() => window.__nnviz.heatmapCell(1, 2, 1));
    await v.page.mouse.click(c.x, c.y);
    let s = await waitSelection(v, 'theta:1:2:1');
    const at = 1 * 3 + 1; // row 2, column 1 of Θ⁽¹⁾ (3 columns)
    const theta = frame.theta[0][at];
    const D = frame.D[0][at];
    const before = theta - frame.update[0][at];
    assert.equal(theta, -20);
    assert.match(s.title, /^Weight Θ₂₁⁽¹⁾: from unit 1 of layer 1 to unit 2 of layer 2$/);
    assert.equal(s.general[0], '\\Theta^{(1)}_{21} := \\Theta^{(1)}_{21} - \\alpha\\, D^{(1)}_{21}');
    assertHas(s.numeric[0], [before, ALPHA, D, before - ALPHA * D], 'Θ update');
    assertHas(s.numeric[1], [theta, frame.inspected.x[0], theta * frame.inspected.x[0]], 'Θ·a term');
    assert.ok(s.notes.some((n) => n.includes('α = 0.5 is the learning rate')));

    // The D of the same weight: through its link, then the heatmap in D mode.
    await v.page.click('.explain-link[data-explain="D:1:2:1"]');
    s = await waitSelection(v, 'D:1:2:1');
    const m = 4;
    assertHas(s.numeric[0], [m, LAMBDA, before, D - (LAMBDA / m) * before, D], 'D');
    assert.ok(s.notes.some((n) => n.startsWith('D depends on the whole batch')));
    assert.ok(s.notes.some((n) => n.includes('The slide prints “+ λΘ”')));
    assert.ok(s.notes.some((n) => n.includes('cannot show Δ’s sum term by term')));
    assert.match(s.step, /not stepped yet/);
    await v.screenshot('explain-D', { selector: '[data-testid="explain-panel"]' });
    await assertClean(v);
    await v.close();
  });

  it('J in the status line: the samples’ cross-entropy terms plus λ/(2m) Σ Θ²', async () => {
    const v = await openView(env);
    const { net } = await loadXor(v);
    await v.page.click('[data-testid="cost"]');
    const s = await waitSelection(v, 'J');
    let sumSq = 0;
    for (const [l, t] of net.theta.entries()) {
      const cols = net.sizes[l] + 1;
      t.forEach((w, k) => (sumSq += k % cols === 0 ? 0 : w * w));
    }
    const costs = net.inputs.map((x, t) => {
      const h = fx.forward(net.sizes, net.acts, net.theta, x).a[2][0];
      const y = net.targets[t][0];
      return -(y * Math.log(h) + (1 - y) * Math.log(1 - h));
    });
    const J = costs.reduce((a, b) => a + b, 0) / 4 + (LAMBDA / 8) * sumSq;
    assert.ok(s.general[0].startsWith('J(\\Theta) = -\\dfrac{1}{m} \\sum_{t=1}^{m} \\sum_{k=1}^{K}'));
    assertHas(s.numeric[0], [LAMBDA, 2, 4, sumSq, (LAMBDA / 8) * sumSq], 'λ term');
    assertHas(s.numeric.slice(1, 3).join(' '), [...costs, J], 'J');
    assert.match(s.notes[0], /^J depends on every training sample \(m = 4\)/);
    assert.ok(s.notes.some((n) => n.startsWith('The stepper does not compute J')));
    await v.screenshot('explain-J', { selector: '[data-testid="explain-panel"]' });
    await assertClean(v);
    await v.close();
  });

  it('δ and Δ in the stepper: the numbers of the step, with links to the records of their inputs', async () => {
    const v = await openView(env);
    await loadXor(v);
    const { records } = fx.xorStepRecords();
    await v.send({ type: 'steps', records, restart: true });
    await nextFrames(v.page);
    const k = records.findIndex((r) => r.kind === 'accumulate' && r.thetaLayer === 1);
    // Walk with the stepper's buttons until the Δ⁽¹⁾ step shows.
    while ((await v.stats()).steps.cursor > k) await v.page.click('[data-testid="step-back"]');
    while ((await v.stats()).steps.cursor < k) await v.page.click('[data-testid="step-forward"]');
    await v.page.click('[data-testid="step-numbers"] button[data-explain="Δ₂₁⁽¹⁾"]');
    let s = await waitSelection(v, `Delta:1:2:1@${k}`);
    const r = records[k];
    assertHas(s.numeric[0], [r.a[1], r.deltaNext[1], r.Delta[1][1]], 'Δ');
    assert.equal(r.Delta[1][1], r.a[1] * r.deltaNext[1]);
    await v.screenshot('explain-Delta', { selector: '[data-testid="explain-panel"]' });
    assert.match(
      s.notes[0],
      /^For sample i = 2 \(x = \(1, 0\)\), as the stepper computed it \(sample 1 of the batch of m = 1\)\./,
    );
    const hidden = records.findIndex((q) => q.kind === 'hiddenDelta');
    await v.page.click(`.explain-link[data-explain="delta:2:2@${hidden}"]`);
    s = await waitSelection(v, `delta:2:2@${hidden}`);
    const h = records[hidden];
    assertHas(s.numeric.join(' '), [h.deltaNext[0], h.gPrime[1], h.delta[1]], 'δ₂⁽²⁾');
    await assertClean(v);
    await v.close();
  });

  it('the activations view, the cost curve and the D and update heatmaps offer their numbers too', async () => {
    const v = await openView(env, { height: 1100 });
    const { frame } = await loadXor(v);
    await v.tab('activations');
    await v.page.click('figure.activation .activation-numbers button[data-explain="z₁⁽³⁾"]');
    let s = await waitSelection(v, 'z:3:1');
    const a2 = frame.inspected.a[1];
    const z3 = 10 - 20 * a2[0] - 20 * a2[1];
    assertHas(s.numeric.join(' '), [10, ...a2, z3], 'z₁⁽³⁾');
    await v.tab('curves');
    await v.page.click('.curves button[data-explain="Explain J(Θ)"]');
    await waitSelection(v, 'J');
    await v.tab('weights');
    await v.page.click('vscode-dropdown[data-testid="heatmap-mode"]');
    await v.page.click('vscode-dropdown[data-testid="heatmap-mode"] vscode-option[value="update"]');
    await v.page.waitForFunction(() => window.__nnviz.ui().heatmapMode === 'update');
    const c = await v.page.evaluate(() => window.__nnviz.heatmapCell(2, 1, 2));
    await v.page.mouse.click(c.x, c.y);
    s = await waitSelection(v, 'update:2:1:2');
    const D = frame.D[1][2];
    assertHas(s.numeric[0], [-ALPHA, D, -ALPHA * D], 'ΔΘ = −αD');
    assert.equal(s.general[0], '\\Theta^{(2)}_{12} := \\Theta^{(2)}_{12} - \\alpha\\, D^{(2)}_{12}');
    await assertClean(v);
    await v.close();
  });

  it('keyboard only: focus a unit, Enter, follow an input, reach the stepper; Enter on J; Esc returns the focus', async () => {
    const v = await openView(env);
    await loadXor(v);
    const { records } = fx.xorStepRecords();
    await v.send({ type: 'steps', records, restart: true });
    await nextFrames(v.page);
    await tabTo(v, '[data-testid="graph-mirror"] [role="treeitem"]'); // the graph's keyboard tree: layer 1
    // layer 2, open it, its bias a₀⁽²⁾, then a₁⁽²⁾
    for (const key of ['ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowDown'])
      await v.page.keyboard.press(key);
    await v.page.keyboard.press('Enter');
    let s = await waitSelection(v, 'a:2:1');
    assert.match(s.focus, /explain-title/, 'the focus moves into the panel');
    await tabTo(v, '.explain-link[data-explain="theta:1:1:0"]');
    await v.page.keyboard.press('Enter');
    s = await waitSelection(v, 'theta:1:1:0');
    await tabTo(v, '.explain-near[data-near="→"]');
    await v.page.keyboard.press('Enter');
    s = await waitSelection(v, 'theta:1:1:1');
    assert.deepEqual(s.crumbs, ['a₁⁽²⁾', 'Θ₁₁⁽¹⁾'], 'a neighbour replaces the entry in the breadcrumb');
    await v.page.keyboard.press('Escape');
    await v.page.waitForFunction(() => document.querySelector('[data-testid="explain-panel"]').hidden);
    assert.ok(
      await v.page.evaluate(() => document.activeElement?.closest('[data-testid="graph-mirror"]') !== null),
      'focus back on the unit in the graph',
    );

    await v.page.keyboard.press('Enter');
    await waitSelection(v, 'a:2:1');
    await tabTo(v, '.explain-link[data-explain="z:2:1"]');
    await v.page.keyboard.press('Enter');
    await waitSelection(v, 'z:2:1');
    await tabTo(v, '[data-testid="explain-step"]');
    await v.page.keyboard.press('Enter');
    await v.page.waitForFunction(() => window.__nnviz.stats().steps.kind === 'forward');
    assert.ok(
      await v.page.evaluate(() => document.activeElement?.closest('.stepper') !== null),
      'focus in the stepper',
    );

    await tabTo(v, '[data-testid="cost"]', 200);
    await v.page.keyboard.press('Enter');
    await waitSelection(v, 'J');
    await v.page.keyboard.press('Escape');
    assert.ok(await v.page.evaluate(() => document.activeElement?.dataset.testid === 'cost'));

    // A heatmap: Enter on it explains its first entry; the panel's neighbours reach the others.
    await tabTo(v, 'canvas[data-theta="2"]', 200);
    await v.page.keyboard.press('Enter');
    await waitSelection(v, 'theta:2:1:0');
    await tabTo(v, '.explain-near[data-near="→"]');
    await v.page.keyboard.press('Enter');
    await waitSelection(v, 'theta:2:1:1');
    await v.page.keyboard.press('Escape');
    assert.ok(await v.page.evaluate(() => document.activeElement?.dataset.theta === '2'));
    await assertClean(v);
    await v.close();
  });

  it('screenshots: the panel in the four theme kinds and at 400 px, inside the view', async () => {
    for (const [theme, width] of [
      ['light', 1280],
      ['dark', 1280],
      ['high-contrast', 1280],
      ['high-contrast-light', 1280],
      ['dark', 400],
    ]) {
      const v = await openView(env, { theme, width, height: 900 });
      await loadXor(v);
      // By keyboard, through the graph's tree: layer 2, open it, a₀⁽²⁾, a₁⁽²⁾, a₂⁽²⁾.
      await v.page.focus('[data-testid="graph-mirror"] [tabindex="0"]');
      for (const key of ['ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowDown'])
        await v.page.keyboard.press(key);
      await v.page.keyboard.press('Enter');
      await waitSelection(v, 'a:2:2');
      const box = await v.page.evaluate(() => {
        const el = document.querySelector('[data-testid="explain-panel"]');
        const r = el.getBoundingClientRect();
        return {
          left: r.left,
          right: r.right,
          vw: window.innerWidth,
          scroll: el.scrollWidth,
          client: el.clientWidth,
        };
      });
      assert.ok(box.left >= 0 && box.right <= box.vw, `panel inside the view at ${width} px`);
      assert.ok(box.scroll <= box.client + 1, `no horizontal overflow of the panel at ${width} px`);
      await v.screenshot(
        `explain${width === 400 ? '-400' : ''}`,
        width === 400 ? {} : { selector: '[data-testid="explain-panel"]' },
      );
      await assertClean(v);
      await v.close();
    }
  });
});
