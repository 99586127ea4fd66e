/**
 * The race lab: one network trained several ways at once (learning rates, optimizers, batch modes, activations, init),
 * from the same seed and the same initial Θ; the J(Θ) curves overlaid with one legend, a diverged run marked ✕, and
 * for 2-input networks each run's decision boundary side by side (linear activations stay linear).
 */
import { RACE_VARIES, type RaceFrame, type RaceVary } from '../../../src/protocol';
import { classNames, targetClass } from '../../classes';
import { mix, parseColor, type Palette, type Rgb } from '../../colors';
import { fmt, sup } from '../../notation';
import type { LabsUi } from '../../state';
import { button, checkbox, dropdown, setChecked, setDisabled, setDropdownValue } from '../../ui/toolkit';
import { el, sizeCanvas } from '../shared';

export interface RaceCallbacks {
  onUi(patch: Partial<LabsUi>): void;
  onStart(vary: RaceVary): void;
  onCancel(): void;
}

export const RACE_LABELS: Record<RaceVary, string> = {
  learningRate: 'Learning rates α (slow, stable, diverging)',
  optimizer: 'Optimizers (gd, momentum, Adagrad, Adadelta, RMSProp, Adam)',
  batchSize: 'Batch modes (full, stochastic, mini-batch)',
  activation: 'Activations g (linear against non-linear)',
  init: 'Initialization (zeros against random)',
};

const HEIGHT = 260;
const THUMB = 184;

export class RaceLab {
  readonly element: HTMLElement;
  private readonly kindSelect: HTMLElement;
  private readonly start: HTMLElement;
  private readonly cancel: HTMLElement;
  private readonly logBox: HTMLElement;
  private readonly status: HTMLElement;
  private readonly chart: HTMLCanvasElement;
  private readonly legend: HTMLElement;
  private readonly thumbs: HTMLElement;
  private readonly body: HTMLElement;
  private race: RaceFrame | null = null;
  private points: { inputs: number[][]; targets: number[][]; names: string[] } | null = null;
  private dirty = true;
  /** The diverged runs' marks as last drawn (for the browser tests). */
  private marks: { label: string; text: string; inside: boolean }[] = [];
  visible = false;

  constructor(
    private palette: Palette,
    private ui: LabsUi,
    cb: RaceCallbacks,
  ) {
    this.element = el('section', 'lab race-lab');
    this.element.setAttribute('aria-labelledby', 'race-title');
    const title = el('h3', '', 'Races: one network, several ways');
    title.id = 'race-title';
    this.kindSelect = dropdown({
      ariaLabel: 'What differs between the runs',
      options: RACE_VARIES.map((k) => ({ value: k, label: RACE_LABELS[k] })),
      value: ui.raceKind,
      testId: 'race-kind',
      onChange: (v) => cb.onUi({ raceKind: v as RaceVary }),
    });
    this.start = button({
      label: 'Start race',
      appearance: 'primary',
      testId: 'race-start',
      onClick: () => cb.onStart(this.ui.raceKind),
    });
    this.cancel = button({ label: 'Cancel race', testId: 'race-cancel', onClick: () => cb.onCancel() });
    this.logBox = checkbox({
      label: 'Log scale',
      ariaLabel: 'Log scale for J(Θ)',
      checked: ui.raceLog,
      testId: 'race-log',
      onChange: (on) => cb.onUi({ raceLog: on }),
    });
    const bar = el('div', 'view-toolbar');
    bar.append(this.kindSelect, this.start, this.cancel, this.logBox);
    this.status = el('p', 'note');
    this.status.setAttribute('aria-live', 'polite');
    this.status.dataset.testid = 'race-status';
    this.status.textContent =
      'Start a race (or run “Neural Network: Compare Runs”): every run has the same seed and the same initial Θ, bit for bit, so only what is varied differs. A file can carry its own race ("race" in the .nn.json).';
    this.chart = el('canvas');
    this.chart.dataset.testid = 'race-chart';
    this.chart.setAttribute('role', 'img');
    this.legend = el('ul', 'race-legend');
    this.legend.dataset.testid = 'race-legend';
    this.thumbs = el('div', 'race-boundaries');
    this.thumbs.dataset.testid = 'race-boundaries';
    this.body = el('div', 'race-body');
    this.body.append(this.chart, this.legend, this.thumbs);
    this.body.hidden = true;
    this.element.append(title, bar, this.status, this.body);
    setDisabled(this.cancel, true);
    new ResizeObserver(() => {
      this.dirty = true;
      this.render();
    }).observe(this.element);
  }

