/**
 * Heatmaps (canvas) of every Θ^(l), s_{l+1} × (s_l + 1) with the bias column i = 0 marked, switchable to the
 * gradient D^(l) and to the last update (Θ after − Θ before). The colour scale is symmetric about zero, one legend
 * per matrix. Hover names the entry (Θ_ji^(l)) and its value. For image inputs each hidden unit's row of Θ^(1)
 * (without the bias) can be shown as a picture, the lecture's digit example.
 *
 * Cells are written into an ImageData of cols × rows pixels and scaled up without smoothing, so a 64 × 785 matrix
 * costs one putImageData and one drawImage. Nothing is drawn while the view is hidden; it redraws when shown.
 */
import type { ViewFrame, WeightRef } from '../../src/protocol';
import {
  divergingIndex,
  fillDiverging,
  maxAbs,
  parseColor,
  rgbCss,
  withContrast,
  type Palette,
} from '../colors';
import { fmt, sub, sup, thetaLabel, unitLabel } from '../notation';
import type { HeatmapMode, UnitRef } from '../state';
import { checkbox, dropdown, button, setChecked, setDropdownValue } from '../ui/toolkit';
import { el, sizeCanvas, tooltip, type Highlight, type Numbers } from './shared';
import { HeatmapTables } from './heatmapTables';
import { UnitImages } from './heatmapUnits';
import { heatmapsPng, heatmapsSvg } from './heatmapExport';
import './heatmap.css';
import { cellText, rowLabels } from './heatmapText';

const MARGIN = { left: 40, top: 30, right: 10, bottom: 6 };
/** Row and column labels: readable on a projector. */
const AXIS_FONT = 12;
const MAX_CELL = 36;
const MAX_BODY_HEIGHT = 420;

interface Geometry {
  rows: number;
  cols: number;
  x0: number;
  y0: number;
  cw: number;
  ch: number;
  width: number;
  height: number;
}

interface Figure {
  /** cols × rows pixels, one per entry, reused between frames. */
  off: HTMLCanvasElement;
  img: ImageData | null;
  root: HTMLElement;
  title: HTMLElement;
  canvas: HTMLCanvasElement;
  legend: HTMLCanvasElement;
  note: HTMLElement;
  geo: Geometry | null;
  max: number;
  /** The values written into the cells at the last draw, with their widths in px (for tests). */
  texts: { text: string; width: number }[];
}

export interface HeatmapCallbacks {
  onMode(mode: HeatmapMode): void;
  onUnitImages(on: boolean): void;
  onSameScale(on: boolean): void;
  /** A cell of a Θ (up to 4,096 entries) was clicked: the weight, in the lecture's indices. */
  onPick(w: WeightRef): void;
  onExport(format: 'png' | 'svg', data: string): void;
}

export const MODE_LABELS: Record<HeatmapMode, string> = {
  theta: 'Weights Θ',
  D: 'Gradient D',
  update: 'Last update (Θ after − Θ before)',
};

export class HeatmapView {
  readonly element: HTMLElement;
  private readonly figures: HTMLElement;
  private readonly modeSelect: HTMLElement;
  private readonly unitImagesBox: HTMLElement;
  private readonly sameScaleBox: HTMLElement;
  private readonly units = new UnitImages();
  private readonly tables = new HeatmapTables(() => this.render(true));
  private figs: Figure[] = [];
  private sizes: number[] = [];
  private imageShape: [number, number] | null = null;
  private frame: ViewFrame | null = null;
  private mode: HeatmapMode = 'theta';
  private unitImages = false;
  private sameScale = false;
  /** Class names of the output units: the row labels of the last Θ. */
  private classNames: string[] | null = null;
  private highlight: Highlight | null = null;
  private selected: UnitRef | null = null;
  private dirty = true;
  private width: number | null = null;
  /** The colour of the matrices' frames and cell borders as last drawn. */
  private frameColour = '';
  visible = false;

