// Replays frames of a network being trained, for XOR (2-2-1) and MNIST-sized 784-64-10, and asserts what a class
// relies on: every frame is drawn exactly once and the console stays clean. Not a timing test: as a by-product it
// records (never asserts) the time to draw one frame (the views' own work, including the graph's overlay
// canvas paint, plus a synchronous cytoscape render), for BENCHMARKS.md.
// Printed and written to test-results/webview-frame-times.json. Headless Chromium here renders without a GPU.
// Functions passed to page.evaluate run in the browser:
/* global window */
import assert from 'node:assert/strict';
import { cpus, loadavg } from 'node:os';
import { after, before, describe, it } from 'node:test';
import * as fx from './fixtures.mjs';
import { assertClean, loadNet, nextFrames, openView, setup, writeResult } from './harness.mjs';

// 30 frames in `npm test`; the figures in BENCHMARKS.md replay 100: NN_VIZ_REPLAY_FRAMES=100 node --test <this file>.
const FRAMES = Number(process.env.NN_VIZ_REPLAY_FRAMES ?? 30);
let env;
const figures = {};

before(async () => {
  env = await setup();
});
after(async () => {
  writeResult('webview-frame-times.json', {
    frames: FRAMES,
    unit: 'ms',
    note: 'view update (incl. the graph overlay paint) + synchronous cytoscape render, headless Chromium without GPU',
    cores: cpus().length,
    loadAverage: loadavg().map((x) => +x.toFixed(2)),
    ...figures,
  });
  console.log(`frame times (ms): ${JSON.stringify(figures)}`);
  await env?.close();
});

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Θ after k small training-like steps: each weight drifts by a seeded random walk. */
function drift(theta, k, seed) {
  const rand = fx.rng(seed + k);
  return theta.map((t) => t.map((v) => v * (1 + 0.004 * k) + (rand() - 0.5) * 0.02));
}

async function replay(name, net) {
  const v = await openView(env, { width: 1400, height: 1000 });
  await loadNet(v, net, { state: 'running' });
  await v.page.evaluate(() => {
    window.__nnviz.measureRender(true);
    window.__nnviz.clearFrameTimes();
    window.__nnviz.clearProfile();
  });
  for (let k = 1; k <= FRAMES; k++) {
    await v.send(
      fx.frame(net, {
        frameId: 100 + k,
        state: 'running',
        epochs: 20 + k,
        theta: drift(net.theta, k, 11),
        fullHistory: fx.history(20 + k),
        historyStart: 19 + k,
        inspected: k % (net.inputs?.length ?? 50),
      }),
    );
    await v.settle();
  }
  await nextFrames(v.page);
  const times = (await v.page.evaluate(() => window.__nnviz.frameTimes())).sort((a, b) => a - b);
  assert.equal(times.length, FRAMES, 'every frame drawn once');
  figures[name] = {
    median: +quantile(times, 0.5).toFixed(2),
    p95: +quantile(times, 0.95).toFixed(2),
    max: +times[times.length - 1].toFixed(2),
    // Where the time goes, per view (performance.now() around each one's work), to find the spikes.
    sections: await v.page.evaluate(() => window.__nnviz.profile()),
  };
  await assertClean(v);
  await v.close();
}

describe('a replay of training frames', () => {
  it('XOR 2-2-1: every frame drawn once, the console clean (frame times recorded, not asserted)', async () => {
    await replay('xor-2-2-1', fx.logicNet('xor'));
  });
  it('MNIST 784-64-10: every frame drawn once, the console clean (frame times recorded, not asserted)', async () => {
    await replay('mnist-784-64-10', fx.mnistNet());
  });
});
