/** Frames to a view: at most two unacknowledged, the newest waiting one replaces older ones, history never lost. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { FRAMES_IN_FLIGHT, ViewStream } from '../../../src/host/viewStream';
import { emptyHistory, mergeHistory } from '../../../src/shared/history';
import type { Frame, History, ToWebview, ViewFrame } from '../../../src/protocol';

/** Frame `frameId` at `epoch`, whose history points (sent by the worker) start at index `historyStart`. */
function frame(frameId: number, epoch: number, historyStart = epoch): Frame {
  return {
    frameId,
    state: 'running',
    epoch,
    iteration: epoch,
    J: 1 / (epoch + 1),
    validationJ: null,
    accuracy: null,
    validationAccuracy: null,
    estimated: false,
    evaluatedEpoch: epoch,
    samplesPerSecond: 0,
    theta: [],
    D: null,
    update: null,
    inspected: null,
    dropped: null,
    boundary: null,
    historyStart,
    history: emptyHistory(),
    earlyStopEpoch: null,
    table: null,
    message: null,
  };
}

function view(): ViewStream & { got: ViewFrame[] } {
  const got: ViewFrame[] = [];
  const v = new ViewStream(1, (m: ToWebview) => void (m.type === 'frame' && got.push(m.frame)));
  v.markReady();
  return Object.assign(v, { got });
}

describe('frames to a view', () => {
  it('keeps two in flight, then the newest waits; each ack lets the next one go', () => {
    const h: History = emptyHistory();
    const v = view();
    for (let e = 0; e <= 5; e++) {
      mergeHistory(h, e, {
        epoch: [e],
        J: [e],
        validationJ: [null],
        accuracy: [null],
        validationAccuracy: [null],
        estimated: [false],
      });
      v.offer(frame(e + 1, e), h);
    }
    assert.equal(FRAMES_IN_FLIGHT, 2);
    assert.deepEqual(
      v.got.map((f) => f.frameId),
      [1, 2],
      'two frames in flight',
    );
    assert.equal(v.pending?.frameId, 6, 'the newest frame waits, older ones were dropped');
    v.ack(1, h);
    assert.deepEqual(
      v.got.map((f) => f.frameId),
      [1, 2, 6],
    );
    assert.equal(v.pending, null);
    // Every history point reached the view exactly once, whatever frames it skipped.
    const seen = emptyHistory();
    for (const f of v.got) mergeHistory(seen, f.historyStart, f.history);
    assert.deepEqual(seen.epoch, [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(
      v.got.map((f) => f.history.epoch.length),
      [1, 1, 4],
      'each point once',
    );
    v.ack(6, h); // acknowledges 2 as well
    assert.equal(v.awaitingAck, null);
    v.ack(6, h);
    assert.equal(v.awaitingAck, null, 'a repeated ack changes nothing');
  });

  it('a point the worker sends again (an estimate made exact) reaches the view again, in its place', () => {
    const h: History = emptyHistory();
    const v = view();
    const point = (e: number, J: number, estimated: boolean): History => ({
      epoch: [e],
      J: [J],
      validationJ: [null],
      accuracy: [estimated ? null : 0.75],
      validationAccuracy: [null],
      estimated: [estimated],
    });
    mergeHistory(h, 0, point(0, 0.7, false));
    v.offer(frame(1, 0, 0), h);
    mergeHistory(h, 1, point(1, 0.6, true));
    v.offer(frame(2, 1, 1), h);
    v.ack(2, h);
    // The run paused at epoch 1's Θ: the worker sends point 1 again, exact.
    mergeHistory(h, 1, point(1, 0.59, false));
    v.offer(frame(3, 1, 1), h);
    const seen = emptyHistory();
    for (const f of v.got) mergeHistory(seen, f.historyStart, f.history);
    assert.deepEqual(seen.epoch, [0, 1]);
    assert.deepEqual(seen.J, [0.7, 0.59]);
    assert.deepEqual(seen.estimated, [false, false]);
    assert.deepEqual(seen.accuracy, [0.75, 0.75]);
  });

  it('sends nothing before the view is ready; a reset forgets what was in flight', () => {
    const h: History = emptyHistory();
    const got: ViewFrame[] = [];
    const v = new ViewStream(2, (m: ToWebview) => void (m.type === 'frame' && got.push(m.frame)));
    v.offer(frame(1, 0), h);
    assert.equal(got.length, 0, 'a view that has not loaded gets no frame');
    v.markReady();
    v.offer(frame(2, 0), h);
    v.offer(frame(3, 0), h);
    v.offer(frame(4, 0), h);
    assert.equal(v.pending?.frameId, 4);
    v.reset();
    assert.equal(v.awaitingAck, null);
    assert.equal(v.pending, null);
    v.offer(frame(5, 0), h);
    assert.deepEqual(
      got.map((f) => f.frameId),
      [2, 3, 5],
      'after a reset the view takes frames again at once',
    );
  });
});
