/**
 * Frames from a session to its views, latest wins: each view holds at most FRAMES_IN_FLIGHT frames it has not
 * acknowledged (drawn); a newer frame waits in the view's `pending`, replacing an older one. Each view gets the history
 * points it has not seen, whatever frames it skipped.
 */
import type { Frame, History, ToWebview } from '../protocol';
import { historySlice } from '../shared/history';

/** A view (webview panel) attached to a session; the session streams to it with latest-wins backpressure. */
export interface SessionView {
  readonly id: number;
  post(message: ToWebview): void;
  /**
   * The newest frame posted and not yet acknowledged (null: none). At most FRAMES_IN_FLIGHT frames are unacknowledged;
   * further ones wait in `pending`, the newest replacing older ones.
   */
  awaitingAck: number | null;
  pending: Frame | null;
  /** How many history points this view has received. */
  historySent: number;
  ready: boolean;
}

/**
 * Two, so that the round trip of one (code-server's websocket, a busy machine) does not halve the frames a view draws
 * while a class watches; never more, so nothing piles up.
 */
export const FRAMES_IN_FLIGHT = 2;

export class FrameStreams {
  /** Per view, the frames posted and not yet acknowledged, oldest first. */
  private readonly inFlight = new WeakMap<SessionView, number[]>();

  constructor(private readonly history: () => History) {}

  /** A new frame for `view`: posted now, or kept as the one to post next. */
  offer(view: SessionView, frame: Frame): void {
    if (!view.ready) return;
    if (this.unacked(view).length >= FRAMES_IN_FLIGHT) {
      view.pending = frame; // latest wins
      return;
    }
    this.send(view, frame);
  }

  /** The view drew frame `frameId` (and every older one it was sent): post the newest waiting one, if any. */
  ack(view: SessionView, frameId: number): void {
    const ids = this.unacked(view);
    const k = ids.indexOf(frameId);
    if (k < 0) return;
    ids.splice(0, k + 1);
    view.awaitingAck = ids.at(-1) ?? null;
    if (view.pending && ids.length < FRAMES_IN_FLIGHT) this.send(view, view.pending);
  }

  /** The view (re)loaded or the session restarted: nothing in flight, nothing waiting. */
  reset(view: SessionView): void {
    this.inFlight.delete(view);
    view.awaitingAck = null;
    view.pending = null;
  }

  private send(view: SessionView, frame: Frame): void {
    const history = this.history();
    const toView: Frame = {
      ...frame,
      historyStart: view.historySent,
      history: historySlice(history, view.historySent),
    };
    view.historySent = history.epoch.length;
    this.unacked(view).push(frame.frameId);
    view.awaitingAck = frame.frameId;
    view.pending = null;
    view.post({ type: 'frame', frame: toView });
  }

  private unacked(view: SessionView): number[] {
    let ids = this.inFlight.get(view);
    if (!ids) this.inFlight.set(view, (ids = []));
    return ids;
  }
}
