// Between frames the picture eases (edge widths and colours, unit fills, heatmap cells) within a frame interval;
// prefers-reduced-motion switches it off.
// Functions passed to page.evaluate run in the browser:
/* global window, performance */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as fx from './fixtures.mjs';
import { assertClean, loadNet, nextFrames, openView, paintRecord, setup } from './harness.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

/** Sends a second frame whose Θ⁽²⁾ changed sign, a slow pace after the first, and records the edge's widths. */
async function secondFrame(v, net) {
  // A slow pace: the next frame comes a quarter of a second after the last one.
  await v.page.waitForFunction(() => {
    window.__t0 ??= performance.now();
    return performance.now() - window.__t0 > 250;
  });
  const theta = net.theta.map((t) => t.map((x) => -x));
  const widths = [];
  await v.send(fx.frame(net, { frameId: 2, state: 'running', epochs: 21, theta }));
  // The page draws the new frame at its next animation frame: until then the easing it reports is the first frame's.
  await v.page.waitForFunction(() => window.__nnviz.easing().frameId === 2);
  for (;;) {
    const rec = await paintRecord(v.page, 'e-2-1-1');
    widths.push(rec.c);
    const e = await v.page.evaluate(() => window.__nnviz.easing());
    if (!e.active) return { log: e.log, trace: e.trace, colours: widths };
    await nextFrames(v.page);
  }
}

describe('easing between frames', () => {
  it('edges, units and cells move through intermediate values to the new frame', async () => {
    const v = await openView(env, { reducedMotion: 'no-preference' });
    const net = fx.logicNet('xor');
    await loadNet(v, net, { state: 'running' });
    await v.page.evaluate(() => void (window.__t0 = performance.now()));
    const { log, colours } = await secondFrame(v, net);
    assert.ok(
      log.some((k) => k > 0 && k < 1),
      `intermediate steps drawn (${log.map((k) => k.toFixed(2))})`,
    );
    assert.equal(log.at(-1), 1, 'it arrives at the new frame');
    assert.ok(new Set(colours).size >= 2, 'the edge changed colour on the way');
    await assertClean(v);
    await v.close();
  });

  it('prefers-reduced-motion: the new frame at once', async () => {
    const v = await openView(env, { reducedMotion: 'reduce' });
    const net = fx.logicNet('xor');
    await loadNet(v, net, { state: 'running' });
    await v.page.evaluate(() => void (window.__t0 = performance.now()));
    const { log } = await secondFrame(v, net);
    assert.deepEqual(log, [1], 'one draw, at the end');
    await assertClean(v);
    await v.close();
  });
});
