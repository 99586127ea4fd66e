/**
 * For 2-input networks: the decision boundary over the input plane (ViewFrame.boundary) with every data point on top
 * (DatasetInfo.inputs/targets), a legend of the classes, the confusion table, and a small map per hidden unit.
 * One output: h_Θ(x) from 0 (colour of class y = 0) through 0.5 (background) to 1 (class y = 1), shaded by how sure
 * the network is, with the h_Θ(x) = 0.5 contour. Several outputs: the arg max class, shaded by its probability, with
 * the borders where two classes tie. Training points are circles, validation points diamonds, misclassified ones
 * crossed out.
 */
import type { Boundary, DatasetInfo, ViewFrame } from '../../src/protocol';
import { classNames, predictedClass, targetClass } from '../classes';
import { mix, parseColor, type Palette, type Rgb } from '../colors';
import { button } from '../ui/toolkit';
import { drawUnitMaps, paintField } from './boundaryMaps';
import { confusion, confusionTables } from './confusion';
import { contourSegments, niceTicks, type Segment } from './contour';
import { el, sizeCanvas, tooltip } from './shared';
import './boundary.css';

const SIZE = 360;
const PAD = { left: 58, bottom: 50, top: 12, right: 22 };
const W = PAD.left + SIZE + PAD.right;
const H = PAD.top + SIZE + PAD.bottom;
const TICK_FONT = 13;
const LABEL_FONT = 15;

export interface BoundaryCallbacks {
  onExport(format: 'png' | 'svg', data: string): void;
  onInspect(index: number): void;
}

type Extent = [number, number, number, number];

export interface BoundaryStats {
  points: number;
  validation: number;
  misclassified: number;
  /** The contour in input coordinates (x₁, x₂) per segment end. */
  contour: Segment[];
  legend: string[];
}

export class BoundaryView {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly legend: HTMLElement;
  private readonly maps: HTMLElement;
  private readonly note: HTMLElement;
  private readonly confusionBox: HTMLElement;
  private frame: ViewFrame | null = null;
  private dataset: DatasetInfo | null = null;
  private activations: string[] = [];
  private dirty = true;
  private last: BoundaryStats = { points: 0, validation: 0, misclassified: 0, contour: [], legend: [] };
  visible = false;

  constructor(
    private palette: Palette,
    callbacks: BoundaryCallbacks,
  ) {
    this.element = el('section', 'boundary');
    this.element.setAttribute('aria-label', 'Decision boundary over the input plane');
    const bar = el('div', 'view-toolbar');
    bar.append(
      el('span', 'spacer'),
      button({
        label: 'PNG',
        ariaLabel: 'Export the decision boundary as PNG',
        onClick: () => callbacks.onExport('png', this.canvas.toDataURL('image/png')),
      }),
      button({
        label: 'SVG',
        ariaLabel: 'Export the decision boundary as SVG',
        onClick: () => callbacks.onExport('svg', this.exportSvg()),
      }),
    );
    this.canvas = el('canvas', 'boundary-plot');
    this.canvas.setAttribute('role', 'img');
    this.legend = el('div', 'boundary-legend');
    this.legend.dataset.testid = 'boundary-legend';
    this.note = el('p', 'note');
    this.confusionBox = el('div', 'confusion-box');
    this.maps = el('div', 'unit-maps');
    const figure = el('div', 'boundary-figure');
    const side = el('div', 'boundary-side');
    side.append(this.legend, this.confusionBox);
    const plot = el('div', 'boundary-plot-box');
    plot.append(this.canvas, this.note);
    figure.append(plot, side);
    this.element.append(bar, figure, el('h3', '', 'Hidden units over the input plane'), this.maps);
    this.canvas.addEventListener('mousemove', (e) => {
      const [x, y] = this.local(e);
      const t = this.describe(x, y);
      if (t) tooltip().show(t, e.clientX, e.clientY);
      else tooltip().hide();
    });
    this.canvas.addEventListener('mouseleave', () => tooltip().hide());
    this.canvas.addEventListener('click', (e) => {
      const k = this.pointAt(...this.local(e));
      if (k !== null) callbacks.onInspect(k);
    });
  }

  /** True when this view applies: a 2-input network. */
  static applies(dataset: DatasetInfo | null, sizes: number[] | null): boolean {
    return (dataset?.n ?? sizes?.[0]) === 2;
  }

  setData(frame: ViewFrame | null, dataset: DatasetInfo | null, activations: string[]): void {
    this.frame = frame;
    this.dataset = dataset;
    this.activations = activations;
    this.dirty = true;
  }

  setTheme(p: Palette): void {
    this.palette = p;
    this.dirty = true;
  }

  stats(): BoundaryStats {
    return this.last;
  }