  setTheme(p: Palette): void {
    this.palette = p;
    this.dirty = true;
  }

  setUi(ui: LabsUi): void {
    this.ui = ui;
    setDropdownValue(this.kindSelect, ui.raceKind);
    setChecked(this.logBox, ui.raceLog);
    this.dirty = true;
  }

  /** The samples of a 2-input dataset, drawn on the boundaries. */
  setPoints(points: { inputs: number[][]; targets: number[][]; names: string[] } | null): void {
    const next = points && points.inputs[0]?.length === 2 ? points : null;
    if (next?.inputs === this.points?.inputs && next?.names.join() === this.points?.names.join()) return;
    this.points = next;
    this.dirty = true;
  }

  setRace(race: RaceFrame | null): void {
    this.race = race;
    this.dirty = true;
    setDisabled(this.cancel, race?.state !== 'running');
    this.body.hidden = !race;
    this.element.dataset.state = race?.state ?? '';
    if (!race) return;
    const fair = race.sameInitialTheta
      ? 'all runs started from the same Θ, bit for bit'
      : 'the runs started from different Θ (the init rule is what varies)';
    const done = race.runs.filter((r) => r.state !== 'running').length;
    this.status.textContent = `Race ${race.state === 'running' ? 'running' : race.state}: ${RACE_LABELS[race.vary].replace(/ \(.*/, '')}, ${race.runs.length} runs, ${done} done; ${fair}.`;
  }

  /** What the chart marked and how large the thumbnails are, for the browser tests. */
  stats(): { marks: { label: string; text: string; inside: boolean }[]; thumb: number } {
    return { marks: this.marks, thumb: THUMB };
  }

  /** A refused race: why. */
  refused(message: string): void {
    this.status.textContent = message;
  }

  private colors(): string[] {
    return this.palette.series.length >= 6
      ? this.palette.series
      : [...this.palette.series, ...this.palette.classes];
  }

  render(): void {
    if (!this.visible || !this.dirty || !this.race) return;
    this.dirty = false;
    const race = this.race;
    this.drawChart(race);
    this.drawLegend(race);
    this.drawBoundaries(race);
  }

