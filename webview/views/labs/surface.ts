/**
 * The loss-surface lab: J(Θ0 + α d1 + β d2) over a slice through the current Θ, spanned by two chosen weights Θ_ji^(l)
 * (picked in the lists or by clicking two cells of the Θ heatmaps) or by two random filter-normalized directions.
 * Drawn as a filled contour map with iso-lines and the training path projected onto the slice, and as a shaded 3-D
 * surface (drag to turn it). Computed in the worker on demand, with progress, cancellable.
 */
import type { SurfaceResult, WeightRef } from '../../../src/protocol';
import type { Palette } from '../../colors';
import { fmt, thetaLabel } from '../../notation';
import type { LabsUi } from '../../state';
import { getValue, setDisabled, setDropdownValue, setValue } from '../../ui/toolkit';
import { el, sizeCanvas } from '../shared';
import { contourImage, drawSurface3d, isoSegments, scaleOf, type View3d } from './plot';
import { axisControls, sliceControls, sliceOutputs, type SurfaceCallbacks } from './surfaceControls';

export type { SurfaceCallbacks } from './surfaceControls';

const MAX_LISTED_WEIGHTS = 400;
const SIZE = 300;
const PAD = { left: 46, bottom: 36, top: 10, right: 10 };

const refKey = (w: WeightRef | null): string => (w ? `${w.layer}:${w.row}:${w.col}` : '');

export class SurfaceLab {
  readonly element: HTMLElement;
  private readonly kindSelect: HTMLElement;
  private readonly weightsRow: HTMLElement;
  private readonly randomRow: HTMLElement;
  private readonly pickA: HTMLElement;
  private readonly pickB: HTMLElement;
  private readonly resolutionSelect: HTMLElement;
  private readonly rangeField: HTMLElement;
  private readonly seedField: HTMLElement;
  private readonly compute: HTMLElement;
  private readonly cancel: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly status: HTMLElement;
  private readonly contour: HTMLCanvasElement;
  private readonly mesh: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private readonly figures: HTMLElement;
  private sizes: number[] = [];
  private result: SurfaceResult | null = null;
  private view: View3d = { azimuth: -0.7, elevation: 0.62 };
  private dirty = true;
  private busy = false;
  private nextPick: 'a' | 'b' = 'a';
  visible = false;

  constructor(
    private palette: Palette,
    private ui: LabsUi,
    cb: SurfaceCallbacks,
  ) {
    this.element = el('section', 'lab surface-lab');
    this.element.setAttribute('aria-labelledby', 'surface-title');
    const title = el('h3', '', 'Loss surface J(Θ)');
    title.id = 'surface-title';
    const intro = el(
      'p',
      'note',
      'J(Θ₀ + α d₁ + β d₂) on a slice through the current Θ₀ (the centre): local minima, saddle points and the path gradient descent took (projected onto the slice by least squares).',
    );
    const axes = axisControls(ui, cb);
    const slice = sliceControls(ui, cb, axes.kindSelect);
    const out = sliceOutputs();
    this.kindSelect = axes.kindSelect;
    this.pickA = axes.pickA;
    this.pickB = axes.pickB;
    this.weightsRow = axes.weightsRow;
    this.seedField = axes.seedField;
    this.randomRow = axes.randomRow;
    this.resolutionSelect = slice.resolutionSelect;
    this.rangeField = slice.rangeField;
    this.compute = slice.compute;
    this.cancel = slice.cancel;
    this.progress = out.progress;
    this.status = out.status;
    this.contour = out.contour;
    this.mesh = out.mesh;
    this.caption = out.caption;
    this.figures = out.figures;
    this.element.append(
      title,
      intro,
      slice.bar,
      this.weightsRow,
      this.randomRow,
      this.progress,
      this.status,
      this.figures,
      this.caption,
    );
    this.dragToRotate();
    this.setCancelable(false);
    this.syncUi();
  }

  setTheme(p: Palette): void {
    this.palette = p;
    this.dirty = true;
  }

  setUi(ui: LabsUi): void {
    this.ui = ui;
    this.syncUi();
  }

  /** The network's layer sizes (for the lists of weights). */
  setTopology(sizes: number[]): void {
    if (sizes.join(',') === this.sizes.join(',')) return;
    this.sizes = sizes;
    const options: { value: string; label: string }[] = [];
    for (let l = 1; l < sizes.length && options.length < MAX_LISTED_WEIGHTS; l++)
      for (let j = 1; j <= sizes[l] && options.length < MAX_LISTED_WEIGHTS; j++)
        for (let i = 0; i <= sizes[l - 1] && options.length < MAX_LISTED_WEIGHTS; i++)
          options.push({
            value: `${l}:${j}:${i}`,
            label: `${thetaLabel(l, j, i)}${i === 0 ? ' (bias)' : ''}`,
          });
    for (const [sel, w] of [
      [this.pickA, this.ui.a],
      [this.pickB, this.ui.b],
    ] as const) {
      sel.replaceChildren(
        ...[{ value: '', label: 'pick a weight…' }, ...options].map((o) => {
          const e = document.createElement('vscode-option');
          e.setAttribute('value', o.value);
          e.textContent = o.label;
          if (o.value === refKey(w)) e.setAttribute('selected', '');
          return e;
        }),
      );
    }
    this.syncUi();
  }