  constructor(
    private palette: Palette,
    private readonly callbacks: HeatmapCallbacks,
  ) {
    this.element = el('section', 'heatmaps');
    this.element.setAttribute('aria-label', 'Heatmaps of the weight matrices');
    const bar = el('div', 'view-toolbar');
    this.modeSelect = dropdown({
      ariaLabel: 'Matrix shown in the heatmaps',
      options: (Object.keys(MODE_LABELS) as HeatmapMode[]).map((m) => ({ value: m, label: MODE_LABELS[m] })),
      value: 'theta',
      testId: 'heatmap-mode',
      onChange: (v) => callbacks.onMode(v as HeatmapMode),
    });
    this.unitImagesBox = checkbox({
      label: 'Hidden units as images',
      ariaLabel: 'Show each hidden unit’s weights Θ^(1) as an image',
      checked: false,
      testId: 'unit-images',
      onChange: (on) => callbacks.onUnitImages(on),
    });
    this.sameScaleBox = checkbox({
      label: 'Same scale for all Θ',
      ariaLabel: 'Use one colour scale for all matrices, so that equal values have equal colours',
      checked: false,
      testId: 'same-scale',
      onChange: (on) => callbacks.onSameScale(on),
    });
    bar.append(
      this.modeSelect,
      this.sameScaleBox,
      this.unitImagesBox,
      el('span', 'spacer'),
      this.tables.toggle,
      button({
        label: 'PNG',
        ariaLabel: 'Export the heatmaps as PNG',
        onClick: () => callbacks.onExport('png', this.exportPng()),
      }),
      button({
        label: 'SVG',
        ariaLabel: 'Export the heatmaps as SVG',
        onClick: () => callbacks.onExport('svg', this.exportSvg()),
      }),
    );
    this.units.element.hidden = true;
    this.units.onChange = () => {
      this.dirty = true;
      this.render();
    };
    this.figures = el('div', 'figures');
    // The width is kept from the ResizeObserver, so that drawing a frame never forces a layout to read it.
    new ResizeObserver(() => {
      const w = this.figures.clientWidth;
      if (w && w !== this.width) {
        this.width = w;
        this.dirty = true;
        this.render();
      }
    }).observe(this.figures);
    this.element.append(bar, this.units.element, this.figures, this.tables.element);
  }

  setTopology(
    sizes: number[],
    imageShape: [number, number] | null,
    classNames: string[] | null = null,
  ): void {
    if (this.classNames?.join('\u0001') !== classNames?.join('\u0001')) this.dirty = true;
    this.classNames = classNames;
    if (sizes.join('-') === this.sizes.join('-') && imageShape?.join('x') === this.imageShape?.join('x'))
      return;
    this.sizes = sizes;
    this.imageShape = imageShape;
    this.figures.replaceChildren();
    this.figs = [];
    for (let t = 0; t < sizes.length - 1; t++) this.figs.push(this.makeFigure(t));
    this.unitImagesBox.hidden = !imageShape;
    this.dirty = true;
  }

  private makeFigure(t: number): Figure {
    const root = el('figure', 'heatmap');
    const title = el('figcaption');
    const canvas = el('canvas');
    canvas.dataset.theta = String(t + 1);
    canvas.setAttribute('role', 'img');
    canvas.tabIndex = 0;
    const legend = el('canvas', 'legend');
    legend.setAttribute('aria-hidden', 'true');
    const note = el('p', 'note');
    root.append(title, canvas, legend, note);
    this.figures.appendChild(root);
    const fig: Figure = {
      off: document.createElement('canvas'),
      img: null,
      root,
      title,
      canvas,
      legend,
      note,
      geo: null,
      max: 0,
      texts: [],
    };
    canvas.addEventListener('mousemove', (e) => {
      const r = canvas.getBoundingClientRect();
      const text = this.describeAt(t, e.clientX - r.left, e.clientY - r.top);
      if (text) tooltip().show(text, e.clientX, e.clientY);
      else tooltip().hide();
    });
    canvas.addEventListener('mouseleave', () => tooltip().hide());
    canvas.addEventListener('click', (e) => {
      const g = fig.geo;
      const r = canvas.getBoundingClientRect();
      if (!g || g.rows * g.cols > 4096) return;
      const c = Math.floor((e.clientX - r.left - g.x0) / g.cw);
      const j = Math.floor((e.clientY - r.top - g.y0) / g.ch);
      if (c >= 0 && j >= 0 && c < g.cols && j < g.rows)
        this.callbacks.onPick({ layer: t + 1, row: j + 1, col: c });
    });
    return fig;
  }