  render(force = false): void {
    if (!this.visible || (!this.dirty && !force)) return;
    this.dirty = false;
    const b = this.frame?.boundary ?? null;
    this.element.dataset.drawn = b ? 'true' : 'false';
    this.drawMain(b);
    this.drawLegend();
    this.drawConfusion(b);
    drawUnitMaps(this.maps, b, this.activations, this.palette);
  }

  /** Mouse position in the plot's own pixels (the canvas may be scaled down by CSS in a narrow panel). */
  private local(e: MouseEvent): [number, number] {
    const k = W / (this.canvas.clientWidth || W);
    return [e.offsetX * k, e.offsetY * k];
  }

  private extent(b: Boundary | null): Extent {
    if (b) return b.extent;
    const xs = this.dataset?.inputs ?? [];
    if (!xs.length) return [0, 1, 0, 1];
    let e: Extent = [Infinity, -Infinity, Infinity, -Infinity];
    for (const x of xs)
      e = [Math.min(e[0], x[0]), Math.max(e[1], x[0]), Math.min(e[2], x[1]), Math.max(e[3], x[1])];
    return [e[0] - 0.5, e[1] + 0.5, e[2] - 0.5, e[3] + 0.5];
  }

  private toPx(x1: number, x2: number, e: Extent): [number, number] {
    return [
      PAD.left + ((x1 - e[0]) / (e[1] - e[0])) * SIZE,
      PAD.top + SIZE - ((x2 - e[2]) / (e[3] - e[2])) * SIZE,
    ];
  }

  private K(): number {
    return this.dataset?.K ?? this.frame?.inspected?.y.length ?? 1;
  }

  private classColor(k: number): Rgb {
    return parseColor(this.palette.classes[k % this.palette.classes.length], [128, 128, 128]);
  }

  /** The field's colour of cell i: the class colour over the background, stronger where the network is surer. */
  private fieldColour(b: Boundary): (i: number) => Rgb {
    const bg = parseColor(this.palette.bg, [255, 255, 255]);
    const K = this.K();
    const strength = this.palette.kind === 'high-contrast' ? 0.9 : 0.8;
    if (K === 1) {
      const c0 = this.classColor(0);
      const c1 = this.classColor(1);
      return (i) => {
        const v = b.output[i];
        return mix(bg, v < 0.5 ? c0 : c1, Math.min(1, Math.abs(v - 0.5) * 2) * strength);
      };
    }
    const colours = Array.from({ length: K }, (_, k) => this.classColor(k));
    return (i) => {
      const p = b.confidence?.[i] ?? 1;
      // From a tie of all K classes (p = 1/K) to certainty (p = 1).
      const sure = Math.max(0, Math.min(1, (p - 1 / K) / (1 - 1 / K)));
      return mix(bg, colours[Math.round(b.output[i])] ?? bg, (0.25 + 0.75 * sure) * strength);
    };
  }

  private drawMain(b: Boundary | null): void {
    const p = this.palette;
    const ctx = sizeCanvas(this.canvas, W, H);
    ctx.clearRect(0, 0, W, H);
    const e = this.extent(b);
    let contour: Segment[] = [];
    if (b) {
      paintField(ctx, b.resolution, this.fieldColour(b), PAD.left, PAD.top, SIZE);
      contour = this.drawContour(ctx, b);
      this.note.textContent =
        this.K() > 1
          ? 'Colour: the class of the largest output h_Θ(x)_k, stronger where the network is surer; lines: where two classes tie.'
          : 'Colour: h_Θ(x) from 0 to 1, stronger where the network is surer; the line is h_Θ(x) = 0.5, the decision boundary.';
    } else {
      ctx.fillStyle = p.muted;
      ctx.globalAlpha = 0.15;
      ctx.fillRect(PAD.left, PAD.top, SIZE, SIZE);
      ctx.globalAlpha = 1;
      this.note.textContent = 'The decision boundary appears with the first frame of a session.';
    }
    ctx.strokeStyle = p.fg;
    ctx.lineWidth = 1;
    ctx.strokeRect(PAD.left - 0.5, PAD.top - 0.5, SIZE + 1, SIZE + 1);
    this.drawAxes(ctx, e);
    const pts = this.drawPoints(ctx, e, b);
    this.last = {
      ...pts,
      contour: contour.map((s) => this.segmentInInputs(s, b, e)),
      legend: this.last.legend,
    };
    this.canvas.setAttribute(
      'aria-label',
      `Decision boundary of h_Θ(x) over x₁ from ${+e[0].toFixed(2)} to ${+e[1].toFixed(2)} and x₂ from ${+e[2].toFixed(2)} to ${+e[3].toFixed(2)}, with ${pts.points} data points, ${pts.misclassified} misclassified`,
    );
  }