  private drawChart(race: RaceFrame): void {
    const p = this.palette;
    const W = Math.max(320, this.element.clientWidth - 8 || 560);
    const H = HEIGHT;
    const ctx = sizeCanvas(this.chart, W, H);
    ctx.clearRect(0, 0, W, H);
    const pad = { l: 64, r: 14, t: 12, b: 34 };
    const log = this.ui.raceLog;
    const { maxE, lo, hi, ceiling } = raceScale(race, log);
    this.marks = [];
    const f = (v: number) => (log ? Math.log10(v) : v);
    const y0 = f(lo),
      y1 = f(hi);
    const X = (e: number) => pad.l + (e / Math.max(1, maxE)) * (W - pad.l - pad.r);
    // Values above the ceiling (a diverging run) and non-finite ones are drawn at the top edge, never off the plot.
    const Y = (J: number) =>
      pad.t +
      (1 - (f(Number.isFinite(J) ? Math.min(Math.max(J, lo), hi) : hi) - y0) / (y1 - y0 || 1)) *
        (H - pad.t - pad.b);
    // Grid and axes.
    ctx.font = `12px ${p.fontFamily}`;
    ctx.strokeStyle = p.border;
    ctx.fillStyle = p.fg;
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    // At most 6 ticks: every k-th decade on a log scale.
    const decades = Math.floor(y1) - Math.ceil(y0) + 1;
    const every = Math.max(1, Math.ceil(decades / 6));
    const ticks = log
      ? Array.from({ length: Math.ceil(decades / every) }, (_, i) => Math.ceil(y0) + i * every)
      : Array.from({ length: 5 }, (_, i) => lo + ((hi - lo) * i) / 4);
    const label = (t: number) =>
      log ? (Math.abs(t) <= 2 ? fmt(10 ** t, 2) : `1e${t}`.replace('-', '−')) : fmt(t, 2);
    for (const t of ticks.length ? ticks : [y0]) {
      const y = Y(log ? 10 ** t : t);
      ctx.beginPath();
      ctx.moveTo(pad.l, y + 0.5);
      ctx.lineTo(W - pad.r, y + 0.5);
      ctx.stroke();
      ctx.fillText(label(t), pad.l - 6, y);
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let i = 0; i <= 4; i++) {
      const e = Math.round((maxE * i) / 4);
      ctx.fillText(String(e), X(e), H - pad.b + 5);
    }
    ctx.fillStyle = p.fg;
    ctx.fillText('epoch', pad.l + (W - pad.l - pad.r) / 2, H - 14);
    ctx.save();
    ctx.translate(12, pad.t + (H - pad.t - pad.b) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(`J(Θ)${log ? ' (log)' : ''}`, 0, -6);
    ctx.restore();
    // One line per run.
    const colors = this.colors();
    race.runs.forEach((r, k) => {
      const color = colors[k % colors.length];
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.setLineDash(k >= colors.length ? [6, 3] : []);
      ctx.beginPath();
      let started = false;
      let last: [number, number] | null = null;
      r.history.J.forEach((J, i) => {
        const x = X(r.history.epoch[i]);
        const y = Number.isFinite(J) ? Y(J) : pad.t;
        if (!started) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
        started = true;
        last = [x, y];
      });
      ctx.stroke();
      ctx.setLineDash([]);
      const end = last as [number, number] | null;
      if (r.state === 'diverged' && end) {
        this.markDiverged(ctx, end, r.epoch, color, pad.l, W - pad.r, k);
        const [x, y] = end;
        const inside = x >= pad.l && x <= W - pad.r && y >= pad.t && y <= H - pad.b;
        this.marks.push({ label: r.label, text: `diverged at epoch ${r.epoch}`, inside });
      }
    });
    if (ceiling) this.drawCeiling(ctx, Y(hi), pad.l, W - pad.r);
    ctx.strokeStyle = p.border;
    ctx.strokeRect(pad.l + 0.5, pad.t + 0.5, W - pad.l - pad.r - 1, H - pad.t - pad.b - 1);
    this.chart.setAttribute(
      'aria-label',
      `J(Θ) per epoch of ${race.runs.length} runs: ${race.runs.map((r) => `${r.label} ${r.state}, J = ${fmt(r.J, 4)}`).join('; ')}`,
    );
  }

  /** ✕ where a run diverged and the words "diverged at epoch k", kept inside the plot. */
  private markDiverged(
    ctx: CanvasRenderingContext2D,
    [x, y]: [number, number],
    epoch: number,
    color: string,
    left: number,
    right: number,
    k: number,
  ): void {
    ctx.strokeStyle = color;
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(x - 7, y - 7 + 8);
    ctx.lineTo(x + 7, y + 7 + 8);
    ctx.moveTo(x + 7, y - 7 + 8);
    ctx.lineTo(x - 7, y + 7 + 8);
    ctx.stroke();
    const text = `✕ diverged at epoch ${epoch}`;
    ctx.font = `bold 13px ${this.palette.fontFamily}`;
    const w = ctx.measureText(text).width;
    const tx = Math.min(Math.max(x + 12, left + 4), right - w - 4);
    const ty = y + 26 + k * 18;
    ctx.fillStyle = this.palette.bg;
    ctx.globalAlpha = 0.85;
    ctx.fillRect(tx - 3, ty - 9, w + 6, 18);
    ctx.globalAlpha = 1;
    ctx.fillStyle = this.palette.fg;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, tx, ty);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.strokeRect(tx - 3, ty - 9, w + 6, 18);
  }