  setMode(mode: HeatmapMode, unitImages: boolean, sameScale = this.sameScale): void {
    if (mode === this.mode && unitImages === this.unitImages && sameScale === this.sameScale) return;
    this.mode = mode;
    this.unitImages = unitImages;
    this.sameScale = sameScale;
    setDropdownValue(this.modeSelect, mode);
    setChecked(this.unitImagesBox, unitImages);
    setChecked(this.sameScaleBox, sameScale);
    this.dirty = true;
  }

  /** The colour scale's ±max for matrix t: its own, or the largest |value| of all matrices with "same scale". */
  private scaleMax(t: number): number {
    if (!this.sameScale) return maxAbs(this.values(t));
    return maxAbs(...this.figs.map((_, k) => this.values(k)));
  }

  /** The ±max of each matrix's colour scale, the cells' width and the values written in them, for tests. */
  scales(): {
    max: number;
    cell: number;
    texts: { text: string; width: number }[];
    frame: string;
    ends: string[];
  }[] {
    const ends = [this.palette.diverging[0], this.palette.diverging[256]];
    return this.figs.map((f) => ({
      max: f.max,
      cell: f.geo?.cw ?? 0,
      texts: f.texts,
      frame: this.frameColour,
      ends,
    }));
  }

  /** The enlarged hidden-unit image (1-based unit), for tests. */
  enlargedUnit(): number | null {
    return this.units.enlargedUnit();
  }

  setFrame(frame: ViewFrame): void {
    this.frame = frame;
    this.dirty = true;
  }

  setHighlight(h: Highlight | null, selected: UnitRef | null): void {
    this.highlight = h;
    this.selected = selected;
    this.dirty = true;
  }

  setTheme(p: Palette): void {
    this.palette = p;
    this.dirty = true;
  }

  /** Draws if visible and something changed. */
  render(force = false): void {
    if (!this.visible || (!this.dirty && !force)) return;
    this.dirty = false;
    this.width ??= this.figures.clientWidth || this.element.clientWidth;
    const width = Math.max(200, this.width || 480);
    this.figs.forEach((f, t) => this.drawFigure(f, t, width));
    this.drawUnitImages();
    this.tables.update(this.frame, this.mode, this.sizes, this.classNames);
  }

  private values(t: number): Numbers | null {
    const f = this.frame;
    if (!f) return null;
    if (this.mode === 'theta') return f.theta[t] ?? null;
    if (this.mode === 'D') return f.D?.[t] ?? null;
    return f.update?.[t] ?? null;
  }

  private symbol(): string {
    return this.mode === 'D' ? 'D' : 'Θ';
  }

