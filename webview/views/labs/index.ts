/**
 * The Labs tab: the lecture's slides to see rather than read. The loss surface (minima, saddles, the path of gradient
 * descent) and races (learning rates, optimizers, batch modes, activations, initialization). Messages in, FromWebview
 * requests out; the symmetry banner lives above the workspace (see symmetry.ts).
 */
import './labs.css';
import type { FromWebview, RaceVary, ToWebview, WeightRef } from '../../../src/protocol';
import { classNames } from '../../classes';
import type { Palette } from '../../colors';
import { mergeRaceFrame, type LabsUi, type Model } from '../../state';
import { el } from '../shared';
import { RaceLab } from './race';
import { SurfaceLab } from './surface';

export type LabsMessage = Extract<
  ToWebview,
  { type: 'surfaceProgress' | 'surface' | 'surfaceRefused' | 'race' | 'raceFrame' | 'raceRefused' }
>;

export const LABS_MESSAGES: readonly LabsMessage['type'][] = [
  'surfaceProgress',
  'surface',
  'surfaceRefused',
  'race',
  'raceFrame',
  'raceRefused',
];

export interface LabsCallbacks {
  post(m: FromWebview): void;
  /** The Labs choices changed (persist them). */
  onUi(ui: LabsUi): void;
  /** A race started: show the tab. */
  onRaceStarted(): void;
}

export class LabsView {
  readonly element: HTMLElement;
  private readonly surface: SurfaceLab;
  private readonly race: RaceLab;
  private visibleValue = false;
  private fileRace: RaceVary | null = null;

  constructor(
    palette: Palette,
    private ui: LabsUi,
    private readonly model: Model,
    private readonly cb: LabsCallbacks,
  ) {
    this.element = el('div', 'labs');
    this.element.dataset.testid = 'labs';
    this.surface = new SurfaceLab(palette, ui, {
      onUi: (patch) => this.patch(patch),
      onCompute: () => this.compute(),
      onCancel: () => cb.post({ type: 'cancelSurface' }),
    });
    this.race = new RaceLab(palette, ui, {
      onUi: (patch) => this.patch(patch),
      onStart: (vary) => cb.post({ type: 'race', vary }),
      onCancel: () => cb.post({ type: 'cancelRace' }),
    });
    this.element.append(this.race.element, this.surface.element);
  }

  set visible(on: boolean) {
    this.visibleValue = on;
    this.surface.visible = on;
    this.race.visible = on;
  }
  get visible(): boolean {
    return this.visibleValue;
  }

  private patch(patch: Partial<LabsUi>): void {
    this.ui = { ...this.ui, ...patch };
    this.surface.setUi(this.ui);
    this.race.setUi(this.ui);
    this.cb.onUi(this.ui);
    this.render();
  }

  private compute(): void {
    const r = this.surface.request();
    if (!r.ok) {
      this.surface.setProgress(null, r.why);
      return;
    }
    this.surface.started();
    this.cb.post({ type: 'surface', axes: r.axes, resolution: r.resolution, range: r.range });
  }

  /** A heatmap cell was clicked: use that weight as the next axis of the slice. */
  pick(w: WeightRef): void {
    this.patch(this.surface.pick(w));
  }

  /**
   * The race of the document (its "race"): the picker's default. Applied when the file's race changes (opening a file,
   * editing its race), so a choice made in the picker stands until then.
   */
  setFileRace(vary: RaceVary | null): void {
    if (vary === this.fileRace) return;
    this.fileRace = vary;
    if (vary && this.ui.raceKind !== vary) this.patch({ raceKind: vary });
  }

  setTopology(sizes: number[]): void {
    this.surface.setTopology(sizes);
  }

  setTheme(p: Palette): void {
    this.surface.setTheme(p);
    this.race.setTheme(p);
  }

  onMessage(msg: LabsMessage): void {
    const m = this.model;
    switch (msg.type) {
      case 'surfaceProgress':
        m.surfaceProgress = { rowsDone: msg.rowsDone, rows: msg.rows };
        this.surface.setProgress(m.surfaceProgress, null);
        break;
      case 'surface': {
        const result = msg.result;
        m.surface = result;
        m.surfaceProgress = null;
        m.surfaceMessage = null;
        this.surface.setResult(result);
        break;
      }
      case 'surfaceRefused':
        m.surfaceProgress = null;
        m.surfaceMessage = msg.message;
        this.surface.setProgress(null, msg.message);
        break;
      case 'race':
        m.race = msg.race ? mergeRaceFrame(null, msg.race) : null;
        this.race.setRace(m.race);
        if (m.race && this.ui.raceKind !== m.race.vary) this.patch({ raceKind: m.race.vary });
        break;
      case 'raceFrame': {
        const isNew = !m.race || m.race.raceId !== msg.frame.raceId;
        m.race = mergeRaceFrame(m.race, msg.frame);
        this.race.setRace(m.race);
        if (isNew) {
          // The kind list shows what is running.
          if (this.ui.raceKind !== msg.frame.vary) this.patch({ raceKind: msg.frame.vary });
          this.cb.onRaceStarted();
        }
        break;
      }
      case 'raceRefused':
        this.race.refused(msg.message);
        this.cb.onRaceStarted();
        break;
    }
  }

  render(): void {
    const d = this.model.dataset;
    this.race.setPoints(
      d?.inputs && d.targets ? { inputs: d.inputs, targets: d.targets, names: classNames(d) } : null,
    );
    this.surface.render();
    this.race.render();
  }

  /** For the browser tests. */
  stats(): {
    race: string | null;
    runs: { label: string; state: string; points: number }[];
    surface: number | null;
    chart: ReturnType<RaceLab['stats']>;
  } {
    const r = this.model.race;
    return {
      race: r?.state ?? null,
      runs: r?.runs.map((x) => ({ label: x.label, state: x.state, points: x.history.epoch.length })) ?? [],
      surface: this.model.surface?.requestId ?? null,
      chart: this.race.stats(),
    };
  }
}
