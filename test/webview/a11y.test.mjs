// Accessibility of the panel: axe-core (WCAG 2.1 A and AA, plus label-content-name-mismatch) on every tab in the four
// theme kinds finds no serious or critical violation; the graph's units and weights have a keyboard path with spoken
// labels; Θ, D and activations have tables with row and column headers; training progress is announced politely and
// at most every few seconds; forced colours and reduced motion are respected. Screenshots in
// test-results/webview-a11y-*.png.
/* global window, document, MutationObserver, performance, getComputedStyle */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import * as fx from './fixtures.mjs';
import { assertClean, loadNet, nextFrames, openView, setup } from './harness.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const THEMES = ['light', 'dark', 'high-contrast', 'high-contrast-light'];
const TABS = ['weights', 'curves', 'boundary', 'table', 'activations', 'labs', 'worksheet'];

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

/** A one-question worksheet, as the host sends it, so that the worksheet tab is shown too. */
const WORKSHEET = {
  tolerance: 1e-3,
  lambda: 0,
  m: 4,
  seededInit: false,
  error: null,
  items: [
    {
      exercise: { quantity: 'J', layer: null, sample: null, unit: null, prompt: 'The cost J(Θ) with λ = 0.' },
      value: 0.5,
      worked: { kind: 'J', loss: 'cross-entropy', m: 4, lambda: 0, dataTerm: 0.5, regTerm: 0 },
      problem: null,
    },
  ],
};

async function openXor(theme, opts = {}) {
  const v = await openView(env, { theme, ...opts });
  const net = fx.logicNet('xor');
  const { records, theta } = fx.xorStepRecords();
  await loadNet(v, net, { frame: { epochs: 120, theta, inspected: 1 } });
  const doc = fx.documentMessage(net.spec, net.fileName);
  await v.send({ ...doc, document: { ...doc.document, worksheet: WORKSHEET } });
  await v.send({ type: 'steps', records, restart: true });
  await nextFrames(v.page);
  return { v, net, theta };
}

