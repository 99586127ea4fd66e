// The webview end of the stream: a real training worker streams frames at 30 per second; like src/host/session.ts,
// the bench acknowledges the worker on receipt and forwards frames to the view latest-wins (a frame waits while the
// view has not acknowledged the previous one, and a newer one replaces it). The view is dist/webview.js in headless
// Chromium, served by test/webview/harness.mjs with its stubbed VS Code API (reused read-only).
// Measured: latency from the host receiving a worker snapshot to the view having drawn it (its frameAck), and the
// view's own frame time (window.__nnviz.frameTimes(), with the graph rendered synchronously).
/* global window, performance */
import { openView, setup } from '../../test/webview/harness.mjs';
import * as fx from '../../test/webview/fixtures.mjs';
import { startWorker } from './stream.mjs';

/** A structured-clone-like copy with typed arrays as plain arrays (the harness sends JSON and revives them). */
function plain(v) {
  if (ArrayBuffer.isView(v)) return Array.from(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = plain(x);
    return o;
  }
  return v;
}

export async function openBrowser() {
  return setup();
}

/**
 * Streams `spec` from a worker into a fresh view for `seconds` (after `warmup` s). Returns the latency of every
 * drawn frame (ms), the view's frame times (ms), and how many frames were drawn and replaced.
 */
export async function streamToView(env, workerFile, spec, { seconds, warmup = 2, fileName }) {
  const view = await openView(env, { width: 1400, height: 1000 });
  const p = view.page;
  const received = new Map(); // frameId → receipt time (epoch ms)
  let awaiting = null; // frameId the view has not acknowledged yet
  let pending = null;
  let replaced = 0;
  let counting = false;
  const latencies = [];
  let sending = Promise.resolve();
  const post = (frame) => {
    awaiting = frame.frameId;
    const msg = { type: 'frame', frame: plain(frame) };
    sending = sending.then(() => view.send(msg)).catch(() => {});
  };
  await p.exposeFunction('__benchDrawn', (frameId, at) => {
    const t = received.get(frameId);
    received.delete(frameId);
    if (counting && t !== undefined) latencies.push(at - t);
    if (frameId !== awaiting) return;
    awaiting = null;
    if (pending) {
      const f = pending;
      pending = null;
      post(f);
    }
  });
  await p.evaluate(() => {
    const posted = window.__posted;
    posted.push = function (...messages) {
      for (const m of messages) {
        if (m && m.type === 'frameAck')
          window.__benchDrawn(m.frameId, performance.timeOrigin + performance.now());
      }
      return Array.prototype.push.apply(this, messages);
    };
  });
  let started = false;
  const w = await startWorker(workerFile, spec, 30, (frame, at) => {
    if (!started) return; // frames before the view has the document and session are dropped, as the host does
    received.set(frame.frameId, at);
    if (awaiting !== null) {
      if (pending) {
        received.delete(pending.frameId);
        replaced++;
      }
      pending = frame;
    } else post(frame);
  });
  await view.send(fx.documentMessage(spec, fileName));
  await view.send(
    fx.sessionMessage('running', w.info, {
      learningRate: spec.training.learningRate,
      lambda: 0,
      batchSize: spec.training.batchSize,
      optimizer: 'gd',
    }),
  );
  started = true;
  await new Promise((r) => setTimeout(r, warmup * 1000));
  await p.evaluate(() => {
    window.__nnviz.measureRender(true);
    window.__nnviz.clearFrameTimes();
  });
  counting = true;
  replaced = 0;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  counting = false;
  const frameTimes = await p.evaluate(() => window.__nnviz.frameTimes());
  const problems = await view.allProblems();
  await w.stop();
  await sending;
  await view.close();
  if (w.errors.length) throw new Error(`worker error: ${w.errors.join('; ')}`);
  return { latencies, frameTimes, drawn: latencies.length, replaced, problems };
}
