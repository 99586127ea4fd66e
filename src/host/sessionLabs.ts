/**
 * The labs of a session: the loss-surface slice (one at a time; a newer request cancels the older one) and the race
 * (whole histories, merged from the worker's frames). The session owns the worker; this keeps what the labs streamed.
 */
import type { Disposable } from 'vscode';
import type { RaceFrame, RaceSpec, SurfaceAxes, SurfaceResult, ToWebview, ToWorker } from '../protocol';
import { mergeRaceFrame } from './sessionHelpers';
import { WorkerRequestError, type WorkerClient } from './workerClient';

export interface LabsContext {
  label(): string;
  log: { info(message: string): void; warn(message: string): void };
  broadcast(message: ToWebview): void;
}

export class SessionLabs {
  /** The requestId of the newest loss-surface request (views match progress and results by it). */
  private surfaceRequestId = 0;
  private lastSurface: SurfaceResult | null = null;
  private race: RaceFrame | null = null;
  private nextRaceId = 1;
  private readonly raceListeners = new Set<(race: RaceFrame) => void>();

  constructor(private readonly context: LabsContext) {}

  /** The last slice computed (sent to a view that loads). */
  get surface(): SurfaceResult | null {
    return this.lastSurface;
  }

  /** The whole race, merged from its frames; null = none. */
  get wholeRace(): RaceFrame | null {
    return this.race;
  }

  /** The worker restarted: nothing it computed stands. */
  clear(): void {
    this.race = null;
    this.lastSurface = null;
  }

  /** A loss-surface slice through the current Θ; the worker cancels an older one still running. */
  async requestSurface(
    worker: WorkerClient,
    axes: SurfaceAxes,
    resolution: number,
    range: number,
  ): Promise<SurfaceResult> {
    const requestId = ++this.surfaceRequestId;
    try {
      const result = await worker.request({
        type: 'surface',
        request: { requestId, axes, resolution, range },
      });
      if (requestId === this.surfaceRequestId) {
        this.lastSurface = result;
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

  cancelSurfaceMessage(): ToWorker {
    return { type: 'cancelSurface', requestId: this.surfaceRequestId };
  }

  /** The messages that start a race (a running one is cancelled first), and its id. */
  startRace(race: RaceSpec): { raceId: number; messages: ToWorker[] } {
    const raceId = this.nextRaceId++;
    const messages: ToWorker[] = [];
    if (this.race?.state === 'running') messages.push({ type: 'cancelRace', raceId: this.race.raceId });
    messages.push({ type: 'race', raceId, race });
    this.context.log.info(
      `${this.context.label()}: race ${raceId} varying ${race.vary}: ${JSON.stringify(race.values)}`,
    );
    return { raceId, messages };
  }

  cancelRaceMessage(): ToWorker | null {
    return this.race ? { type: 'cancelRace', raceId: this.race.raceId } : null;
  }

  /** Merge a race frame's new points into the whole race, and pass the frame on to the views. */
  onRaceFrame(frame: RaceFrame): void {
    this.race = mergeRaceFrame(this.race, frame);
    if (frame.state !== 'running')
      this.context.log.info(
        `${this.context.label()}: race ${frame.state}: ${frame.runs.map((r) => `${r.label} ${r.state} J = ${r.J}`).join('; ')}`,
      );
    this.context.broadcast({ type: 'raceFrame', frame });
    for (const l of this.raceListeners) l(this.race);
  }

  onRace(listener: (race: RaceFrame) => void): Disposable {
    this.raceListeners.add(listener);
    return { dispose: () => void this.raceListeners.delete(listener) };
  }
}