  private drawFigure(fig: Figure, t: number, width: number): void {
    const l = t + 1;
    const rows = this.sizes[t + 1];
    const cols = this.sizes[t] + 1;
    const p = this.palette;
    const what = this.mode === 'update' ? 'last update of Θ' : this.symbol();
    fig.title.textContent = `${what}${sup(`(${l})`)} — ${rows} × ${cols} = s${sub(l + 1)} × (s${sub(l)} + 1), layer ${l} → ${l + 1}`;
    const v = this.values(t);
    const labels = rowLabels(t, this.sizes, this.classNames);
    const measure = fig.canvas.getContext('2d');
    let left = MARGIN.left;
    if (measure) {
      measure.font = `${AXIS_FONT}px ${p.fontFamily}`;
      for (const s of labels) left = Math.max(left, Math.ceil(measure.measureText(s).width) + 10);
    }
    const avail = width - left - MARGIN.right;
    const cw = Math.min(MAX_CELL, avail / cols);
    let ch = Math.min(MAX_CELL, Math.max(cw, 3));
    if (ch * rows > MAX_BODY_HEIGHT) ch = Math.max(1, MAX_BODY_HEIGHT / rows);
    const geo: Geometry = {
      rows,
      cols,
      x0: left,
      y0: MARGIN.top,
      cw,
      ch,
      width: left + cw * cols + MARGIN.right,
      height: MARGIN.top + ch * rows + MARGIN.bottom,
    };
    fig.geo = geo;
    const ctx = sizeCanvas(fig.canvas, geo.width, geo.height);
    ctx.clearRect(0, 0, geo.width, geo.height);
    ctx.font = `11px ${p.fontFamily}`;
    ctx.fillStyle = p.fg;
    if (!v) {
      ctx.fillStyle = p.muted;
      ctx.fillRect(geo.x0, geo.y0, cw * cols, ch * rows);
      fig.note.textContent =
        this.mode === 'theta'
          ? 'No weights yet.'
          : `No ${this.mode === 'D' ? 'gradient D' : 'update'} yet: it appears after the first update.`;
      fig.max = 0;
    } else {
      fig.note.textContent = '';
      fig.texts = [];
      const max = this.scaleMax(t);
      fig.max = max;
      const off = fig.off;
      if (off.width !== cols || off.height !== rows || !fig.img) {
        off.width = cols;
        off.height = rows;
        fig.img = new ImageData(cols, rows);
      }
      const octx = off.getContext('2d');
      const img = fig.img;
      if (octx) {
        fillDiverging(img.data, v, 0, rows * cols, max, p.divergingRgb);
        octx.putImageData(img, 0, 0);
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(off, geo.x0, geo.y0, cw * cols, ch * rows);
      }
      // Values in the cells when they fit (small networks such as XOR).
      if (cw >= 34 && ch >= 18) {
        ctx.font = `${Math.min(13, ch - 6)}px ${p.monoFamily}`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        for (let r = 0; r < rows; r++)
          for (let c = 0; c < cols; c++) {
            const val = v[r * cols + c];
            const [R, G, B] = p.divergingRgb[divergingIndex(val, max)];
            ctx.fillStyle = 0.299 * R + 0.587 * G + 0.114 * B > 140 ? '#000' : '#fff';
            const text = cellText(ctx, val, cw - 4);
            if (!text) continue;
            ctx.fillText(text, geo.x0 + (c + 0.5) * cw, geo.y0 + (r + 0.5) * ch);
            fig.texts.push({ text, width: ctx.measureText(text).width });
          }
      }
    }
    this.drawAxes(ctx, geo, labels);
    this.drawHighlights(ctx, geo, l);
    const legendKey = `${fmt(fig.max, 2)}|${this.palette.kind}|${this.palette.fg}`;
    if (fig.legend.dataset.key !== legendKey) {
      fig.legend.dataset.key = legendKey;
      this.drawLegend(fig, fig.max);
    }
    fig.canvas.setAttribute(
      'aria-label',
      `${what} of layer ${l} to ${l + 1}, ${rows} rows j by ${cols} columns i (column 0 is the bias)` +
        (v ? `, values from ${fmt(-fig.max)} to ${fmt(fig.max)}` : ', no values yet'),
    );
  }