  private segmentInInputs(s: Segment, b: Boundary | null, e: Extent): Segment {
    const n = b?.resolution ?? 1;
    const x = (c: number): number => e[0] + ((c + 0.5) / n) * (e[1] - e[0]);
    const y = (r: number): number => e[2] + ((r + 0.5) / n) * (e[3] - e[2]);
    return [x(s[0]), y(s[1]), x(s[2]), y(s[3])];
  }

  /** The h_Θ(x) = 0.5 contour (or the class borders), interpolated by marching squares; a halo keeps it visible. */
  private drawContour(ctx: CanvasRenderingContext2D, b: Boundary): Segment[] {
    const n = b.resolution;
    const K = this.K();
    const cls = K === 1 ? Array.from(b.output, (v) => (v >= 0.5 ? 1 : 0)) : b.output;
    const margin =
      b.margin ?? (K === 1 ? Array.from(b.output, (v) => Math.abs(v - 0.5)) : b.output.map(() => 1));
    const segs = contourSegments(cls, margin, n);
    const cell = SIZE / n;
    const px = (c: number): number => PAD.left + (c + 0.5) * cell;
    const py = (r: number): number => PAD.top + SIZE - (r + 0.5) * cell;
    ctx.save();
    ctx.beginPath();
    ctx.rect(PAD.left, PAD.top, SIZE, SIZE);
    ctx.clip();
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const [colour, width] of [
      [this.palette.bg, 5],
      [this.palette.fg, 2.25],
    ] as const) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.beginPath();
      for (const [c0, r0, c1, r1] of segs) {
        ctx.moveTo(px(c0), py(r0));
        ctx.lineTo(px(c1), py(r1));
      }
      ctx.stroke();
    }
    ctx.restore();
    return segs;
  }

  /** Round ticks inside the extent, labels clear of the plot; x₂'s label centred between two ticks. */
  private drawAxes(ctx: CanvasRenderingContext2D, e: Extent): void {
    const p = this.palette;
    ctx.fillStyle = p.fg;
    ctx.strokeStyle = p.fg;
    ctx.font = `${TICK_FONT}px ${p.fontFamily}`;
    const label = (v: number): string => String(+v.toFixed(3)).replace('-', '−');
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.beginPath();
    for (const v of niceTicks(e[0], e[1], 5)) {
      const [x] = this.toPx(v, e[2], e);
      ctx.moveTo(x, PAD.top + SIZE);
      ctx.lineTo(x, PAD.top + SIZE + 5);
      ctx.fillText(label(v), x, PAD.top + SIZE + 7);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of niceTicks(e[2], e[3], 5)) {
      const [, y] = this.toPx(e[0], v, e);
      ctx.moveTo(PAD.left - 5, y);
      ctx.lineTo(PAD.left, y);
      ctx.fillText(label(v), PAD.left - 7, y);
    }
    ctx.stroke();
    ctx.font = `italic ${LABEL_FONT}px ${p.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText('x₁', PAD.left + SIZE / 2, H - 4);
    ctx.save();
    ctx.translate(4, PAD.top + SIZE / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'top';
    ctx.fillText('x₂', 0, 0);
    ctx.restore();
  }

  /** Radius of the points: large for a handful, small for thousands. */
  private static radius(m: number): number {
    return m <= 50 ? 6 : m <= 300 ? 4.5 : m <= 2000 ? 3 : 1.6;
  }

  private drawPoints(
    ctx: CanvasRenderingContext2D,
    e: Extent,
    b: Boundary | null,
  ): { points: number; validation: number; misclassified: number } {
    const xs = this.dataset?.inputs;
    const ys = this.dataset?.targets;
    if (!xs || !ys) return { points: 0, validation: 0, misclassified: 0 };
    const inspected = this.frame?.inspected?.index ?? -1;
    const r = BoundaryView.radius(xs.length);
    const outline = xs.length <= 2000;
    const isVal = this.dataset?.isValidation;
    const pred = b?.predicted && b.predicted.length === xs.length ? b.predicted : null;
    const K = this.K();
    let validation = 0;
    let misclassified = 0;
    const colours = this.palette.classes;
    ctx.save();
    ctx.beginPath();
    ctx.rect(PAD.left - r, PAD.top - r, SIZE + 2 * r, SIZE + 2 * r);
    ctx.clip();
    for (let k = 0; k < xs.length; k++) {
      const [px, py] = this.toPx(xs[k][0], xs[k][1], e);
      const t = targetClass(ys[k]);
      const val = !!isVal?.[k];
      if (val) validation++;
      const rr = k === inspected ? r + 2 : r;
      ctx.beginPath();
      if (val) {
        ctx.moveTo(px, py - rr * 1.3);
        ctx.lineTo(px + rr * 1.3, py);
        ctx.lineTo(px, py + rr * 1.3);
        ctx.lineTo(px - rr * 1.3, py);
        ctx.closePath();
      } else ctx.arc(px, py, rr, 0, Math.PI * 2);
      ctx.fillStyle = colours[t % colours.length];
      ctx.fill();
      if (outline || k === inspected) {
        ctx.lineWidth = k === inspected ? 2.5 : 1.25;
        ctx.strokeStyle = k === inspected ? this.palette.focus : this.palette.fg;
        ctx.stroke();
      }
      if (pred && predictedClass(pred[k], K) !== t) {
        misclassified++;
        this.cross(ctx, px, py, Math.max(2.5, rr * 0.6));
      }
    }
    ctx.restore();
    return { points: xs.length, validation, misclassified };
  }

  /** A misclassified point: a cross in the foreground colour over a background halo. */
  private cross(ctx: CanvasRenderingContext2D, x: number, y: number, s: number): void {
    for (const [colour, width] of [
      [this.palette.bg, 2.75],
      [this.palette.fg, 1.4],
    ] as const) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.moveTo(x - s, y - s);
      ctx.lineTo(x + s, y + s);
      ctx.moveTo(x + s, y - s);
      ctx.lineTo(x - s, y + s);
      ctx.stroke();
    }
  }

  private drawLegend(): void {
    const names = classNames(this.dataset, this.K());
    const items = names.map((name, k) => {
      const item = el('span', 'legend-item');
      const sw = el('span', 'swatch');
      sw.style.background = this.palette.classes[k % this.palette.classes.length];
      item.append(sw, el('span', 'legend-name', name));
      return item;
    });
    const classes = el('div', 'legend-classes');
    classes.setAttribute('aria-label', 'Classes and their colours');
    classes.append(...items);
    const marks = el('div', 'legend-marks');
    const hasVal = !!this.dataset?.isValidation?.some((v) => v);
    marks.append(
      el('span', 'legend-item', '● training sample'),
      ...(hasVal ? [el('span', 'legend-item', '◆ validation sample')] : []),
      el('span', 'legend-item', '✕ misclassified'),
      el('span', 'legend-item', this.K() > 1 ? '— border between classes' : '— h_Θ(x) = 0.5'),
    );
    this.legend.replaceChildren(el('h3', '', 'Classes'), classes, marks);
    this.last.legend = names;
  }

  private drawConfusion(b: Boundary | null): void {
    const d = this.dataset;
    const c = d && b?.predicted ? confusion(d, b.predicted) : null;
    if (!c) {
      this.confusionBox.replaceChildren();
      return;
    }
    this.confusionBox.replaceChildren(el('h3', '', 'Confusion table'), confusionTables(c));
  }

  private pointAt(x: number, y: number): number | null {
    const xs = this.dataset?.inputs;
    if (!xs) return null;
    const e = this.extent(this.frame?.boundary ?? null);
    let best: number | null = null;
    let bestD = 64;
    xs.forEach((p, k) => {
      const [px, py] = this.toPx(p[0], p[1], e);
      const d = (px - x) ** 2 + (py - y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    });
    return best;
  }

  private describe(x: number, y: number): string | null {
    const k = this.pointAt(x, y);
    const ds = this.dataset;
    const names = classNames(ds, this.K());
    if (k !== null && ds?.inputs && ds.targets) {
      const split = ds.isValidation?.[k] ? 'validation' : 'training';
      return `${split} sample ${k + 1}: x = (${ds.inputs[k].join(', ')}), y = ${names[targetClass(ds.targets[k])]}\nclick to inspect it`;
    }
    const b = this.frame?.boundary;
    if (!b) return null;
    const e = b.extent;
    const x1 = e[0] + ((x - PAD.left) / SIZE) * (e[1] - e[0]);
    const x2 = e[2] + ((PAD.top + SIZE - y) / SIZE) * (e[3] - e[2]);
    if (x1 < e[0] || x1 > e[1] || x2 < e[2] || x2 > e[3]) return null;
    const n = b.resolution;
    const c = Math.min(n - 1, Math.floor(((x1 - e[0]) / (e[1] - e[0])) * n));
    const r = Math.min(n - 1, Math.floor(((x2 - e[2]) / (e[3] - e[2])) * n));
    const v = b.output[r * n + c];
    const what =
      this.K() > 1 ? names[Math.round(v)] : `h_Θ(x) = ${v.toFixed(3)} → ${names[v >= 0.5 ? 1 : 0]}`;
    return `x = (${x1.toFixed(2)}, ${x2.toFixed(2)})\n${what}`;
  }

  private exportSvg(): string {
    const png = this.canvas.toDataURL('image/png');
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><image href="${png}" width="${W}" height="${H}"/></svg>`;
  }
}