  /** The ceiling the diverging runs are clipped at: a dashed line along the top, labelled. */
  private drawCeiling(ctx: CanvasRenderingContext2D, y: number, left: number, right: number): void {
    ctx.strokeStyle = this.palette.fg;
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(left, y + 0.5);
    ctx.lineTo(right, y + 0.5);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = `12px ${this.palette.fontFamily}`;
    const text = 'J(Θ) clipped above this line';
    const w = ctx.measureText(text).width;
    ctx.fillStyle = this.palette.bg;
    ctx.fillRect(right - w - 8, y + 2, w + 6, 16);
    ctx.fillStyle = this.palette.fg;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText(text, right - 5, y + 4);
  }

  private drawLegend(race: RaceFrame): void {
    const colors = this.colors();
    this.legend.replaceChildren(
      ...race.runs.map((r, k) => {
        const li = el('li', `race-run state-${r.state}`);
        li.dataset.state = r.state;
        const sw = el('span', 'swatch');
        sw.style.background = colors[k % colors.length];
        const state =
          r.state === 'diverged'
            ? '✕ diverged'
            : r.state === 'finished'
              ? '✓ finished'
              : r.state === 'cancelled'
                ? 'cancelled'
                : 'running';
        const sym = r.equalRows.length
          ? ` · hidden units identical (rows of ${r.equalRows.map((l) => `Θ⁽${sup(l)}⁾`).join(', ')} equal)`
          : '';
        li.append(
          sw,
          el('span', 'run-label', r.label),
          el('span', 'run-state', state),
          el('span', 'run-values', `epoch ${r.epoch} · J = ${fmt(r.J, 4)}${sym}`),
        );
        if (r.message) li.title = r.message;
        return li;
      }),
    );
  }

  /** The colour of a thumbnail's cell: the class colour over the background, stronger where the run is surer. */
  private cellColour(v: number, K: number): Rgb {
    const p = this.palette;
    const bg = parseColor(p.bg, [255, 255, 255]);
    const cls = (k: number): Rgb => parseColor(p.classes[k % p.classes.length], [128, 128, 128]);
    if (K > 1) return mix(bg, cls(Math.round(v)), 0.7);
    const t = Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0.5;
    return mix(bg, cls(t >= 0.5 ? 1 : 0), Math.min(1, Math.abs(t - 0.5) * 2) * 0.8);
  }