  /** A heatmap cell was clicked: it becomes the next axis (alternating α, β). */
  pick(w: WeightRef): Partial<LabsUi> {
    const patch =
      this.nextPick === 'a'
        ? { a: w, surfaceKind: 'weights' as const }
        : { b: w, surfaceKind: 'weights' as const };
    this.nextPick = this.nextPick === 'a' ? 'b' : 'a';
    return patch;
  }

  private syncUi(): void {
    const u = this.ui;
    setDropdownValue(this.kindSelect, u.surfaceKind);
    setDropdownValue(this.pickA, refKey(u.a));
    setDropdownValue(this.pickB, refKey(u.b));
    setDropdownValue(this.resolutionSelect, String(u.resolution));
    setValue(this.rangeField, String(u.range));
    setValue(this.seedField, String(u.seed));
    this.weightsRow.hidden = u.surfaceKind !== 'weights';
    this.randomRow.hidden = u.surfaceKind !== 'random';
    const ready = u.surfaceKind === 'random' || (!!u.a && !!u.b && refKey(u.a) !== refKey(u.b));
    setDisabled(this.compute, !ready || this.busy);
    if (!ready && !this.busy && !this.result)
      this.status.textContent = 'Pick two different weights Θⱼᵢ⁽ˡ⁾ for the axes, then Compute.';
  }

  private setCancelable(on: boolean): void {
    this.busy = on;
    setDisabled(this.cancel, !on);
    this.syncUi();
  }

  /** Where the request stands: computing (rows done), done, refused or cancelled. */
  setProgress(p: { rowsDone: number; rows: number } | null, message: string | null): void {
    if (p && p.rowsDone < p.rows) {
      this.progress.hidden = false;
      this.progress.max = p.rows;
      this.progress.value = p.rowsDone;
      this.status.textContent = `Computing J on row ${p.rowsDone} of ${p.rows}…`;
      this.setCancelable(true);
      return;
    }
    this.progress.hidden = true;
    this.setCancelable(false);
    if (message) this.status.textContent = message;
  }

  /** A request was sent (the worker answers with progress). */
  started(): void {
    this.progress.hidden = false;
    this.progress.value = 0;
    this.status.textContent = 'Computing J(Θ) on the slice…';
    this.setCancelable(true);
  }

  setResult(r: SurfaceResult | null): void {
    this.result = r;
    this.dirty = true;
    if (!r) return;
    this.progress.hidden = true;
    this.setCancelable(false);
    this.status.textContent = `${r.resolution} × ${r.resolution} slice through Θ₀ of epoch ${r.epoch}: J(Θ₀) = ${fmt(r.J0, 5)}; ${r.cost.toExponential(2)} multiply-adds.`;
  }

  render(): void {
    if (!this.visible || !this.dirty) return;
    this.dirty = false;
    const r = this.result;
    this.figures.hidden = !r;
    this.element.dataset.drawn = r ? String(r.requestId) : '';
    if (!r) return;
    this.drawContour(r);
    this.drawMesh(r);
  }

