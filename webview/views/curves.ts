/**
 * Loss curves (uPlot): training J(Θ) and validation cost per epoch from epoch 0 (the initial Θ), accuracy for
 * classifiers on a second axis, a log-scale toggle for J, values under the cursor in the legend, and the early-stopping
 * epoch marked.
 * The plot is created lazily while visible (uPlot needs a width) and re-created when the series, the scale or the
 * theme change; new epochs only call setData.
 */
import uPlot from 'uplot';
import type { History } from '../../src/protocol';
import type { Palette } from '../colors';
import { fmt } from '../notation';
import { button, checkbox, setChecked } from '../ui/toolkit';
import { el, escapeXml } from './shared';

export interface CurvesCallbacks {
  onLogScale(on: boolean): void;
  onExport(format: 'png' | 'svg', data: string): void;
}

interface SeriesDef {
  key: string;
  label: string;
  scale: 'J' | 'acc';
  color: number;
  dash?: number[];
  width?: number;
  values(h: History): (number | null)[];
}

/** J of the epochs evaluated exactly, or only of those whose J is a running estimate (Frame.estimated). */
const trainingJ = (h: History, estimated: boolean): (number | null)[] =>
  h.J.map((v, k) => ((h.estimated[k] === true) === estimated ? v : null));

const ALL_SERIES: SeriesDef[] = [
  { key: 'J', label: 'J(Θ) training', scale: 'J', color: 0, values: (h) => trainingJ(h, false) },
  {
    key: 'estimatedJ',
    label: 'J(Θ) running estimate',
    scale: 'J',
    color: 0,
    dash: [2, 4],
    width: 1.5,
    values: (h) => trainingJ(h, true),
  },
  {
    key: 'validationJ',
    label: 'J(Θ) validation',
    scale: 'J',
    color: 1,
    dash: [6, 4],
    values: (h) => h.validationJ,
  },
  { key: 'accuracy', label: 'accuracy training', scale: 'acc', color: 2, values: (h) => h.accuracy },
  {
    key: 'validationAccuracy',
    label: 'accuracy validation',
    scale: 'acc',
    color: 3,
    dash: [6, 4],
    values: (h) => h.validationAccuracy,
  },
];

const HEIGHT = 280;

export class CurvesView {
  readonly element: HTMLElement;
  private readonly plotBox: HTMLElement;
  private readonly logBox: HTMLElement;
  private readonly summary: HTMLElement;
  private plot: uPlot | null = null;
  private plotKey = '';
  private history: History | null = null;
  private earlyStop: number | null = null;
  private logScale = false;
  private dirty = true;
  visible = false;

  constructor(
    private palette: Palette,
    callbacks: CurvesCallbacks,
  ) {
    this.element = el('section', 'curves');
    this.element.setAttribute('aria-label', 'Cost and accuracy per epoch');
    const bar = el('div', 'view-toolbar');
    this.logBox = checkbox({
      label: 'Log scale for J(Θ)',
      checked: false,
      testId: 'log-scale',
      onChange: (on) => callbacks.onLogScale(on),
    });
    bar.append(
      this.logBox,
      el('span', 'spacer'),
      button({
        label: 'PNG',
        ariaLabel: 'Export the curves as PNG',
        onClick: () => callbacks.onExport('png', this.exportPng()),
      }),
      button({
        label: 'SVG',
        ariaLabel: 'Export the curves as SVG',
        onClick: () => callbacks.onExport('svg', this.exportSvg()),
      }),
    );
    this.plotBox = el('div', 'plot');
    this.plotBox.setAttribute('role', 'img');
    this.plotBox.dataset.points = '0';
    this.summary = el('p', 'note');
    this.summary.setAttribute('aria-live', 'polite');
    this.element.append(bar, this.plotBox, this.summary);
    new ResizeObserver(() => {
      if (this.plot && this.visible && this.plotBox.clientWidth > 0)
        this.plot.setSize({ width: this.width(), height: HEIGHT });
    }).observe(this.plotBox);
  }