  private drawAxes(ctx: CanvasRenderingContext2D, g: Geometry, labels: string[]): void {
    const p = this.palette;
    ctx.font = `${AXIS_FONT}px ${p.fontFamily}`;
    ctx.fillStyle = p.fg;
    // Row labels j (1-based) and column labels i (0 = bias), thinned to what fits.
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const rowStep = Math.max(1, Math.ceil(AXIS_FONT / g.ch));
    for (let r = 0; r < g.rows; r += rowStep) ctx.fillText(labels[r], g.x0 - 4, g.y0 + (r + 0.5) * g.ch);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    const colStep = Math.max(1, Math.ceil(30 / g.cw));
    for (let c = colStep; c < g.cols; c += colStep) ctx.fillText(`${c}`, g.x0 + (c + 0.5) * g.cw, g.y0 - 3);
    ctx.textAlign = 'left';
    ctx.fillStyle = p.fg;
    ctx.fillText(g.cw >= 24 ? 'i=0 (+1)' : 'bias', g.x0, g.y0 - 14);
    // The bias column: a heavy separator after column i = 0.
    ctx.strokeStyle = p.fg;
    ctx.lineWidth = 2;
    ctx.setLineDash([4, 2]);
    ctx.beginPath();
    ctx.moveTo(g.x0 + g.cw, g.y0 - 4);
    ctx.lineTo(g.x0 + g.cw, g.y0 + g.rows * g.ch + 2);
    ctx.stroke();
    ctx.setLineDash([]);
    // The matrix's frame, and for small matrices the cells' borders, at 3:1 against the background: a cell near zero
    // has the background's colour (the scale's meaning of "nothing"), but it is still seen as a cell.
    const bg = parseColor(p.bg, [255, 255, 255]);
    this.frameColour = rgbCss(withContrast(parseColor(p.border, [128, 128, 128]), bg, 3));
    ctx.strokeStyle = this.frameColour;
    ctx.lineWidth = 1;
    if (g.cw >= 14 && g.ch >= 14) {
      ctx.beginPath();
      for (let c = 1; c < g.cols; c++) {
        ctx.moveTo(Math.round(g.x0 + c * g.cw) + 0.5, g.y0);
        ctx.lineTo(Math.round(g.x0 + c * g.cw) + 0.5, g.y0 + g.rows * g.ch);
      }
      for (let r = 1; r < g.rows; r++) {
        ctx.moveTo(g.x0, Math.round(g.y0 + r * g.ch) + 0.5);
        ctx.lineTo(g.x0 + g.cols * g.cw, Math.round(g.y0 + r * g.ch) + 0.5);
      }
      ctx.stroke();
    }
    ctx.strokeRect(g.x0 - 0.5, g.y0 - 0.5, g.cw * g.cols + 1, g.ch * g.rows + 1);
  }

  private drawHighlights(ctx: CanvasRenderingContext2D, g: Geometry, l: number): void {
    const p = this.palette;
    ctx.strokeStyle = p.focus;
    const box = (r0: number, r1: number, c0: number, c1: number): void => {
      ctx.strokeRect(g.x0 + c0 * g.cw - 1, g.y0 + r0 * g.ch - 1, (c1 - c0) * g.cw + 2, (r1 - r0) * g.ch + 2);
    };
    const s = this.highlight?.thetas.get(l);
    if (s) {
      ctx.lineWidth = 2.5;
      if (!s.rows && !s.cols) box(0, g.rows, 0, g.cols);
      for (const j of s.rows ?? []) {
        if (!s.cols) box(j - 1, j, 0, g.cols);
        else for (const i of s.cols) box(j - 1, j, i, i + 1);
      }
      if (!s.rows) for (const i of s.cols ?? []) box(0, g.rows, i, i + 1);
    }
    // The selected unit: its row (incoming weights) and its column (outgoing weights), dashed.
    const u = this.selected;
    if (u) {
      ctx.lineWidth = 2;
      ctx.setLineDash([5, 3]);
      if (u.layer === l + 1 && u.unit >= 1 && u.unit <= g.rows) box(u.unit - 1, u.unit, 0, g.cols);
      if (u.layer === l && u.unit < g.cols) box(0, g.rows, u.unit, u.unit + 1);
      ctx.setLineDash([]);
    }
    ctx.lineWidth = 1;
  }

