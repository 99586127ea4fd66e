/**
 * The labs of a session (session.labs): the loss-surface slice (one at a time; a newer request cancels the older one)
 * and the race (whole histories, merged from the worker's frames). The session owns the worker; the labs send their
 * requests through it and keep what they streamed.
 */
import type { Disposable } from 'vscode';
import type { RaceFrame, RaceSpec, SurfaceAxes, SurfaceResult, ToWebview, ToWorker } from '../protocol';
import { mergeRaceFrame } from './sessionHelpers';
import { WorkerRequestError, type WorkerClient } from './workerClient';

export interface LabsContext {
  label(): string;
  log: { info(message: string): void; warn(message: string): void };
  broadcast(message: ToWebview): void;
  /** The session's worker (started again after a crash); null once the session is closed. */
  worker(): WorkerClient | null;
  /** Post to the worker if there is one. */
  post(message: ToWorker): void;
  /** Why no slice can be computed now (the network has errors), or null. */
  refusal(): string | null;
}

export class SessionLabs {
  /** The requestId of the newest loss-surface request (views match progress and results by it). */
  private surfaceRequestId = 0;
  private surface: SurfaceResult | null = null;
  private wholeRace: RaceFrame | null = null;
  private nextRaceId = 1;
  private readonly raceListeners = new Set<(race: RaceFrame) => void>();

  constructor(private readonly context: LabsContext) {}

  /** The last slice computed (sent to a view that loads). */
  get lastSurface(): SurfaceResult | null {
    return this.surface;
  }

  /** The whole race, merged from its frames; null = none. */
  get race(): RaceFrame | null {
    return this.wholeRace;
  }

  /** The worker restarted: nothing it computed stands. */
  clear(): void {
    this.wholeRace = null;
    this.surface = null;
  }

  /** Compute a loss-surface slice through the current Θ; a newer request replaces (cancels) an older one. */
  async requestSurface(axes: SurfaceAxes, resolution: number, range: number): Promise<SurfaceResult> {
    const refusal = this.context.refusal();
    if (refusal) throw new Error(refusal);
    const worker = this.context.worker();
    if (!worker) throw new Error(`${this.context.label()} is closed.`);
    const requestId = ++this.surfaceRequestId;
    try {
      const result = await worker.request({
        type: 'surface',
        request: { requestId, axes, resolution, range },
      });
      if (requestId === this.surfaceRequestId) {
        this.surface = result;
        this.context.broadcast({ type: 'surface', result });
      }
      return result;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const cancelled = e instanceof WorkerRequestError && e.cancelled;
      if (!cancelled) this.context.log.warn(`${this.context.label()}: ${message}`);
      this.context.broadcast({ type: 'surfaceRefused', requestId, message, cancelled });
      throw e;
    }
  }

  /** Progress of the newest slice, for the views. */
  onSurfaceProgress(message: Extract<ToWebview, { type: 'surfaceProgress' }>): void {
    if (message.requestId === this.surfaceRequestId) this.context.broadcast(message);
  }

  cancelSurface(): void {
    this.context.post({ type: 'cancelSurface', requestId: this.surfaceRequestId });
  }

  /** Start a race (a running one is cancelled first); returns its id. */
  startRace(race: RaceSpec): number {
    const worker = this.context.worker();
    const raceId = this.nextRaceId++;
    if (this.wholeRace?.state === 'running')
      worker?.post({ type: 'cancelRace', raceId: this.wholeRace.raceId });
    worker?.post({ type: 'race', raceId, race });
    this.context.log.info(
      `${this.context.label()}: race ${raceId} varying ${race.vary}: ${JSON.stringify(race.values)}`,
    );
    return raceId;
  }

  cancelRace(): void {
    if (this.wholeRace) this.context.post({ type: 'cancelRace', raceId: this.wholeRace.raceId });
  }

  /** Merge a race frame's new points into the whole race, and pass the frame on to the views. */
  onRaceFrame(frame: RaceFrame): void {
    const race = mergeRaceFrame(this.wholeRace, frame);
    this.wholeRace = race;
    if (frame.state !== 'running')
      this.context.log.info(
        `${this.context.label()}: race ${frame.state}: ${frame.runs.map((r) => `${r.label} ${r.state} J = ${r.J}`).join('; ')}`,
      );
    this.context.broadcast({ type: 'raceFrame', frame });
    for (const l of this.raceListeners) l(race);
  }

  onRace(listener: (race: RaceFrame) => void): Disposable {
    this.raceListeners.add(listener);
    return { dispose: () => void this.raceListeners.delete(listener) };
  }
}