  setHistory(h: History, earlyStopEpoch: number | null): void {
    this.history = h;
    this.earlyStop = earlyStopEpoch;
    this.dirty = true;
    this.plotBox.dataset.points = String(h.epoch.length);
  }

  setLogScale(on: boolean): void {
    if (on === this.logScale) return;
    this.logScale = on;
    setChecked(this.logBox, on);
    this.plotKey = '';
    this.dirty = true;
  }

  setTheme(p: Palette): void {
    this.palette = p;
    this.plotKey = '';
    this.dirty = true;
  }

  private width(): number {
    return Math.max(240, this.plotBox.clientWidth || this.element.clientWidth || 480);
  }

  /** The series that have at least one value. */
  private activeSeries(): SeriesDef[] {
    const h = this.history;
    return ALL_SERIES.filter(
      (s) => s.key === 'J' || (!!h && s.values(h).some((v) => v !== null && Number.isFinite(v))),
    );
  }

  private data(series: SeriesDef[]): uPlot.AlignedData {
    const h = this.history;
    if (!h) return [[], ...series.map(() => [])];
    const cols = series.map((s) =>
      s.values(h).map((v) => {
        if (v === null || !Number.isFinite(v)) return null;
        return this.logScale && s.scale === 'J' && v <= 0 ? null : v;
      }),
    );
    return [h.epoch.slice(), ...cols];
  }

  render(force = false): void {
    if (!this.visible || (!this.dirty && !force)) return;
    this.dirty = false;
    const series = this.activeSeries();
    const key = `${series.map((s) => s.key).join(',')}|${this.logScale}|${this.palette.kind}|${this.palette.fg}`;
    const data = this.data(series);
    if (key !== this.plotKey || !this.plot) {
      this.plot?.destroy();
      this.plotBox.replaceChildren();
      this.plot = new uPlot(this.options(series), data, this.plotBox);
      this.plotKey = key;
    } else {
      this.plot.setData(data);
    }
    this.updateSummary();
  }

  private updateSummary(): void {
    const h = this.history;
    const n = h?.epoch.length ?? 0;
    if (!h || n === 0) {
      this.summary.textContent = 'No epochs yet: train to see J(Θ) per epoch.';
      this.plotBox.setAttribute('aria-label', 'Cost curve, no epochs yet');
      return;
    }
    const last = n - 1;
    // The curve starts at epoch 0: J of the initial Θ, before any update.
    const initial = h.epoch[last] === 0 ? ' (the initial Θ; train to see J fall)' : '';
    const relation = h.estimated[last] === true ? '≈' : '=';
    const parts = [`epoch ${h.epoch[last]}${initial}: J(Θ) ${relation} ${fmt(h.J[last], 4)}`];
    if (h.validationJ[last] !== null) parts.push(`validation ${fmt(h.validationJ[last] ?? NaN, 4)}`);
    if (h.accuracy[last] !== null) parts.push(`accuracy ${((h.accuracy[last] ?? 0) * 100).toFixed(1)} %`);
    if (this.earlyStop !== null) parts.push(`early stopping kept the weights of epoch ${this.earlyStop}`);
    if (h.estimated.some((e) => e))
      parts.push(
        'dotted: J as a running estimate (the mean of the epoch’s batch costs) where training at full speed evaluated J exactly only every few epochs',
      );
    this.summary.textContent = parts.join(' · ');
    this.plotBox.setAttribute('aria-label', `Cost curve over ${n} epochs; ${parts.join(', ')}`);
  }