/** axe-core's serious and critical violations on the page (WCAG 2.1 A and AA), and whether the name rule ran. */
async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      // Experimental in axe, so off by default; VS Code's own checker reported it.
      rules: { 'label-content-name-mismatch': { enabled: true } },
    });
    const ran = [...r.passes, ...r.violations, ...r.incomplete, ...r.inapplicable].map((x) => x.id);
    return {
      nameRuleRan: ran.includes('label-content-name-mismatch'),
      serious: r.violations
        .filter((x) => x.impact === 'serious' || x.impact === 'critical')
        .map((x) => `${x.id} (${x.impact}): ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    };
  });
}

describe('axe-core: no serious or critical WCAG 2.1 A/AA violation', () => {
  for (const theme of THEMES) {
    it(`every tab, the stepper and the tables, in ${theme}`, async () => {
      const { v } = await openXor(theme);
      const found = [];
      for (const tab of TABS) {
        await v.tab(tab);
        const r = await axe(v.page);
        assert.ok(r.nameRuleRan, 'label-content-name-mismatch ran');
        found.push(...r.serious.map((s) => `${tab}: ${s}`));
      }
      await v.tab('weights');
      await v.page.click('[data-testid="heatmap-table-toggle"]');
      await v.tab('activations');
      await v.page.click('[data-testid="activations-table-toggle"]');
      await v.page.waitForSelector('[data-testid="activations-table-2"] tbody td');
      found.push(...(await axe(v.page)).serious.map((s) => `tables: ${s}`));
      assert.deepEqual(found, [], `axe in ${theme}`);
      await assertClean(v);
      await v.close();
    });
  }
});

/** The focused element's role, label and the graph's focus ring, read in the page. */
function focused(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    return {
      role: a?.getAttribute('role') ?? null,
      text: a?.firstElementChild?.textContent ?? '',
      expanded: a?.getAttribute('aria-expanded') ?? null,
      ring: window.__nnviz.graphFocus().id,
    };
  });
}

describe('keyboard paths', () => {
  it('the graph: Tab reaches the units; arrows walk layers, units and weights with spoken values', async () => {
    const { v } = await openXor('light');
    const p = v.page;
    await p.focus('[data-testid="graph-mirror"] [tabindex="0"]');
    let f = await focused(p);
    assert.equal(f.role, 'treeitem');
    assert.match(f.text, /^Layer 1 \(input\): 2 units and the bias unit x₀ = \+1$/);
    await p.keyboard.press('ArrowDown');
    f = await focused(p);
    assert.match(f.text, /^Layer 2 \(hidden, g = sigmoid\): 2 units/);
    await p.keyboard.press('ArrowRight'); // opens layer 2
    assert.equal((await focused(p)).expanded, 'true');
    await p.keyboard.press('ArrowRight'); // its first unit: the bias a₀⁽²⁾
    assert.equal((await focused(p)).text, 'a₀⁽²⁾ = +1, bias unit');
    await p.keyboard.press('ArrowDown');
    f = await focused(p);
    // The inspected sample's a and z of unit 1 of layer 2, as the frame has them.
    const { theta } = fx.xorStepRecords();
    const net = fx.logicNet('xor');
    const fw = fx.forward(net.sizes, net.acts, theta, net.inputs[1]);
    const a = fw.a[1][0];
    const z = fw.z[0][0];
    const said = /^a₁⁽²⁾ = ([−\d.e]+), z = ([−\d.e]+), δ = [−\d.e]+$/.exec(f.text);
    assert.ok(said, f.text);
    assert.ok(Math.abs(num(said[1]) - a) < 5e-4 && Math.abs(num(said[2]) - z) < 5e-4, f.text);
    assert.equal(f.ring, 'n-2-1', 'the focused unit is ringed on the canvas');
    await p.keyboard.press('Enter'); // selects the unit and explains it; Esc comes back to the unit
    await p.waitForFunction(() => window.__nnviz.ui().selectedUnit?.unit === 1);
    await p.waitForFunction(() => !document.querySelector('[data-testid="explain-panel"]').hidden);
    await p.keyboard.press('Escape');
    assert.equal((await focused(p)).ring, 'n-2-1', 'Esc brings the focus back to the unit');
    await p.keyboard.press('ArrowRight'); // open the unit: its weights Θ₁ᵢ⁽¹⁾, bias first
    await p.keyboard.press('ArrowRight');
    f = await focused(p);
    assert.match(f.text, /^Θ₁₀⁽¹⁾ = [−\d.]+, gradient [−\d.e]+, from the bias x₀ to a₁⁽²⁾$/);
    assert.equal(f.ring, 'e-1-1-0');
    await p.keyboard.press('ArrowDown');
    f = await focused(p);
    assert.match(f.text, /^Θ₁₁⁽¹⁾ = .*, from x₁ to a₁⁽²⁾$/);
    await p.keyboard.press('ArrowLeft'); // to the unit
    await p.keyboard.press('ArrowLeft'); // closes it
    f = await focused(p);
    assert.equal(f.expanded, 'false');
    assert.equal(f.ring, 'n-2-1');
    await p.keyboard.press('End');
    assert.match((await focused(p)).text, /^Layer 3 \(output/);
    // Only one item of the tree is in the tab order.
    assert.equal(await p.locator('[data-testid="graph-mirror"] [tabindex="0"]').count(), 1);
    await assertClean(v);
    await v.close();
  });

  it('the Θ, D and activation tables: row and column headers in the lecture’s notation', async () => {
    const { v, theta } = await openXor('light');
    const p = v.page;
    await p.click('[data-testid="heatmap-table-toggle"]');
    const t1 = p.locator('[data-testid="matrix-table-1"]');
    await t1.locator('tbody td').first().waitFor();
    assert.match(await t1.locator('caption').textContent(), /^Θ⁽¹⁾: s₂ × \(s₁ \+ 1\) = 2 × 3/);
    const cols = await t1.locator('thead th[scope="col"]').allTextContents();
    assert.deepEqual(cols.slice(1), ['i = 0 (bias +1)', 'i = 1 (x₁)', 'i = 2 (x₂)']);
    const rows = await t1.locator('tbody th[scope="row"]').allTextContents();
    assert.deepEqual(rows, ['j = 1 (a₁⁽²⁾)', 'j = 2 (a₂⁽²⁾)']);
    const first = await t1.locator('tbody tr').first().locator('td').allTextContents();
    assert.equal(first.length, 3);
    first.forEach((cell, i) => assert.ok(Math.abs(num(cell) - theta[0][i]) < 5e-4, `${cell} is Θ₁${i}⁽¹⁾`));
    await v.tab('activations');
    await p.click('[data-testid="activations-table-toggle"]');
    const ta = p.locator('[data-testid="activations-table-2"]');
    await ta.locator('tbody td').first().waitFor();
    assert.deepEqual((await ta.locator('thead th').allTextContents()).slice(1), ['z', 'a = g(z)', "g'(z)"]);
    assert.deepEqual(await ta.locator('tbody th').allTextContents(), ['unit 1 (a₁⁽²⁾)', 'unit 2 (a₂⁽²⁾)']);
    await v.screenshot('a11y-tables', { selector: '.column.right' });
    await assertClean(v);
    await v.close();
  });
});

/** A number as the panel prints it (− for minus). */
function num(text) {
  return Number(text.replace('−', '-'));
}

describe('training progress, forced colours, reduced motion', () => {
  it('announces progress politely, at most every 5 s, with the newest epoch and J', async () => {
    const { v, net } = await openXor('light');
    const p = v.page;
    const live = p.locator('[data-testid="progress-live"]');
    assert.equal(await live.getAttribute('aria-live'), 'polite');
    await p.evaluate(() => {
      window.__announced = [];
      const el = document.querySelector('[data-testid="progress-live"]');
      new MutationObserver(() => window.__announced.push([performance.now(), el.textContent])).observe(el, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    const t0 = await p.evaluate(() => performance.now());
    for (let e = 1; e <= 12; e++)
      await v.send(fx.frame(net, { state: 'running', epochs: 1000 + e * 100, frameId: 100 + e }));
    await v.settle();
    await p.waitForFunction(() => window.__announced.length > 0);
    const t1 = await p.evaluate(() => performance.now());
    const said = await p.evaluate(() => window.__announced);
    assert.match(said[0][1], /^Training: epoch [\d,]+, J = [\d.]+$/);
    // Rate-limited: no more announcements than one per 5 s of the page's clock (plus the first).
    assert.ok(
      said.length <= 1 + Math.floor((t1 - t0) / 5000),
      `${said.length} announcements in ${t1 - t0} ms`,
    );
    for (let k = 1; k < said.length; k++)
      assert.ok(said[k][0] - said[k - 1][0] >= 4999, 'at least 5 s apart');
    // The newest values win: the trailing announcement names the last epoch sent.
    await p.waitForFunction(
      () => /epoch 2,200/.test(document.querySelector('[data-testid="progress-live"]').textContent),
      null,
      {
        timeout: 15000,
      },
    );
    await assertClean(v);
    await v.close();
  });

  it('forced colours: the legend keeps its scale, focus and states have system colours', async () => {
    const v = await openView(env, { theme: 'dark' });
    await v.page.emulateMedia({ forcedColors: 'active' });
    const net = fx.logicNet('xor');
    await loadNet(v, net, { frame: { epochs: 120, inspected: 1 } });
    const s = await v.page.evaluate(() => {
      const bar = getComputedStyle(document.querySelector('.legend-bar'));
      return { legend: bar.backgroundImage, adjust: bar.forcedColorAdjust };
    });
    assert.match(s.legend, /gradient/, 'the colour scale of Θ is kept under forced colours');
    assert.equal(s.adjust, 'none');
    await v.page.focus('[data-testid="graph-mirror"] [tabindex="0"]');
    await v.page.keyboard.press('ArrowDown');
    assert.equal(await v.page.evaluate(() => window.__nnviz.graphFocus().colour), 'Highlight');
    await v.screenshot('a11y-forced-colors');
    await assertClean(v);
    await v.close();
  });

  it('reduced motion: frames jump to their values; no CSS transition runs', async () => {
    const v = await openView(env, { theme: 'light', reducedMotion: 'reduce' });
    const net = fx.logicNet('xor');
    await loadNet(v, net, { frame: { epochs: 10 } });
    await v.send(fx.frame(net, { epochs: 20, frameId: 50 }));
    await v.settle();
    await nextFrames(v.page);
    assert.equal((await v.page.evaluate(() => window.__nnviz.easing())).active, false);
    const durations = await v.page.evaluate(() =>
      [...document.querySelectorAll('*')]
        .map((e) => getComputedStyle(e).transitionDuration)
        .filter((d) => d.split(',').some((x) => parseFloat(x) > 0.01)),
    );
    assert.deepEqual(durations, []);
    await assertClean(v);
    await v.close();
  });
});

describe('screenshots with the keyboard path and tables (four themes, 400 px)', () => {
  for (const theme of THEMES) {
    for (const width of [1280, 400]) {
      it(`${theme}, ${width} px`, async () => {
        const { v } = await openXor(theme, { width, height: 900 });
        const p = v.page;
        await p.focus('[data-testid="graph-mirror"] [tabindex="0"]');
        for (const k of [
          'ArrowDown',
          'ArrowRight',
          'ArrowRight',
          'ArrowDown',
          'ArrowRight',
          'ArrowRight',
          'ArrowDown',
        ])
          await p.keyboard.press(k);
        await p.click('[data-testid="heatmap-table-toggle"]');
        await p.locator('[data-testid="matrix-table-1"] tbody td').first().waitFor();
        await p.focus('[data-testid="graph-mirror"] [tabindex="0"]');
        await v.screenshot(`a11y-${width}`);
        await assertClean(v);
        await v.close();
      });
    }
  }
});