  private drawContour(r: SurfaceResult): void {
    const p = this.palette;
    const W = SIZE + PAD.left + PAD.right,
      H = SIZE + PAD.top + PAD.bottom;
    const ctx = sizeCanvas(this.contour, W, H);
    ctx.clearRect(0, 0, W, H);
    const n = r.resolution;
    const values = r.J;
    const s = scaleOf(values);
    const dpr = window.devicePixelRatio || 1;
    const img = contourImage({ n, values }, s, Math.round(SIZE * dpr), Math.round(SIZE * dpr));
    const off = document.createElement('canvas');
    off.width = img.width;
    off.height = img.height;
    off.getContext('2d')?.putImageData(img, 0, 0);
    ctx.drawImage(off, PAD.left, PAD.top, SIZE, SIZE);
    // Iso-lines at the band edges.
    const gx = (c: number) => PAD.left + (c / (n - 1)) * SIZE;
    const gy = (k: number) => PAD.top + SIZE - (k / (n - 1)) * SIZE;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.55)';
    ctx.lineWidth = 0.8;
    ctx.beginPath();
    for (let b = 1; b < 12; b++)
      for (const [c0, k0, c1, k1] of isoSegments({ n, values }, s, b / 12)) {
        ctx.moveTo(gx(c0), gy(k0));
        ctx.lineTo(gx(c1), gy(k1));
      }
    ctx.stroke();
    // The training path, in (α, β) → grid coordinates.
    const range = r.range;
    const toX = (a: number) => PAD.left + ((a + range) / (2 * range)) * SIZE;
    const toY = (b: number) => PAD.top + SIZE - ((b + range) / (2 * range)) * SIZE;
    const tr = r.trajectory;
    ctx.save();
    ctx.beginPath();
    ctx.rect(PAD.left, PAD.top, SIZE, SIZE);
    ctx.clip();
    if (tr.alpha.length > 1) {
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 3.5;
      ctx.beginPath();
      tr.alpha.forEach((a, i) =>
        i ? ctx.lineTo(toX(a), toY(tr.beta[i])) : ctx.moveTo(toX(a), toY(tr.beta[i])),
      );
      ctx.stroke();
      ctx.strokeStyle = '#e8443a';
      ctx.lineWidth = 1.8;
      ctx.stroke();
      // Start of training: a hollow circle.
      ctx.beginPath();
      ctx.arc(toX(tr.alpha[0]), toY(tr.beta[0]), 5, 0, 2 * Math.PI);
      ctx.fillStyle = '#ffffff';
      ctx.fill();
      ctx.strokeStyle = '#e8443a';
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    // Θ0 (now): the centre.
    ctx.beginPath();
    ctx.arc(toX(0), toY(0), 5, 0, 2 * Math.PI);
    ctx.fillStyle = '#e8443a';
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.restore();
    // Axes.
    ctx.strokeStyle = p.border;
    ctx.strokeRect(PAD.left + 0.5, PAD.top + 0.5, SIZE - 1, SIZE - 1);
    ctx.fillStyle = p.fg;
    ctx.font = `11px ${p.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const a of [-range, 0, range]) ctx.fillText(fmt(a, 2), toX(a), PAD.top + SIZE + 4);
    ctx.fillText(`α: ${r.labels[0]}`, PAD.left + SIZE / 2, PAD.top + SIZE + 19);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const b of [-range, 0, range]) ctx.fillText(fmt(b, 2), PAD.left - 4, toY(b));
    ctx.save();
    ctx.translate(11, PAD.top + SIZE / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText(`β: ${r.labels[1]}`, 0, 0);
    ctx.restore();
    this.contour.setAttribute(
      'aria-label',
      `Contour map of J over α (${r.labels[0]}) and β (${r.labels[1]}) in [−${range}, ${range}]: from ${fmt(s.min, 4)} to ${fmt(s.max, 4)}; J(Θ₀) = ${fmt(r.J0, 4)} at the centre; the path of ${tr.epoch.length} epochs drawn in red`,
    );
    this.caption.textContent = `Colour: J(Θ) from ${fmt(s.min, 4)} (dark) to ${fmt(s.max, 4)} (yellow)${s.log ? ', log scale' : ''}. Red: Θ of every ${tr.epoch.length > 1 ? 'recorded' : ''} epoch projected onto the slice (○ start, ● now).`;
  }

  private drawMesh(r: SurfaceResult): void {
    const W = SIZE + PAD.left + PAD.right,
      H = SIZE + PAD.top + PAD.bottom;
    const ctx = sizeCanvas(this.mesh, W, H);
    ctx.clearRect(0, 0, W, H);
    const n = r.resolution;
    const s = scaleOf(r.J);
    const at = drawSurface3d(ctx, { n, values: r.J }, s, this.view, W, H);
    // Θ0 on the surface.
    const c = (n - 1) / 2;
    const [x, y] = at(c, c, s.t(r.J0));
    ctx.beginPath();
    ctx.arc(x, y, 4.5, 0, 2 * Math.PI);
    ctx.fillStyle = '#e8443a';
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1.5;
    ctx.stroke();
    this.mesh.setAttribute('aria-label', `Shaded 3-D view of the same slice; Θ₀ marked in red`);
  }

  private dragToRotate(): void {
    let from: { x: number; y: number; v: View3d } | null = null;
    this.mesh.addEventListener('pointerdown', (e) => {
      from = { x: e.clientX, y: e.clientY, v: { ...this.view } };
      this.mesh.setPointerCapture(e.pointerId);
    });
    this.mesh.addEventListener('pointermove', (e) => {
      if (!from) return;
      this.view = {
        azimuth: from.v.azimuth + (e.clientX - from.x) * 0.01,
        elevation: Math.min(1.45, Math.max(0.1, from.v.elevation + (e.clientY - from.y) * 0.01)),
      };
      this.dirty = true;
      if (this.result) this.drawMesh(this.result);
    });
    this.mesh.addEventListener('pointerup', () => (from = null));
  }

  /** The current request's parameters, or why it cannot be sent. */
  request():
    | { ok: true; axes: SurfaceResult['axes']; resolution: number; range: number }
    | { ok: false; why: string } {
    const u = this.ui;
    const range = Number(getValue(this.rangeField) || u.range);
    if (!(Number.isFinite(range) && range > 0 && range <= 1000))
      return { ok: false, why: 'The range r must be a number in (0, 1000].' };
    if (u.surfaceKind === 'random')
      return { ok: true, axes: { kind: 'random', seed: u.seed }, resolution: u.resolution, range };
    if (!u.a || !u.b) return { ok: false, why: 'Pick two weights Θⱼᵢ⁽ˡ⁾ for the axes first.' };
    if (refKey(u.a) === refKey(u.b)) return { ok: false, why: 'The two axes must be two different weights.' };
    return { ok: true, axes: { kind: 'weights', a: u.a, b: u.b }, resolution: u.resolution, range };
  }
}
