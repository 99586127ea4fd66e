/**
 * For 2-input networks: the decision boundary over the input plane (Frame.boundary) with the training points
 * (DatasetInfo.inputs/targets) on top, and a small map per hidden unit, as TensorFlow Playground shows them.
 * One output: h_Θ(x) from 0 (class 0 colour) through 0.5 (background) to 1 (class 1 colour), with the 0.5 level
 * drawn as a line. Several outputs: the arg max class coloured by its probability.
 */
import type { Boundary, DatasetInfo, Frame } from '../../src/protocol';
import { divergingIndex, mix, parseColor, type Palette, type Rgb } from '../colors';
import { unitLabel } from '../notation';
import { button } from '../ui/toolkit';
import { el, sizeCanvas, tooltip } from './shared';

const SIZE = 300;
const PAD = { left: 34, bottom: 28, top: 8, right: 8 };
const MAP = 64;
const MAX_MAPS = 16;

export interface BoundaryCallbacks {
  onExport(format: 'png' | 'svg', data: string): void;
  onInspect(index: number): void;
}

export class BoundaryView {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly maps: HTMLElement;
  private readonly note: HTMLElement;
  private frame: Frame | null = null;
  private dataset: DatasetInfo | null = null;
  private activations: string[] = [];
  private dirty = true;
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
    this.note = el('p', 'note');
    this.maps = el('div', 'unit-maps');
    this.element.append(
      bar,
      this.canvas,
      this.note,
      el('h3', '', 'Hidden units over the input plane'),
      this.maps,
    );
    this.canvas.addEventListener('mousemove', (e) => {
      const t = this.describe(e.offsetX, e.offsetY);
      if (t) tooltip().show(t, e.clientX, e.clientY);
      else tooltip().hide();
    });
    this.canvas.addEventListener('mouseleave', () => tooltip().hide());
    this.canvas.addEventListener('click', (e) => {
      const k = this.pointAt(e.offsetX, e.offsetY);
      if (k !== null) callbacks.onInspect(k);
    });
  }

  /** True when this view applies: a 2-input network. */
  static applies(dataset: DatasetInfo | null, sizes: number[] | null): boolean {
    return (dataset?.n ?? sizes?.[0]) === 2;
  }

  setData(frame: Frame | null, dataset: DatasetInfo | null, activations: string[]): void {
    this.frame = frame;
    this.dataset = dataset;
    this.activations = activations;
    this.dirty = true;
  }

  setTheme(p: Palette): void {
    this.palette = p;
    this.dirty = true;
  }

  render(force = false): void {
    if (!this.visible || (!this.dirty && !force)) return;
    this.dirty = false;
    const b = this.frame?.boundary ?? null;
    this.element.dataset.drawn = b ? 'true' : 'false';
    this.drawMain(b);
    this.drawMaps(b);
  }

  private extent(b: Boundary | null): [number, number, number, number] {
    if (b) return b.extent;
    const xs = this.dataset?.inputs ?? [];
    if (!xs.length) return [0, 1, 0, 1];
    const x1 = xs.map((x) => x[0]);
    const x2 = xs.map((x) => x[1]);
    return [Math.min(...x1) - 0.5, Math.max(...x1) + 0.5, Math.min(...x2) - 0.5, Math.max(...x2) + 0.5];
  }

  private toPx(x1: number, x2: number, e: [number, number, number, number]): [number, number] {
    return [
      PAD.left + ((x1 - e[0]) / (e[1] - e[0])) * SIZE,
      PAD.top + SIZE - ((x2 - e[2]) / (e[3] - e[2])) * SIZE,
    ];
  }

  private classColor(k: number): Rgb {
    return parseColor(this.palette.classes[k % this.palette.classes.length], [128, 128, 128]);
  }

  private multiClass(): boolean {
    return (this.dataset?.K ?? 1) > 1;
  }

  private drawMain(b: Boundary | null): void {
    const p = this.palette;
    const W = PAD.left + SIZE + PAD.right;
    const H = PAD.top + SIZE + PAD.bottom;
    const ctx = sizeCanvas(this.canvas, W, H);
    ctx.clearRect(0, 0, W, H);
    const e = this.extent(b);
    const bg = parseColor(p.bg, [255, 255, 255]);
    if (b) {
      const n = b.resolution;
      const off = document.createElement('canvas');
      off.width = n;
      off.height = n;
      const octx = off.getContext('2d');
      if (octx) {
        const img = octx.createImageData(n, n);
        const c0 = this.classColor(0);
        const c1 = this.classColor(1);
        for (let r = 0; r < n; r++)
          for (let c = 0; c < n; c++) {
            const v = b.output[r * n + c];
            let rgb: Rgb;
            if (this.multiClass())
              rgb = mix(bg, this.classColor(Math.round(v)), 0.25 + 0.55 * (b.confidence?.[r * n + c] ?? 1));
            else
              rgb =
                v < 0.5
                  ? mix(bg, c0, Math.min(1, (0.5 - v) * 2) * 0.75)
                  : mix(bg, c1, Math.min(1, (v - 0.5) * 2) * 0.75);
            // Row 0 is at x2min: flip so that x2 grows upwards.
            const k = ((n - 1 - r) * n + c) * 4;
            img.data[k] = rgb[0];
            img.data[k + 1] = rgb[1];
            img.data[k + 2] = rgb[2];
            img.data[k + 3] = 255;
          }
        octx.putImageData(img, 0, 0);
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(off, PAD.left, PAD.top, SIZE, SIZE);
      }
      this.drawLevel(ctx, b);
      this.note.textContent = this.multiClass()
        ? 'Colour: the class with the largest output h_Θ(x)_k, stronger where it is more certain.'
        : 'Colour: h_Θ(x) from 0 to 1; the line is h_Θ(x) = 0.5, the decision boundary.';
    } else {
      ctx.fillStyle = p.muted;
      ctx.globalAlpha = 0.15;
      ctx.fillRect(PAD.left, PAD.top, SIZE, SIZE);
      ctx.globalAlpha = 1;
      this.note.textContent = 'The decision boundary appears with the first frame of a session.';
    }
    ctx.strokeStyle = p.border;
    ctx.strokeRect(PAD.left - 0.5, PAD.top - 0.5, SIZE + 1, SIZE + 1);
    // Axes
    ctx.fillStyle = p.fg;
    ctx.font = `11px ${p.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let k = 0; k <= 4; k++) {
      const v = e[0] + ((e[1] - e[0]) * k) / 4;
      ctx.fillText(String(+v.toFixed(2)), PAD.left + (SIZE * k) / 4, PAD.top + SIZE + 3);
    }
    ctx.fillText('x₁', PAD.left + SIZE / 2, PAD.top + SIZE + 15);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let k = 0; k <= 4; k++) {
      const v = e[2] + ((e[3] - e[2]) * k) / 4;
      ctx.fillText(String(+v.toFixed(2)), PAD.left - 4, PAD.top + SIZE - (SIZE * k) / 4);
    }
    ctx.save();
    ctx.translate(9, PAD.top + SIZE / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText('x₂', 0, 0);
    ctx.restore();
    this.drawPoints(ctx, e);
    this.canvas.setAttribute(
      'aria-label',
      `Decision boundary of h_Θ(x) over x₁ from ${e[0]} to ${e[1]} and x₂ from ${e[2]} to ${e[3]}, with ${this.dataset?.inputs?.length ?? 0} training points`,
    );
  }

  /** The h_Θ(x) = 0.5 level (or class changes), drawn along cell edges where the side changes. */
  private drawLevel(ctx: CanvasRenderingContext2D, b: Boundary): void {
    const n = b.resolution;
    const side = (r: number, c: number): number =>
      this.multiClass() ? Math.round(b.output[r * n + c]) : b.output[r * n + c] >= 0.5 ? 1 : 0;
    const cw = SIZE / n;
    ctx.strokeStyle = this.palette.fg;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) {
        const s = side(r, c);
        const x = PAD.left + c * cw;
        const y = PAD.top + SIZE - (r + 1) * cw;
        if (c + 1 < n && side(r, c + 1) !== s) {
          ctx.moveTo(x + cw, y);
          ctx.lineTo(x + cw, y + cw);
        }
        if (r + 1 < n && side(r + 1, c) !== s) {
          ctx.moveTo(x, y);
          ctx.lineTo(x + cw, y);
        }
      }
    ctx.stroke();
    ctx.lineWidth = 1;
  }

  private targetClass(t: number[]): number {
    if (t.length === 1) return t[0] >= 0.5 ? 1 : 0;
    let best = 0;
    for (let k = 1; k < t.length; k++) if (t[k] > t[best]) best = k;
    return best;
  }

  private drawPoints(ctx: CanvasRenderingContext2D, e: [number, number, number, number]): void {
    const xs = this.dataset?.inputs;
    const ys = this.dataset?.targets;
    if (!xs || !ys) return;
    const inspected = this.frame?.inspected?.index ?? -1;
    const r = xs.length > 100 ? 3 : 5;
    xs.forEach((x, k) => {
      const [px, py] = this.toPx(x[0], x[1], e);
      ctx.beginPath();
      ctx.arc(px, py, k === inspected ? r + 2 : r, 0, Math.PI * 2);
      ctx.fillStyle = this.palette.classes[this.targetClass(ys[k]) % this.palette.classes.length];
      ctx.fill();
      ctx.lineWidth = k === inspected ? 2.5 : 1;
      ctx.strokeStyle = k === inspected ? this.palette.focus : this.palette.fg;
      ctx.stroke();
    });
    ctx.lineWidth = 1;
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
    if (k !== null && ds?.inputs && ds.targets) {
      return `sample ${k + 1}: x = (${ds.inputs[k].join(', ')}), y = ${ds.targets[k].join(', ')}\nclick to inspect it`;
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
    return `x = (${x1.toFixed(2)}, ${x2.toFixed(2)})\n${this.multiClass() ? `class ${Math.round(v) + 1}` : `h_Θ(x) = ${v.toFixed(3)}`}`;
  }

  private drawMaps(b: Boundary | null): void {
    this.maps.replaceChildren();
    if (!b || !b.hidden.length) {
      this.maps.append(el('p', 'note', 'No hidden layers, or no frame yet.'));
      return;
    }
    const p = this.palette;
    b.hidden.forEach((layerMaps, h) => {
      const layer = h + 2;
      const g = this.activations[layer - 1] ?? 'sigmoid';
      const row = el('div', 'map-row');
      row.append(el('span', 'map-layer', `layer ${layer} (${g})`));
      layerMaps.slice(0, MAX_MAPS).forEach((m, u) => {
        const fig = el('figure', 'unit-map');
        const c = el('canvas');
        c.setAttribute('role', 'img');
        c.setAttribute('aria-label', `${unitLabel(layer, u + 1)} over the input plane`);
        const ctx = sizeCanvas(c, MAP, MAP);
        const n = b.resolution;
        const off = document.createElement('canvas');
        off.width = n;
        off.height = n;
        const octx = off.getContext('2d');
        if (octx) {
          const img = octx.createImageData(n, n);
          // Centre of the scale: 0.5 for sigmoid (range 0..1), 0 otherwise; symmetric about it.
          const centre = g === 'sigmoid' || g === 'softmax' ? 0.5 : 0;
          let half = g === 'sigmoid' || g === 'softmax' ? 0.5 : g === 'tanh' ? 1 : 0;
          if (!half) for (let k = 0; k < m.length; k++) half = Math.max(half, Math.abs(m[k] - centre));
          for (let r = 0; r < n; r++)
            for (let cc = 0; cc < n; cc++) {
              const rgb = p.divergingRgb[divergingIndex(m[r * n + cc] - centre, half || 1)];
              const k = ((n - 1 - r) * n + cc) * 4;
              img.data[k] = rgb[0];
              img.data[k + 1] = rgb[1];
              img.data[k + 2] = rgb[2];
              img.data[k + 3] = 255;
            }
          octx.putImageData(img, 0, 0);
          ctx.imageSmoothingEnabled = true;
          ctx.drawImage(off, 0, 0, MAP, MAP);
        }
        fig.append(c, el('figcaption', '', unitLabel(layer, u + 1)));
        row.append(fig);
      });
      if (layerMaps.length > MAX_MAPS)
        row.append(el('span', 'note', `… ${layerMaps.length - MAX_MAPS} more`));
      this.maps.append(row);
    });
  }

  private exportSvg(): string {
    const png = this.canvas.toDataURL('image/png');
    const w = PAD.left + SIZE + PAD.right;
    const h = PAD.top + SIZE + PAD.bottom;
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><image href="${png}" width="${w}" height="${h}"/></svg>`;
  }
}