  private drawLegend(fig: Figure, max: number): void {
    const p = this.palette;
    const w = 220;
    const h = 30;
    const ctx = sizeCanvas(fig.legend, w, h);
    ctx.clearRect(0, 0, w, h);
    const barX = 34;
    const barW = w - 2 * barX;
    const gradient = ctx.createLinearGradient(barX, 0, barX + barW, 0);
    for (let k = 0; k <= 256; k += 16) gradient.addColorStop(k / 256, p.diverging[k]);
    ctx.fillStyle = gradient;
    ctx.fillRect(barX, 2, barW, 10);
    ctx.strokeStyle = p.border;
    ctx.strokeRect(barX - 0.5, 1.5, barW + 1, 11);
    ctx.fillStyle = p.fg;
    ctx.font = `${AXIS_FONT}px ${p.fontFamily}`;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'center';
    ctx.fillText(max ? fmt(-max, 2) : '−', barX, 15);
    ctx.fillText('0', barX + barW / 2, 15);
    ctx.fillText(max ? fmt(max, 2) : '+', barX + barW, 15);
  }

  private drawUnitImages(): void {
    const shape = this.imageShape;
    const pixels = this.figs[0]?.img;
    const show = !!shape && this.unitImages && this.mode !== 'update' && !!this.values(0) && !!pixels;
    this.units.element.hidden = !show;
    if (!show || !shape || !pixels) return;
    const sel = this.selected?.layer === 2 ? this.selected.unit : null;
    this.units.draw(pixels, shape, sel);
  }

  /** Hover text for a point on the canvas of Θ^(t+1), or null outside the cells. */
  describeAt(t: number, x: number, y: number): string | null {
    const g = this.figs[t]?.geo;
    if (!g) return null;
    const c = Math.floor((x - g.x0) / g.cw);
    const r = Math.floor((y - g.y0) / g.ch);
    if (c < 0 || r < 0 || c >= g.cols || r >= g.rows) return null;
    const l = t + 1;
    const at = r * g.cols + c;
    const f = this.frame;
    const name = thetaLabel(l, r + 1, c);
    const lines = [`${name} = ${f ? fmt(f.theta[t][at], 4) : '—'}`];
    if (this.mode === 'D')
      lines.push(`${thetaLabel(l, r + 1, c, 'D')} = ${f?.D ? fmt(f.D[t][at], 4) : '— (no gradient yet)'}`);
    if (this.mode === 'update')
      lines.push(`last update of ${name}: ${f?.update ? fmt(f.update[t][at], 4) : '— (no update yet)'}`);
    lines.push(
      `row j = ${r + 1} (to ${unitLabel(l + 1, r + 1)}), column i = ${c} (from ${c === 0 ? 'bias +1' : unitLabel(l, c)})`,
    );
    return lines.join('\n');
  }

  /** Centre of the cell (j, i) of Θ^(l) in client coordinates, for tests and keyboard users. */
  cellCenter(l: number, j: number, i: number): { x: number; y: number } | null {
    const f = this.figs[l - 1];
    if (!f?.geo) return null;
    const r = f.canvas.getBoundingClientRect();
    return { x: r.left + f.geo.x0 + (i + 0.5) * f.geo.cw, y: r.top + f.geo.y0 + (j - 0.5) * f.geo.ch };
  }

  canvases(): HTMLCanvasElement[] {
    return this.figs.map((f) => f.canvas);
  }

  /** All matrices stacked into one PNG, with their titles and legends. */
  exportPng(): string {
    this.render(true);
    return heatmapsPng(this.figs, this.palette);
  }

  /** SVG: one rect per cell for small matrices, an embedded picture for big ones; titles and scales as text. */
  exportSvg(): string {
    this.render(true);
    return heatmapsSvg(this.figs, (t) => this.values(t), this.symbol(), this.palette);
  }
}
