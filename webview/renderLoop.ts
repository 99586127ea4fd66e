/**
 * One requestAnimationFrame for everything: schedule() asks for a draw, several asks before it runs make one draw.
 * Frames received since the last draw are acknowledged (frameAck) after the draw that showed the newest of them,
 * which is what lets the host send the next one. The draw's time is kept for the frame-time benchmark.
 */
import { FrameProfile } from './profile';

export class RenderLoop {
  readonly profile = new FrameProfile();
  /** Milliseconds per draw that acknowledged a frame, the newest 1,000. */
  readonly frameTimes: number[] = [];
  /** While measuring, also time a synchronous cytoscape render (the benchmark's "cytoscape" section). */
  measureRender = false;
  private scheduled = false;
  private pendingAcks: number[] = [];

  constructor(
    private readonly draw: () => void,
    private readonly ack: (frameId: number) => void,
    private readonly onError: (e: unknown) => void,
  ) {}

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.run());
  }

  /** Frame `frameId` arrived: it is acknowledged after the next draw. */
  received(frameId: number): void {
    this.pendingAcks.push(frameId);
    this.schedule();
  }

  private run(): void {
    this.scheduled = false;
    const t0 = performance.now();
    try {
      this.draw();
    } catch (e) {
      this.onError(e);
    }
    if (!this.pendingAcks.length) return;
    this.frameTimes.push(performance.now() - t0);
    if (this.frameTimes.length > 1000) this.frameTimes.splice(0, this.frameTimes.length - 1000);
    for (const id of this.pendingAcks) this.ack(id);
    this.pendingAcks = [];
  }
}