  private options(series: SeriesDef[]): uPlot.Options {
    const p = this.palette;
    const font = `11px ${p.fontFamily}`;
    const axis = (extra: Partial<uPlot.Axis>): uPlot.Axis => ({
      stroke: p.fg,
      font,
      labelFont: `12px ${p.fontFamily}`,
      grid: { stroke: p.border, width: 1 },
      ticks: { stroke: p.border, width: 1 },
      ...extra,
    });
    const hasAcc = series.some((s) => s.scale === 'acc');
    return {
      width: this.width(),
      height: HEIGHT,
      scales: {
        x: { time: false },
        J: this.logScale
          ? { distr: 3, log: 10 }
          : { auto: true, range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.05 : 1] },
        acc: { range: [0, 1] },
      },
      axes: [
        axis({ label: 'epoch' }),
        axis({ scale: 'J', label: 'J(Θ)', values: (_u, vals) => vals.map((v) => fmt(v, 3)) }),
        ...(hasAcc
          ? [
              axis({
                scale: 'acc',
                side: 1,
                label: 'accuracy',
                grid: { show: false },
                values: (_u: uPlot, vals: number[]) => vals.map((v) => `${Math.round(v * 100)}%`),
              }),
            ]
          : []),
      ],
      series: [
        { label: 'epoch', value: (_u, v) => (v === null ? '—' : String(v)) },
        ...series.map((s): uPlot.Series => ({
          label: s.label,
          scale: s.scale,
          stroke: p.series[s.color],
          width: s.width ?? 2,
          dash: s.dash,
          spanGaps: true,
          points: { show: false },
          value: (_u, v) => (v === null ? '—' : s.scale === 'acc' ? `${(v * 100).toFixed(1)} %` : fmt(v, 4)),
        })),
      ],
      cursor: { drag: { x: true, y: false } },
      legend: { live: true },
      hooks: { draw: [(u) => this.drawEarlyStop(u)] },
    };
  }

  /** A dashed vertical line at the epoch whose weights early stopping kept. */
  private drawEarlyStop(u: uPlot): void {
    if (this.earlyStop === null) return;
    const x = u.valToPos(this.earlyStop, 'x', true);
    if (!Number.isFinite(x)) return;
    const ctx = u.ctx;
    const dpr = window.devicePixelRatio || 1;
    ctx.save();
    ctx.strokeStyle = this.palette.warning;
    ctx.lineWidth = 2 * dpr;
    ctx.setLineDash([6 * dpr, 4 * dpr]);
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = this.palette.warning;
    ctx.font = `${11 * dpr}px ${this.palette.fontFamily}`;
    const label = `early stop (epoch ${this.earlyStop})`;
    const w = ctx.measureText(label).width;
    ctx.fillText(label, Math.min(x + 4 * dpr, u.bbox.left + u.bbox.width - w - 2), u.bbox.top + 14 * dpr);
    ctx.restore();
  }

  stats(): { points: number; first: number | null; series: string[]; log: boolean; plotted: boolean } {
    return {
      points: this.history?.epoch.length ?? 0,
      first: (this.plot?.data[0]?.[0] as number | undefined) ?? null,
      series: this.activeSeries().map((s) => s.label),
      log: this.logScale,
      plotted: !!this.plot && (this.plot.data[0]?.length ?? 0) === (this.history?.epoch.length ?? 0),
    };
  }

  exportPng(): string {
    this.render(true);
    const src = this.plot?.ctx.canvas;
    if (!src) return '';
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height;
    const ctx = c.getContext('2d');
    if (!ctx) return '';
    ctx.fillStyle = this.palette.bg;
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage(src, 0, 0);
    return c.toDataURL('image/png');
  }

  /** SVG drawn from the data: axes, J (left, linear or log) and accuracy (right, 0–100 %), legend. */
  exportSvg(): string {
    const p = this.palette;
    const h = this.history;
    const W = 640;
    const series = this.activeSeries();
    // The legend: four series a row, the plot's bottom margin grows by a row for each further row.
    const rows = Math.ceil(series.length / 4);
    const H = 320 + (rows - 1) * 16;
    const m = { l: 56, r: 56, t: 16, b: 64 + (rows - 1) * 16 };
    const pw = W - m.l - m.r;
    const ph = H - m.t - m.b;
    const out: string[] = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="${escapeXml(p.fontFamily)}" font-size="11">`,
      `<rect width="100%" height="100%" fill="${escapeXml(p.bg)}"/>`,
    ];
    const ep = h?.epoch ?? [];
    const xMin = ep.length ? ep[0] : 0;
    const xMax = ep.length > 1 ? ep[ep.length - 1] : xMin + 1;
    const jVals = series
      .filter((s) => s.scale === 'J')
      .flatMap((s) => (h ? s.values(h) : []))
      .filter((v): v is number => v !== null && Number.isFinite(v) && (!this.logScale || v > 0));
    const jMin = this.logScale ? Math.log10(Math.min(...jVals, 1)) : Math.min(0, ...jVals);
    const jMax = this.logScale ? Math.log10(Math.max(...jVals, 1e-9)) : Math.max(...jVals, 1e-9) * 1.05;
    const X = (v: number): number => m.l + ((v - xMin) / (xMax - xMin || 1)) * pw;
    const YJ = (v: number): number => {
      const t = this.logScale ? Math.log10(v) : v;
      return m.t + ph - ((t - jMin) / (jMax - jMin || 1)) * ph;
    };
    const YA = (v: number): number => m.t + ph - v * ph;
    out.push(
      `<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="${escapeXml(p.border)}"/>`,
    );
    for (let k = 0; k <= 4; k++) {
      const tv = jMin + ((jMax - jMin) * k) / 4;
      const y = m.t + ph - (ph * k) / 4;
      out.push(
        `<line x1="${m.l}" x2="${m.l + pw}" y1="${y}" y2="${y}" stroke="${escapeXml(p.border)}" stroke-opacity="0.6"/>`,
      );
      out.push(
        `<text x="${m.l - 6}" y="${y + 4}" text-anchor="end" fill="${escapeXml(p.fg)}">${fmt(this.logScale ? 10 ** tv : tv, 3)}</text>`,
      );
      if (series.some((s) => s.scale === 'acc'))
        out.push(`<text x="${m.l + pw + 6}" y="${y + 4}" fill="${escapeXml(p.fg)}">${k * 25}%</text>`);
      const ex = xMin + ((xMax - xMin) * k) / 4;
      out.push(
        `<text x="${X(ex)}" y="${m.t + ph + 16}" text-anchor="middle" fill="${escapeXml(p.fg)}">${Math.round(ex)}</text>`,
      );
    }
    out.push(
      `<text x="${m.l + pw / 2}" y="${m.t + ph + 32}" text-anchor="middle" fill="${escapeXml(p.fg)}">epoch</text>`,
    );
    out.push(
      `<text transform="translate(14 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle" fill="${escapeXml(p.fg)}">J(Θ)${this.logScale ? ' (log)' : ''}</text>`,
    );
    series.forEach((s, k) => {
      const vals = h ? s.values(h) : [];
      const pts: string[] = [];
      vals.forEach((v, i) => {
        if (v === null || !Number.isFinite(v) || (s.scale === 'J' && this.logScale && v <= 0)) return;
        pts.push(`${X(ep[i]).toFixed(1)},${(s.scale === 'J' ? YJ(v) : YA(v)).toFixed(1)}`);
      });
      const dash = s.dash ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
      if (pts.length)
        out.push(
          `<polyline points="${pts.join(' ')}" fill="none" stroke="${p.series[s.color]}" stroke-width="${s.width ?? 2}"${dash}/>`,
        );
      const lx = m.l + (k % 4) * 140;
      const ly = H - 12 - (rows - 1 - Math.floor(k / 4)) * 16;
      out.push(
        `<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="${p.series[s.color]}" stroke-width="${s.width ?? 2}"${dash}/>`,
      );
      out.push(`<text x="${lx + 22}" y="${ly + 4}" fill="${escapeXml(p.fg)}">${escapeXml(s.label)}</text>`);
    });
    if (this.earlyStop !== null && ep.length) {
      const x = X(this.earlyStop);
      out.push(
        `<line x1="${x}" x2="${x}" y1="${m.t}" y2="${m.t + ph}" stroke="${escapeXml(p.warning)}" stroke-width="2" stroke-dasharray="6 4"/>`,
      );
      out.push(
        `<text x="${x + 4}" y="${m.t + 12}" fill="${escapeXml(p.warning)}">early stop (epoch ${this.earlyStop})</text>`,
      );
    }
    out.push('</svg>');
    return out.join('\n');
  }
}
