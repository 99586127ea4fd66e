/** Frames to a view: at most two unacknowledged, the newest waiting one replaces older ones, history never lost. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { FrameStreams, FRAMES_IN_FLIGHT, type SessionView } from '../../../src/host/frameStreams';
import { emptyHistory, mergeHistory } from '../../../src/history';
import type { Frame, History, ToWebview, ViewFrame } from '../../../src/protocol';

function frame(frameId: number, epoch: number): Frame {
  return {
    frameId,
    state: 'running',
    epoch,
    iteration: epoch,
    J: 1 / (epoch + 1),
    validationJ: null,
    accuracy: null,
    validationAccuracy: null,
    samplesPerSecond: 0,
    theta: [],
    D: null,
    update: null,
    inspected: null,
    dropped: null,
    boundary: null,
    historyStart: 0,
    history: emptyHistory(),
    earlyStopEpoch: null,
    table: null,
    message: null,
  };
}

function view(): SessionView & { got: ViewFrame[] } {
  const got: ViewFrame[] = [];
  return {
    id: 1,
    got,
    post: (m: ToWebview) => void (m.type === 'frame' && got.push(m.frame)),
    awaitingAck: null,
    pending: null,
    historySent: 0,
    ready: true,
  };
}

describe('frames to a view', () => {
  it('keeps two in flight, then the newest waits; each ack lets the next one go', () => {
    const h: History = emptyHistory();
    const streams = new FrameStreams(() => h);
    const v = view();
    for (let e = 0; e <= 5; e++) {
      mergeHistory(h, e, {
        epoch: [e],
        J: [e],
        validationJ: [null],
        accuracy: [null],
        validationAccuracy: [null],
      });
      streams.offer(v, frame(e + 1, e));
    }
    assert.equal(FRAMES_IN_FLIGHT, 2);
    assert.deepEqual(
      v.got.map((f) => f.frameId),
      [1, 2],
      'two frames in flight',
    );
    assert.equal(v.pending?.frameId, 6, 'the newest frame waits, older ones were dropped');
    streams.ack(v, 1);
    assert.deepEqual(
      v.got.map((f) => f.frameId),
      [1, 2, 6],
    );
    assert.equal(v.pending, null);
    // Every history point reached the view exactly once, whatever frames it skipped.
    const seen = emptyHistory();
    for (const f of v.got) mergeHistory(seen, f.historyStart, f.history);
    assert.deepEqual(seen.epoch, [0, 1, 2, 3, 4, 5]);
    streams.ack(v, 6); // acknowledges 2 as well
    assert.equal(v.awaitingAck, null);
    streams.ack(v, 6);
    assert.equal(v.awaitingAck, null, 'a repeated ack changes nothing');
  });
});