  private drawThumb(c: HTMLCanvasElement, b: number[], res: number, extent: number[], K: number): void {
    const ctx = sizeCanvas(c, THUMB, THUMB);
    const img = new ImageData(res, res);
    for (let row = 0; row < res; row++)
      for (let col = 0; col < res; col++) {
        const rgb = this.cellColour(b[row * res + col] ?? 0.5, K);
        // Row 0 is x2min (bottom).
        const idx = ((res - 1 - row) * res + col) * 4;
        img.data[idx] = rgb[0];
        img.data[idx + 1] = rgb[1];
        img.data[idx + 2] = rgb[2];
        img.data[idx + 3] = 255;
      }
    const off = document.createElement('canvas');
    off.width = res;
    off.height = res;
    off.getContext('2d')?.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, THUMB, THUMB);
    const pts = this.points;
    if (!pts) return;
    const [x0, x1, y0, y1] = extent;
    const p = this.palette;
    const r = pts.inputs.length > 300 ? 2 : 3;
    pts.inputs.forEach((x, q) => {
      ctx.beginPath();
      ctx.arc(((x[0] - x0) / (x1 - x0)) * THUMB, (1 - (x[1] - y0) / (y1 - y0)) * THUMB, r, 0, 2 * Math.PI);
      ctx.fillStyle = p.classes[targetClass(pts.targets[q] ?? [0]) % p.classes.length];
      ctx.fill();
      ctx.strokeStyle = p.fg;
      ctx.lineWidth = 0.8;
      ctx.stroke();
    });
  }

  private drawBoundaries(race: RaceFrame): void {
    const grid = race.boundaryGrid;
    this.thumbs.hidden = !grid;
    if (!grid) return;
    const colors = this.colors();
    const K = this.points?.targets[0]?.length ?? 1;
    const figs = race.runs.map((r, k) => {
      const fig = el('figure', 'race-boundary');
      const c = el('canvas');
      c.dataset.run = String(k);
      this.drawThumb(c, r.boundary ?? [], grid.resolution, grid.extent, K);
      const ctx = c.getContext('2d');
      if (ctx) {
        ctx.strokeStyle = colors[k % colors.length];
        ctx.lineWidth = 4;
        ctx.strokeRect(2, 2, THUMB - 4, THUMB - 4);
      }
      c.setAttribute('role', 'img');
      c.setAttribute(
        'aria-label',
        `Decision boundary of ${r.label}${r.state === 'diverged' ? ' (diverged)' : ''}`,
      );
      const cap = el('figcaption');
      const sw = el('span', 'swatch');
      sw.style.background = colors[k % colors.length];
      cap.append(sw, el('span', '', `${r.label}${r.state === 'diverged' ? ' ✕ diverged' : ''}`));
      fig.append(c, cap);
      return fig;
    });
    const names = this.points?.names ?? classNames(null, K);
    const legend = el('div', 'race-class-legend');
    legend.dataset.testid = 'race-class-legend';
    legend.append(
      ...names.map((n, k) => {
        const item = el('span', 'legend-item');
        const sw = el('span', 'swatch round');
        sw.style.background = this.palette.classes[k % this.palette.classes.length];
        item.append(sw, el('span', '', n));
        return item;
      }),
    );
    const grid2 = el('div', 'race-thumbs');
    grid2.append(...figs);
    this.thumbs.replaceChildren(
      el(
        'p',
        'note',
        K > 1
          ? 'Decision regions of each run over the input plane (the class of the largest output), framed in the run’s colour:'
          : 'Decision boundary of each run over the input plane: shaded by h_Θ(x), stronger where the run is surer; framed in the run’s colour:',
      ),
      legend,
      grid2,
    );
  }
}

/**
 * The chart's range: epochs 0…maxE, and J from the lowest value to a ceiling. Runs that diverge would stretch the
 * axis until every other curve is flat, so the ceiling comes from the runs that did not diverge (with a margin);
 * `ceiling` is true when some value lies above it and is clipped there.
 */
export function raceScale(
  race: Pick<RaceFrame, 'epochs' | 'runs'>,
  log: boolean,
): { maxE: number; lo: number; hi: number; ceiling: boolean } {
  let maxE = race.epochs > 0 ? 1 : 0;
  let lo = Infinity;
  let hi = -Infinity;
  let top = -Infinity;
  for (const r of race.runs)
    r.history.J.forEach((J, i) => {
      maxE = Math.max(maxE, r.history.epoch[i]);
      if (!Number.isFinite(J) || (log && J <= 0)) return;
      lo = Math.min(lo, J);
      top = Math.max(top, J);
      if (r.state !== 'diverged') hi = Math.max(hi, J);
    });
  if (!Number.isFinite(lo)) return { maxE, lo: log ? 0.01 : 0, hi: 1, ceiling: false };
  // Only diverged runs: their first value (J at the initial Θ) sets the scale.
  if (!Number.isFinite(hi)) hi = Math.min(top, Math.max(...race.runs.map((r) => r.history.J[0] ?? 0)) || top);
  hi = log ? hi * 10 ** 0.5 : hi + (hi - lo) * 0.25;
  if (!(hi > lo)) hi = lo * 2 || 1;
  const diverged = race.runs.some(
    (r) => r.state === 'diverged' || r.history.J.some((J) => !Number.isFinite(J)),
  );
  return { maxE, lo, hi, ceiling: top > hi || diverged };
}
