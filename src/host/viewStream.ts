/**
 * What a session delivers to one view (a webview panel): frames with latest-wins flow control, and the history points
 * the view has not seen. At most FRAMES_IN_FLIGHT frames are unacknowledged (not yet drawn); a newer frame waits,
 * replacing an older waiting one. Whatever frames a view skips, it gets every history point exactly once.
 */
import type { Frame, History, ToWebview } from '../protocol';
import { historySlice } from '../shared/history';

/**
 * Two, so that the round trip of one (code-server's websocket, a busy machine) does not halve the frames a view draws
 * while a class watches; never more, so nothing piles up.
 */
export const FRAMES_IN_FLIGHT = 2;

export class ViewStream {
  private isReady = false;
  /** The frames posted and not yet acknowledged, oldest first. */
  private inFlight: number[] = [];
  private waiting: Frame | null = null;
  private sentHistory = 0;

  constructor(
    readonly id: number,
    private readonly postMessage: (message: ToWebview) => void,
  ) {}

  /** Whether the view's page has loaded (and asked for the picture); nothing is streamed to it before. */
  get ready(): boolean {
    return this.isReady;
  }

  /** The newest frame posted and not yet acknowledged (null: none). */
  get awaitingAck(): number | null {
    return this.inFlight.at(-1) ?? null;
  }

  /** The frame waiting to be posted when an acknowledgement makes room. */
  get pending(): Frame | null {
    return this.waiting;
  }

  /** How many history points this view has received. */
  get historySent(): number {
    return this.sentHistory;
  }

  /** The view's page loaded (or reloaded): it starts from nothing. */
  markReady(): void {
    this.isReady = true;
    this.reset();
  }

  post(message: ToWebview): void {
    this.postMessage(message);
  }

  /** The whole history (on load, reset and restart): the view starts its curves over from it. */
  sendHistory(history: History): void {
    if (!this.isReady) return;
    this.sentHistory = history.epoch.length;
    this.post({ type: 'history', history });
  }

  /** A new frame: posted now, or kept as the one to post next (latest wins). */
  offer(frame: Frame, history: History): void {
    if (!this.isReady) return;
    // The worker sent points again from an earlier index (an estimate made exact): this view gets them again too.
    this.sentHistory = Math.min(this.sentHistory, frame.historyStart);
    if (this.inFlight.length >= FRAMES_IN_FLIGHT) this.waiting = frame;
    else this.send(frame, history);
  }

  /** The view drew frame `frameId` (and every older one it was sent): post the newest waiting one, if any. */
  ack(frameId: number, history: History): void {
    const k = this.inFlight.indexOf(frameId);
    if (k < 0) return;
    this.inFlight.splice(0, k + 1);
    if (this.waiting && this.inFlight.length < FRAMES_IN_FLIGHT) this.send(this.waiting, history);
  }

  /** The session restarted: nothing in flight, nothing waiting. */
  reset(): void {
    this.inFlight = [];
    this.waiting = null;
  }

  private send(frame: Frame, history: History): void {
    const toView: Frame = {
      ...frame,
      historyStart: this.sentHistory,
      history: historySlice(history, this.sentHistory),
    };
    this.sentHistory = history.epoch.length;
    this.inFlight.push(frame.frameId);
    this.waiting = null;
    this.post({ type: 'frame', frame: toView });
  }
}
