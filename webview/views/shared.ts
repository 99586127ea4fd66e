/** Small helpers shared by the views: the tooltip, canvas sizing, highlights, export naming. */

/** What the stepper (and the selected unit) point at, in the lecture's 1-based indices. */
export interface Highlight {
  /** Units as `${layer}:${unit}` (unit 0 = bias). */
  units: Set<string>;
  /** Θ^(l) involved (key: lecture l): which rows j (1-based) and columns i (0 = bias) of it; null = all. */
  thetas: Map<number, { rows: number[] | null; cols: number[] | null }>;
}

export function emptyHighlight(): Highlight {
  return { units: new Set(), thetas: new Map() };
}

export function highlightKey(h: Highlight | null): string {
  if (!h) return '';
  const t = [...h.thetas.entries()].map(
    ([l, s]) => `${l}:${s.rows?.join(',') ?? '*'}/${s.cols?.join(',') ?? '*'}`,
  );
  return `${[...h.units].sort().join(' ')}|${t.join(' ')}`;
}

/** One floating tooltip for the whole view (role=tooltip, follows the pointer). */
export class Tooltip {
  readonly element: HTMLDivElement;
  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'tooltip';
    this.element.setAttribute('role', 'tooltip');
    this.element.hidden = true;
    document.body.appendChild(this.element);
  }
  show(text: string, clientX: number, clientY: number): void {
    if (this.element.textContent !== text) this.element.textContent = text;
    this.element.hidden = false;
    const r = this.element.getBoundingClientRect();
    const x = Math.min(clientX + 14, window.innerWidth - r.width - 4);
    const y = clientY + 16 + r.height > window.innerHeight ? clientY - r.height - 10 : clientY + 16;
    this.element.style.left = `${Math.max(4, x)}px`;
    this.element.style.top = `${Math.max(4, y)}px`;
  }
  hide(): void {
    this.element.hidden = true;
  }
}

export const tooltip = (): Tooltip => (sharedTooltip ??= new Tooltip());
let sharedTooltip: Tooltip | null = null;

/** Sizes a canvas for the device pixel ratio and returns its context scaled to CSS pixels. */
export function sizeCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2d context unavailable');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function escapeXml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

/** A file name for an export: network name + view, safe characters only. */
export function exportFileName(base: string, view: string, format: 'png' | 'svg'): string {
  const safe = (base || 'network').replace(/\.nn\.json$/i, '').replace(/[^\w.-]+/g, '_');
  return `${safe}-${view}.${format}`;
}

/** Every numeric array of a message arrives either as a typed array or a plain array; both index the same. */
export type Numbers = ArrayLike<number>;
