// Layout and themes, measured rather than eyeballed: at 400 px every tab and button is inside the panel (nothing
// clipped, no sideways scrolling, keyboard focus does not shift the panel), and in the four theme kinds (light, dark,
// high-contrast dark, high-contrast light) the colours actually drawn keep their contrast against the background:
// graph edges ≥ 3:1, the heatmaps' frames and the ends of their scale ≥ 3:1, text ≥ 4.5:1. Screenshots of each theme at
// 400 px and 1280 px into test-results/webview-theme-<width>-<view>-<theme>.png.
// Functions passed to page.evaluate run in the browser:
/* global window, document, getComputedStyle, Node */
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

const THEMES = ['light', 'dark', 'high-contrast', 'high-contrast-light'];

function luminance([r, g, b]) {
  const f = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Every distinct edge colour the graph's overlay paints, and the background, as RGB. */
function edgeColours(page) {
  return page.evaluate(() => {
    const ctx = document.createElement('canvas').getContext('2d');
    const rgb = (css) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
    };
    const cols = new Set(
      window.__nnviz.cy
        .edges()
        .toArray()
        .map((e) => e.scratch('paint')?.c)
        .filter(Boolean),
    );
    return {
      edges: [...cols].map((c) => [c, rgb(c)]),
      bg: rgb(getComputedStyle(document.body).backgroundColor),
    };
  });
}

/**
 * Text in the light DOM that a user sees: each element with its own visible text, its colour and the first opaque
 * background behind it (the body's when none).
 */
function textColours(page) {
  return page.evaluate(() => {
    const parse = (c) => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(c);
      return m ? { rgb: [+m[1], +m[2], +m[3]], a: m[4] === undefined ? 1 : +m[4] } : null;
    };
    const out = [];
    for (const e of document.querySelectorAll('#app *')) {
      const own = [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      if (!own || !e.checkVisibility?.() || e.closest('[hidden], [aria-hidden="true"]')) continue;
      const r = e.getBoundingClientRect();
      if (!r.width || !r.height) continue;
      const st = getComputedStyle(e);
      let bg = null;
      for (let p = e; p && !bg; p = p.parentElement) {
        const b = parse(getComputedStyle(p).backgroundColor);
        if (b && b.a >= 0.99) bg = b.rgb;
      }
      bg ??= parse(getComputedStyle(document.body).backgroundColor).rgb;
      const fg = parse(st.color);
      const opacity = [
        ...(function* up(x) {
          for (let p = x; p; p = p.parentElement) yield +getComputedStyle(p).opacity;
        })(e),
      ].reduce((a, b) => a * b, 1);
      if (fg && opacity > 0.5)
        out.push({ text: e.textContent.trim().slice(0, 40), cls: e.className, fg: fg.rgb, bg });
    }
    return out;
  });
}

async function loadAll(v) {
  const net = fx.fourClassNet();
  net.dataset = { ...net.dataset, classNames: ['pedestrian', 'car', 'motorcycle', 'truck'] };
  await loadNet(v, net, { frame: { epochs: 60 } });
}

describe('layout and themes', () => {
  for (const theme of THEMES) {
    it(`${theme}: edges ≥ 3:1, heatmap frames ≥ 3:1, text ≥ 4.5:1; screenshots at 1280 px`, async () => {
      const v = await openView(env, { theme, width: 1280, height: 1000 });
      await loadAll(v);
      const { edges, bg } = await edgeColours(v.page);
      assert.ok(edges.length >= 2, 'edges drawn');
      for (const [css, rgb] of edges)
        assert.ok(
          contrast(rgb, bg) >= 3 - 0.05,
          `edge ${css}: ${contrast(rgb, bg).toFixed(2)}:1 against the background`,
        );
      // The heatmaps: the matrices' frames and both ends of the colour scale.
      const scales = await v.page.evaluate(() => window.__nnviz.heatmapMax());
      const rgbOf = (css) =>
        v.page.evaluate((c) => {
          const ctx = document.createElement('canvas').getContext('2d');
          ctx.fillStyle = c;
          ctx.fillRect(0, 0, 1, 1);
          return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
        }, css);
      for (const css of [scales[0].frame, ...scales[0].ends]) {
        const c = contrast(await rgbOf(css), bg);
        assert.ok(c >= 3 - 0.05, `heatmap colour ${css}: ${c.toFixed(2)}:1 against the background`);
      }
      const texts = await textColours(v.page);
      assert.ok(texts.length >= 30, `the texts of the panel were found (${texts.length})`);
      const low = texts.filter((t) => contrast(t.fg, t.bg) < 4.5 - 0.05);
      assert.deepEqual(
        low.map((t) => `${t.text} (${t.cls}): ${contrast(t.fg, t.bg).toFixed(2)}:1`),
        [],
        'every text at 4.5:1 or more',
      );
      await v.screenshot(`theme-1280-weights`);
      await v.tab('boundary');
      await v.screenshot(`theme-1280-boundary`);
      await assertClean(v);
      await v.close();
    });

    it(`${theme}: at 400 px every tab and button is inside the panel; focus does not shift it`, async () => {
      const v = await openView(env, { theme, width: 400, height: 900 });
      await loadAll(v);
      const outside = await v.page.evaluate(() => {
        const W = document.documentElement.clientWidth;
        const sel = 'vscode-panel-tab:not([hidden]), vscode-button, vscode-checkbox, vscode-dropdown, button';
        return [...document.querySelectorAll(sel)]
          .filter((e) => e.checkVisibility?.() && !e.closest('[hidden]'))
          .map((e) => ({ e, r: e.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && (r.left < -0.5 || r.right > W + 0.5))
          .map(
            ({ e, r }) =>
              `${e.tagName.toLowerCase()} “${e.textContent.trim().slice(0, 30)}” ${r.left}…${r.right}`,
          );
      });
      assert.deepEqual(outside, [], 'nothing outside the 400 px panel');
      const overflow = await v.page.evaluate(
        () => document.scrollingElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px too wide)`);
      // Keyboard: focus the Labs tab, then move along the tabs; nothing scrolls sideways.
      await v.page.focus('#tab-labs');
      for (let k = 0; k < 5; k++) await v.page.keyboard.press('ArrowLeft');
      await v.page.keyboard.press('Enter');
      const shifted = await v.page.evaluate(() => {
        let s = window.scrollX;
        for (let p = document.activeElement; p; p = p.parentElement) s += p.scrollLeft;
        return s;
      });
      assert.equal(shifted, 0, 'keyboard focus does not shift the panel');
      await nextFrames(v.page);
      await v.screenshot(`theme-400-weights`);
      await v.tab('boundary');
      await v.screenshot(`theme-400-boundary`);
      await assertClean(v);
      await v.close();
    });
  }
});
