/**
 * The network graph (cytoscape): one column per layer, units labelled x_i (layer 1) and a_i^(j) after it, bias units
 * (+1) as dashed squares, edges Θ_ji^(l) coloured by sign and sized by |Θ_ji^(l)| on the diverging scale.
 *
 * Speed: cytoscape holds the static picture (positions, unit outlines, bias units, the picture's frame and caption)
 * and does the hit testing for hover and click; everything a streamed frame changes (edge colours and widths, unit
 * fills and values, the input picture, dropout and highlight marks) is painted on an overlay canvas of our own that
 * sits under cytoscape's canvases and follows its viewport (pan and zoom events). A frame therefore never restyles a
 * cytoscape element, and cytoscape does not redraw. The overlay is repainted only when a painted value changed
 * beyond its quantisation step, and not while the graph is off screen.
 * Wide layers stay usable: an image input (MNIST) is one picture node with one aggregated edge per hidden unit, and a
 * Θ with more than EDGE_LIMIT entries draws only the top-k |Θ_ji| edges into each unit (re-chosen once a second).
 */
import cytoscape from 'cytoscape';
import type { Frame } from '../../src/protocol';
import { divergingIndex, maxAbs, parseColor, textOn, type Palette, type Rgb } from '../colors';
import { fmt, sub, sup, thetaLabel, unitLabel } from '../notation';
import type { UnitRef } from '../state';
import { escapeXml, highlightKey, sizeCanvas, tooltip, type Highlight, type Numbers } from './shared';

export interface Topology {
  /** s_1..s_L */
  sizes: number[];
  /** g of each layer (index 0 unused) */
  activations: string[];
  imageShape: [number, number] | null;
}

/** Most edges drawn for one Θ^(l) before thinning to the top-k per unit. */
export const EDGE_LIMIT = 160;
/** Bias edges drawn from the bias unit of an image input (the largest |Θ_j0^(1)|). */
const IMAGE_BIAS_EDGES = 16;
/** Layers with at most this many units show the activation value under the label. */
const SMALL_LAYER = 12;
const RESELECT_MS = 1000;
/** A drawn edge of a thinned Θ is replaced only by one at least this many times larger in |Θ_ji|. */
const STICKY = 1.25;
/** Labels smaller than this on screen (px) are not drawn (as cytoscape's min-zoomed-font-size). */
const MIN_FONT_PX = 6;
/** Width of an edge for hit testing (cytoscape adds 8 px / zoom around it). */
const HIT_WIDTH = 3;
/** Name of the element scratch entry holding the paint record of a unit or edge (read by the browser tests). */
export const PAINT = 'paint';

/** Highlight state of an element: highlighted, dimmed or neither. */
type Mark = '' | 'hl' | 'dim';

/** One edge Θ_ji^(l) as the overlay paints it. */
export interface EdgeInfo {
  ele: cytoscape.EdgeSingular;
  /** 0-based index of Θ (theta[t] is Θ^(t+1)) */
  t: number;
  /** 0-based row (unit j = row + 1 of layer t+2) */
  row: number;
  /** column i (0 = bias), or -1 for the aggregated edge of an image input */
  col: number;
  /** Model coordinates of both ends (nodes never move: preset positions, not grabbable). */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Quantised index on the diverging scale, −1 before the first frame. */
  ci: number;
  /** Stroke colour (CSS) and width (model px). */
  c: string;
  w: number;
  dropped: boolean;
  mark: Mark;
}

/** One node as the overlay paints it (bias units are drawn by cytoscape alone). */
export interface NodeInfo {
  ele: cytoscape.NodeSingular;
  layer: number;
  unit: number;
  key: string;
  x: number;
  y: number;
  size: number;
  fs: number;
  /** Small layers show the value under the name. */
  small: boolean;
  name: string;
  /** Fill and text colour (CSS) and the label (name, or name and value). */
  fill: string;
  text: string;
  label: string;
  dropped: boolean;
  mark: Mark;
}

export interface GraphStats {
  nodes: number;
  units: number;
  biasUnits: number;
  imageInputs: number;
  edges: number;
  labels: string[];
  dropped: number;
  highlighted: number;
}

export interface GraphCallbacks {
  onSelectUnit(unit: UnitRef | null): void;
}

function topologyKey(t: Topology): string {
  return `${t.sizes.join('-')}|${t.imageShape?.join('x') ?? ''}`;
}

interface CanvasRenderer {
  bufferCanvasImage(options: { full: boolean; scale: number }): HTMLCanvasElement;
}

export class GraphView {
  readonly cy: cytoscape.Core;
  /** The overlay canvas: edges, unit fills and labels, the input picture, highlight halos. */
  readonly overlay: HTMLCanvasElement;
  private topo: Topology | null = null;
  private key = '';
  private nodes: NodeInfo[] = [];
  private edges: EdgeInfo[] = [];
  private frame: Frame | null = null;
  private palette: Palette;
  private lastSelect = 0;
  private imageFor = '';
  private picture: HTMLCanvasElement | null = null;
  private hlKey = '';
  private droppedKey = '';
  private selected: UnitRef | null = null;
  /** CSS fill and text colour of each palette RGB triple used as a unit fill. */
  private fillCache = new Map<Rgb, [string, string]>();
  private bgRgb: Rgb = [255, 255, 255];
  private fgRgb: Rgb = [0, 0, 0];
  /** The overlay needs a repaint (a painted value or the viewport changed). */
  private dirty = true;
  private paintRequested = false;
  private onScreen = true;

  constructor(
    private readonly container: HTMLElement,
    palette: Palette,
    private readonly callbacks: GraphCallbacks,
  ) {
    this.palette = palette;
    this.cy = cytoscape({
      container,
      style: this.stylesheet(),
      elements: [],
      layout: { name: 'preset' },
      autoungrabify: true,
      autounselectify: true,
      boxSelectionEnabled: false,
      minZoom: 0.1,
      maxZoom: 4,
      wheelSensitivity: 0.3,
      textureOnViewport: true,
      hideEdgesOnViewport: false,
    });
    // Under cytoscape's canvases (same stacking level, earlier in the document), not taking pointer events.
    this.overlay = document.createElement('canvas');
    this.overlay.className = 'graph-overlay';
    this.overlay.dataset.testid = 'graph-overlay';
    this.overlay.setAttribute('aria-hidden', 'true');
    Object.assign(this.overlay.style, { position: 'absolute', left: '0', top: '0', pointerEvents: 'none' });
    container.insertBefore(this.overlay, container.firstChild);
    this.refreshColors();
    this.cy.on('viewport', () => this.requestPaint());
    this.cy.on('mouseover', 'node, edge', (e) => {
      const oe = e.originalEvent as MouseEvent | undefined;
      if (oe)
        tooltip().show(this.describe(e.target as cytoscape.SingularElementArgument), oe.clientX, oe.clientY);
    });
    this.cy.on('mousemove', 'node, edge', (e) => {
      const oe = e.originalEvent as MouseEvent | undefined;
      if (oe)
        tooltip().show(this.describe(e.target as cytoscape.SingularElementArgument), oe.clientX, oe.clientY);
    });
    this.cy.on('mouseout', 'node, edge', () => tooltip().hide());
    this.cy.on('tap', (e) => {
      if (e.target === this.cy) return this.callbacks.onSelectUnit(null);
      const d = (e.target as cytoscape.SingularElementArgument).data() as { layer?: number; unit?: number };
      if (typeof d.layer === 'number' && typeof d.unit === 'number' && d.unit > 0) {
        this.callbacks.onSelectUnit({ layer: d.layer, unit: d.unit });
      }
    });
    // Keyboard: with the graph focused, ↑/↓ move the selected unit through the units, layer by layer.
    container.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
      e.preventDefault();
      e.stopPropagation();
      const units = this.nodes.filter((n) => n.unit > 0 && !(n.layer === 1 && this.topo?.imageShape));
      if (!units.length) return;
      const at = units.findIndex(
        (n) => this.selected && n.layer === this.selected.layer && n.unit === this.selected.unit,
      );
      const next = e.key === 'ArrowDown' ? (at + 1) % units.length : (at - 1 + units.length) % units.length;
      this.callbacks.onSelectUnit({ layer: units[next].layer, unit: units[next].unit });
    });
    new ResizeObserver(() => {
      if (container.clientWidth > 0 && container.clientHeight > 0) {
        this.cy.resize();
        this.cy.fit(undefined, 24);
        this.requestPaint();
      }
    }).observe(container);
    // Off screen (scrolled away, hidden tab): frames only update the paint records; the overlay catches up later.
    new IntersectionObserver((entries) => {
      this.onScreen = entries[entries.length - 1].isIntersecting;
      if (this.onScreen) this.requestPaint();
    }).observe(container);
    document.addEventListener('visibilitychange', () => this.requestPaint());
  }

  private stylesheet(): cytoscape.StylesheetJson {
    const p = this.palette;
    return [
      {
        selector: 'node',
        style: {
          'background-color': p.bg,
          'border-width': 1.5,
          'border-color': p.fg,
          label: 'data(label)',
          color: p.fg,
          'font-size': 'data(fs)',
          'font-family': p.fontFamily,
          'text-valign': 'center',
          'text-halign': 'center',
          'text-wrap': 'wrap',
          width: 'data(size)',
          height: 'data(size)',
          'min-zoomed-font-size': MIN_FONT_PX,
        },
      },
      // Units: the overlay paints fill and label; cytoscape draws the outline and takes hover and clicks.
      { selector: 'node.unit', style: { 'background-opacity': 0, label: '' } },
      {
        selector: 'node.bias',
        style: {
          shape: 'round-rectangle',
          'border-style': 'dashed',
          'border-color': p.muted,
        },
      },
      {
        selector: 'node.image',
        style: {
          shape: 'rectangle',
          'background-opacity': 0,
          'text-valign': 'bottom',
          'text-margin-y': 6,
        } as cytoscape.Css.Node,
      },
      {
        selector: 'node.dropped',
        style: { 'border-style': 'dashed', 'border-color': p.muted, opacity: 0.45 },
      },
      { selector: 'node.selected', style: { 'border-width': 3.5, 'border-color': p.focus } },
      // Edges: painted by the overlay; here only for hit testing (hover texts).
      {
        selector: 'edge',
        style: { 'curve-style': 'haystack', 'haystack-radius': 0, width: HIT_WIDTH, 'line-opacity': 0 },
      },
      { selector: 'node.dim', style: { opacity: 0.18 } },
    ] as cytoscape.StylesheetJson;
  }

  private refreshColors(): void {
    this.fillCache.clear();
    this.bgRgb = parseColor(this.palette.bg, [255, 255, 255]);
    this.fgRgb = parseColor(this.palette.fg, [0, 0, 0]);
  }

  setTheme(p: Palette): void {
    this.palette = p;
    this.refreshColors();
    this.cy.style(this.stylesheet());
    this.imageFor = '';
    for (const e of this.edges) e.ci = -1;
    if (this.frame) this.update(this.frame);
    else this.paintEmpty();
    this.dirty = true;
    this.flush();
  }

  /** Rebuilds the elements when the layer sizes change; returns true when it did. */
  setTopology(t: Topology | null): boolean {
    const key = t ? topologyKey(t) : '';
    if (key === this.key) {
      if (t) this.topo = t;
      return false;
    }
    this.key = key;
    this.topo = t;
    this.frame = null;
    this.hlKey = '';
    this.droppedKey = '';
    this.imageFor = '';
    this.picture = null;
    this.cy.elements().remove();
    this.nodes = [];
    this.edges = [];
    this.dirty = true;
    if (!t) {
      this.flush();
      return true;
    }
    // A height that suits the widest column: small networks do not float in a tall empty box.
    const widest = Math.max(...t.sizes.map((s, l) => s + (l < t.sizes.length - 1 ? 1 : 0)));
    this.container.style.height = `${t.imageShape || widest > 8 ? 520 : Math.max(300, 120 + widest * 72)}px`;
    this.cy.batch(() => this.build(t));
    this.paintEmpty();
    this.cy.fit(undefined, 24);
    this.container.dataset.units = String(this.stats().units);
    this.flush();
    return true;
  }

  private build(t: Topology): void {
    const L = t.sizes.length;
    const small = Math.max(...t.sizes) <= SMALL_LAYER;
    const colGap = L <= 3 ? 220 : 180;
    const adds: cytoscape.ElementDefinition[] = [];
    for (let l = 0; l < L; l++) {
      const layer = l + 1;
      const hasBias = l < L - 1;
      const x = l * colGap;
      if (l === 0 && t.imageShape) {
        const size = 150;
        adds.push({
          group: 'nodes',
          data: {
            id: 'n-1-img',
            layer: 1,
            unit: -1,
            label: `x (${t.imageShape[1]}×${t.imageShape[0]})`,
            fs: 12,
            size,
          },
          classes: 'image',
          position: { x, y: 0 },
        });
        adds.push(this.biasNode(layer, x, -size / 2 - 40, 30));
        continue;
      }
      const count = t.sizes[l] + (hasBias ? 1 : 0);
      const rowGap = Math.max(9, Math.min(72, 560 / count));
      const size = Math.max(7, Math.min(46, rowGap * 0.72));
      const top = (-(count - 1) * rowGap) / 2;
      if (hasBias) adds.push(this.biasNode(layer, x, top, size));
      for (let u = 1; u <= t.sizes[l]; u++) {
        const y = top + (u - (hasBias ? 0 : 1)) * rowGap;
        adds.push({
          group: 'nodes',
          data: {
            id: `n-${layer}-${u}`,
            layer,
            unit: u,
            name: unitLabel(layer, u),
            fs: small ? size * 0.27 : size * 0.42,
            size,
            small,
          },
          classes: 'unit',
          position: { x, y },
        });
      }
    }
    this.cy.add(adds);
    for (const n of this.cy.nodes().toArray()) {
      const d = n.data() as { layer: number; unit: number; size: number; fs: number; small?: boolean };
      const pos = n.position();
      const name = d.unit > 0 ? unitLabel(d.layer, d.unit) : String(n.data('label'));
      const info: NodeInfo = {
        ele: n,
        layer: d.layer,
        unit: d.unit,
        key: `${d.layer}:${d.unit}`,
        x: pos.x,
        y: pos.y,
        size: d.size,
        fs: d.fs,
        small: !!d.small,
        name,
        fill: this.palette.bg,
        text: this.palette.fg,
        label: name,
        dropped: false,
        mark: '',
      };
      n.scratch(PAINT, info);
      this.nodes.push(info);
    }
    // Edges: all of them for small Θ; for wide ones the selection waits for the first weights (see selectEdges).
    for (const k of selectEdges(t, null)) {
      const [a, b, c] = k.split(':').map(Number);
      this.addEdge(a, b, c);
    }
  }

  private biasNode(layer: number, x: number, y: number, size: number): cytoscape.ElementDefinition {
    return {
      group: 'nodes',
      data: {
        id: `n-${layer}-0`,
        layer,
        unit: 0,
        label: '+1',
        fs: Math.max(8, size * 0.34),
        size: Math.max(14, size * 0.8),
      },
      classes: 'bias',
      position: { x, y },
    };
  }

  private addEdge(t0: number, row: number, col: number): void {
    const src = col === -1 ? 'n-1-img' : `n-${t0 + 1}-${col}`;
    const tgt = `n-${t0 + 2}-${row + 1}`;
    const id = `e-${t0 + 1}-${row + 1}-${col === -1 ? 'img' : col}`;
    const ele = this.cy.add({
      group: 'edges',
      data: { id, source: src, target: tgt, t: t0, row, col },
    }) as unknown as cytoscape.EdgeSingular;
    const a = this.cy.$id(src).position();
    const b = this.cy.$id(tgt).position();
    const info: EdgeInfo = {
      ele,
      t: t0,
      row,
      col,
      x1: a.x,
      y1: a.y,
      x2: b.x,
      y2: b.y,
      ci: -1,
      c: this.palette.muted,
      w: 1,
      dropped: false,
      mark: '',
    };
    ele.scratch(PAINT, info);
    this.edges.push(info);
    this.dirty = true;
  }

  /** Re-chooses the top-k |Θ_ji| edges into each unit for thinned matrices (adds and removes the difference). */
  private reselect(frame: Frame): void {
    const t = this.topo;
    if (!t || !isThinned(t)) return;
    const have = new Set<string>(this.edges.map((e) => `${e.t}:${e.row}:${e.col}`));
    const want = selectEdges(t, frame.theta, have);
    const keep: EdgeInfo[] = [];
    have.clear();
    let changed = false;
    this.cy.batch(() => {
      for (const e of this.edges) {
        const k = `${e.t}:${e.row}:${e.col}`;
        if (!want.has(k)) {
          e.ele.remove();
          changed = true;
        } else {
          keep.push(e);
          have.add(k);
        }
      }
      this.edges = keep;
      for (const k of want) {
        if (have.has(k)) continue;
        const [a, b, c] = k.split(':').map(Number);
        this.addEdge(a, b, c);
        changed = true;
      }
    });
    if (changed) {
      this.hlKey = '';
      this.droppedKey = '';
      this.dirty = true;
    }
  }

  private paintEmpty(): void {
    for (const n of this.nodes) {
      if (n.unit <= 0) continue;
      n.fill = this.palette.bg;
      n.text = this.palette.fg;
      n.label = n.name;
    }
    for (const e of this.edges) {
      e.c = this.palette.muted;
      e.w = 1;
    }
    this.dirty = true;
  }

  /** Draws one frame: edge colours and widths, unit fills, dropout, the input picture. */
  update(frame: Frame, highlight?: Highlight | null): void {
    const t = this.topo;
    this.frame = frame;
    if (!t || frame.theta.length !== t.sizes.length - 1) return;
    const now = performance.now();
    if (now - this.lastSelect > RESELECT_MS) {
      this.lastSelect = now;
      this.reselect(frame);
    }
    const maxTheta = maxAbs(...frame.theta) || 1;
    const ins = frame.inspected;
    // The image input's contribution Σ_i Θ_ji x_i to z_j^(2), per hidden unit j.
    let contrib: Float64Array | null = null;
    let maxContrib = 1;
    if (t.imageShape && ins) {
      const rows = t.sizes[1];
      const cols = t.sizes[0] + 1;
      contrib = new Float64Array(rows);
      const th = frame.theta[0];
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let i = 1; i < cols; i++) s += th[r * cols + i] * ins.x[i - 1];
        contrib[r] = s;
      }
      maxContrib = maxAbs(contrib) || 1;
    }
    for (const e of this.edges) {
      let v: number;
      let max: number;
      if (e.col === -1) {
        v = contrib ? contrib[e.row] : 0;
        max = maxContrib;
      } else {
        v = frame.theta[e.t][e.row * (t.sizes[e.t] + 1) + e.col];
        max = maxTheta;
      }
      // Quantised (65 colours, 11 widths): a change below a visible step does not repaint.
      const ci = Math.round(divergingIndex(v, max) / 4) * 4;
      const w = 0.5 + Math.round(10 * Math.min(1, Math.abs(v) / max || 0)) / 2;
      if (ci !== e.ci || w !== e.w) {
        e.ci = ci;
        e.w = w;
        e.c = this.edgeColor(ci);
        this.dirty = true;
      }
    }
    this.markDropped(frame);
    this.paintUnits(frame);
    if (t.imageShape && ins) this.paintImage(ins.index, ins.x, t.imageShape);
    this.setHighlight(highlight ?? null);
    this.flush();
  }

  /**
   * Units dropped by dropout in the last step, and the edges into and out of them, are marked (dashed, faint) —
   * as classes on the cytoscape elements (outline) and in the paint records (overlay).
   */
  private markDropped(frame: Frame): void {
    const t = this.topo;
    const masks = frame.dropped;
    const key = masks ? masks.map((m) => Array.prototype.join.call(m, '')).join('|') : '';
    if (!t || key === this.droppedKey) return;
    this.droppedKey = key;
    this.dirty = true;
    const isDropped = (layer: number, unit: number): boolean =>
      layer > 1 && layer < t.sizes.length && masks?.[layer - 2]?.[unit - 1] === 1;
    this.cy.batch(() => {
      for (const n of this.nodes) {
        if (n.unit <= 0) continue;
        const d = isDropped(n.layer, n.unit);
        if (d !== n.dropped) n.ele.toggleClass('dropped', d);
        n.dropped = d;
      }
      for (const e of this.edges) {
        const d = (e.col > 0 && isDropped(e.t + 1, e.col)) || isDropped(e.t + 2, e.row + 1);
        if (d !== e.dropped) e.ele.toggleClass('dropped', d);
        e.dropped = d;
      }
    });
  }

  private edgeColor(ci: number): string {
    // Near zero the diverging scale meets the background: draw faint edges in the muted colour instead.
    return Math.abs(ci - 128) < 6 ? this.palette.muted : this.palette.diverging[ci];
  }

  private paintUnits(frame: Frame): void {
    const ins = frame.inspected;
    const p = this.palette;
    for (const n of this.nodes) {
      if (n.unit <= 0) continue;
      const l = n.layer - 1;
      let fill = p.bg;
      let text = p.fg;
      let label = n.name;
      if (ins && ins.a[l]) {
        const a = ins.a[l][n.unit - 1];
        if (!n.dropped) [fill, text] = this.fillColors(this.activationColor(a, l, ins.a[l]));
        if (n.small)
          label = `${n.name}\n${n.dropped ? 'dropped' : Number.isFinite(a) ? a.toFixed(2) : fmt(a)}`;
      }
      if (n.fill !== fill || n.text !== text || n.label !== label) {
        n.fill = fill;
        n.text = text;
        n.label = label;
        this.dirty = true;
      }
    }
  }

  private fillColors(rgb: Rgb): [string, string] {
    let c = this.fillCache.get(rgb);
    if (!c) {
      c = [`rgb(${rgb[0] | 0},${rgb[1] | 0},${rgb[2] | 0})`, textOn(rgb)];
      this.fillCache.set(rgb, c);
    }
    return c;
  }

  /**
   * Fill for activation `a` of layer index l: sequential for [0,1] activations, diverging for signed ones.
   * Quantised to 33 steps so that a unit is repainted only when its colour visibly changes.
   */
  private activationColor(a: number, l: number, layer: Numbers): Rgb {
    const g = l === 0 ? 'input' : (this.topo?.activations[l] ?? 'sigmoid');
    const p = this.palette;
    const q = (k: number): number => Math.round(k / 8) * 8;
    if (g === 'sigmoid' || g === 'softmax') return p.sequentialRgb[q(Math.max(0, Math.min(1, a)) * 256)];
    if (g === 'tanh') return p.divergingRgb[q(divergingIndex(a, 1))];
    let max = 0;
    let negative = false;
    for (let i = 0; i < layer.length; i++) {
      max = Math.max(max, Math.abs(layer[i]));
      if (layer[i] < 0) negative = true;
    }
    if (!negative) {
      const scale = Math.max(max, g === 'input' ? 1 : max);
      return p.sequentialRgb[q((scale > 0 ? Math.min(1, a / scale) : 0) * 256)];
    }
    return p.divergingRgb[q(divergingIndex(a, max))];
  }

  /** The inspected sample x as a picture (foreground ink on the background), kept at its own resolution. */
  private paintImage(index: number, x: Numbers, [h, w]: [number, number]): void {
    const key = `${index}|${this.palette.bg}|${this.palette.fg}|${x.length}`;
    if (key === this.imageFor) return;
    this.imageFor = key;
    const c = this.picture ?? document.createElement('canvas');
    c.width = w;
    c.height = h;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(w, h);
    const max = Math.max(1e-9, maxAbs(x));
    const bg = this.bgRgb;
    const fg = this.fgRgb;
    for (let i = 0; i < w * h; i++) {
      const v = Math.max(0, Math.min(1, (x[i] ?? 0) / (max > 1 ? max : 1)));
      img.data[i * 4] = bg[0] + (fg[0] - bg[0]) * v;
      img.data[i * 4 + 1] = bg[1] + (fg[1] - bg[1]) * v;
      img.data[i * 4 + 2] = bg[2] + (fg[2] - bg[2]) * v;
      img.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    this.picture = c;
    this.dirty = true;
  }

  /** Highlights the units and edges of a step (others dimmed) and the selected unit. */
  setHighlight(h: Highlight | null): void {
    const key = highlightKey(h) + `#${this.selected?.layer}:${this.selected?.unit}`;
    if (key === this.hlKey) return;
    this.hlKey = key;
    this.dirty = true;
    const active = !!h && (h.units.size > 0 || h.thetas.size > 0);
    this.cy.batch(() => {
      this.cy.elements().removeClass('hl dim selected');
      if (this.selected) this.cy.$id(`n-${this.selected.layer}-${this.selected.unit}`).addClass('selected');
      for (const n of this.nodes) {
        n.mark = '';
        if (!active || !h) continue;
        const on = h.units.has(n.key) || (n.unit === -1 && [...h.units].some((u) => u.startsWith('1:')));
        n.mark = on ? 'hl' : 'dim';
        n.ele.addClass(n.mark);
      }
      for (const e of this.edges) {
        e.mark = '';
        if (!active || !h) continue;
        const s = h.thetas.get(e.t + 1);
        const on =
          !!s &&
          (s.rows === null || s.rows.includes(e.row + 1)) &&
          (s.cols === null || e.col === -1 || s.cols.includes(e.col));
        e.mark = on ? 'hl' : 'dim';
        e.ele.addClass(e.mark);
      }
    });
    this.flush();
  }

  setSelected(u: UnitRef | null, h: Highlight | null): void {
    this.selected = u;
    this.hlKey = '';
    this.setHighlight(h);
  }

  // ---------------------------------------------------------------------------------------------- the overlay

  /** Repaints on the next animation frame (pan, zoom, resize, becoming visible): several events, one paint. */
  private requestPaint(): void {
    this.dirty = true;
    if (this.paintRequested) return;
    this.paintRequested = true;
    requestAnimationFrame(() => {
      this.paintRequested = false;
      this.flush();
    });
  }

  /** Paints the overlay now if something changed and the graph can be seen. */
  private flush(): void {
    if (!this.dirty || !this.onScreen || document.visibilityState === 'hidden') return;
    const w = this.container.clientWidth;
    const h = this.container.clientHeight;
    if (!w || !h) return;
    this.dirty = false;
    const ctx = sizeCanvas(this.overlay, w, h);
    ctx.clearRect(0, 0, w, h);
    const zoom = this.cy.zoom();
    const pan = this.cy.pan();
    ctx.translate(pan.x, pan.y);
    ctx.scale(zoom, zoom);
    this.drawScene(ctx, zoom);
  }

  /**
   * Draws edges, highlight halos, unit fills and labels and the input picture in model coordinates (the caller sets
   * the transform); `zoom` is screen pixels per model unit, for hiding unreadably small labels.
   */
  private drawScene(ctx: CanvasRenderingContext2D, zoom: number): void {
    const p = this.palette;
    // Edges under the nodes, highlighted ones last (on top), batched by stroke style.
    for (const pass of [false, true]) {
      const groups = new Map<string, EdgeInfo[]>();
      for (const e of this.edges) {
        if ((e.mark === 'hl') !== pass) continue;
        const k = `${e.c}|${e.w}|${edgeAlpha(e)}|${e.dropped}`;
        const g = groups.get(k);
        if (g) g.push(e);
        else groups.set(k, [e]);
      }
      for (const g of groups.values()) {
        const e0 = g[0];
        ctx.globalAlpha = edgeAlpha(e0);
        ctx.strokeStyle = e0.c;
        ctx.lineWidth = e0.w;
        ctx.setLineDash(e0.dropped ? [6, 3] : []);
        ctx.beginPath();
        for (const e of g) {
          ctx.moveTo(e.x1, e.y1);
          ctx.lineTo(e.x2, e.y2);
        }
        ctx.stroke();
      }
    }
    ctx.setLineDash([]);
    // Halos of highlighted nodes (as cytoscape's underlay: 5 px around, focus colour).
    ctx.fillStyle = p.focus;
    ctx.globalAlpha = 0.45;
    for (const n of this.nodes) {
      if (n.mark !== 'hl') continue;
      const r = n.ele.width() / 2 + 5;
      ctx.beginPath();
      if (n.unit > 0) ctx.arc(n.x, n.y, r, 0, 2 * Math.PI);
      else ctx.roundRect(n.x - r, n.y - r, 2 * r, 2 * r, 6);
      ctx.fill();
    }
    // The input picture.
    const img = this.nodes.find((n) => n.unit === -1);
    if (img) {
      ctx.globalAlpha = img.mark === 'dim' ? 0.18 : 1;
      const s = img.size;
      ctx.fillStyle = p.bg;
      ctx.fillRect(img.x - s / 2, img.y - s / 2, s, s);
      const pic = this.picture;
      if (pic) {
        // background-fit: contain.
        const k = Math.min(s / pic.width, s / pic.height);
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(
          pic,
          img.x - (pic.width * k) / 2,
          img.y - (pic.height * k) / 2,
          pic.width * k,
          pic.height * k,
        );
      }
    }
    // Unit fills, then labels.
    for (const n of this.nodes) {
      if (n.unit <= 0) continue;
      ctx.globalAlpha = nodeAlpha(n);
      ctx.fillStyle = n.fill;
      ctx.beginPath();
      ctx.arc(n.x, n.y, n.size / 2, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    let font = '';
    for (const n of this.nodes) {
      if (n.unit <= 0 || n.fs * zoom < MIN_FONT_PX) continue;
      const f = `${n.fs}px ${p.fontFamily}`;
      if (f !== font) ctx.font = font = f;
      ctx.globalAlpha = nodeAlpha(n);
      ctx.fillStyle = n.dropped ? p.muted : n.text;
      const lines = n.label.split('\n');
      lines.forEach((line, k) => ctx.fillText(line, n.x, n.y + (k - (lines.length - 1) / 2) * n.fs * 1.1));
    }
    ctx.globalAlpha = 1;
  }

  /** Tooltip text: the unit's z, a, δ, or the weight's Θ, D and last update. */
  private describe(ele: cytoscape.SingularElementArgument): string {
    const d = ele.data() as { layer?: number; unit?: number; t?: number; row?: number; col?: number };
    const f = this.frame;
    const t = this.topo;
    if (!t) return '';
    if (ele.isNode()) {
      const layer = d.layer ?? 1;
      const unit = d.unit ?? 0;
      if (unit === 0) return `+1: bias unit ${unitLabel(layer, 0)} = 1 (layer ${layer})`;
      if (unit === -1) {
        const ins = f?.inspected;
        return `Input x of sample ${ins ? ins.index + 1 : '—'}: ${t.imageShape?.[1]}×${t.imageShape?.[0]} = ${t.sizes[0]} pixels x₁…x${t.sizes[0]}`;
      }
      const lines = [`${unitLabel(layer, unit)} — unit ${unit} of layer ${layer}`];
      const ins = f?.inspected;
      if (ins) {
        const l = layer - 1;
        if (l > 0)
          lines.push(`z${sub(unit)}${sup(`(${layer})`)} = ${fmt(ins.z[l - 1]?.[unit - 1] ?? NaN, 4)}`);
        lines.push(
          `${layer === 1 ? 'x' : 'a'}${sub(unit)}${layer === 1 ? '' : sup(`(${layer})`)} = ${fmt(ins.a[l]?.[unit - 1] ?? NaN, 4)}`,
        );
        if (l > 0 && ins.delta[l - 1])
          lines.push(`δ${sub(unit)}${sup(`(${layer})`)} = ${fmt(ins.delta[l - 1][unit - 1], 4)}`);
        lines.push(`(sample ${ins.index + 1})`);
      } else lines.push('No inspected sample yet.');
      const l = layer - 1;
      if (l > 0 && f?.dropped?.[l - 1]?.[unit - 1] === 1) lines.push('Dropped by dropout in the last step.');
      return lines.join('\n');
    }
    const t0 = d.t ?? 0;
    const row = d.row ?? 0;
    const col = d.col ?? 0;
    const l = t0 + 1;
    const cols = t.sizes[t0] + 1;
    if (col === -1) {
      const th = f?.theta[t0];
      let ss = 0;
      if (th) for (let i = 1; i < cols; i++) ss += th[row * cols + i] ** 2;
      const rms = Math.sqrt(ss / (cols - 1));
      const ins = f?.inspected;
      let s = NaN;
      if (th && ins) {
        s = 0;
        for (let i = 1; i < cols; i++) s += th[row * cols + i] * ins.x[i - 1];
      }
      return [
        `${cols - 1} weights ${thetaLabel(l, row + 1, 1)} … ${thetaLabel(l, row + 1, cols - 1)} into ${unitLabel(l + 1, row + 1)}`,
        `Σᵢ Θ${sub(row + 1)}ᵢ${sup(`(${l})`)} xᵢ = ${fmt(s, 4)} (the picture's part of z${sub(row + 1)}${sup(`(${l + 1})`)})`,
        `RMS of the row: ${fmt(rms, 4)}`,
      ].join('\n');
    }
    const at = row * cols + col;
    const lines = [
      `${thetaLabel(l, row + 1, col)} = ${fmt(f?.theta[t0]?.[at] ?? NaN, 4)}`,
      `from ${col === 0 ? `bias +1 (${unitLabel(l, 0)})` : unitLabel(l, col)} to ${unitLabel(l + 1, row + 1)}`,
    ];
    if (f?.D) lines.push(`${thetaLabel(l, row + 1, col, 'D')} = ${fmt(f.D[t0][at], 4)}`);
    if (f?.update) lines.push(`last update: ${fmt(f.update[t0][at], 4)}`);
    return lines.join('\n');
  }

  stats(): GraphStats {
    return {
      nodes: this.nodes.length,
      units: this.nodes.filter((n) => n.unit > 0).length,
      biasUnits: this.nodes.filter((n) => n.unit === 0).length,
      imageInputs: this.nodes.filter((n) => n.unit === -1).length,
      edges: this.edges.length,
      labels: this.nodes.map((n) => n.name),
      dropped: this.nodes.filter((n) => n.dropped).length,
      highlighted: this.cy.elements('.hl').length,
    };
  }

  /** The whole graph at twice its size: the overlay's drawing under cytoscape's, on the background colour. */
  exportPng(): string {
    const bb = this.cy.elements().boundingBox();
    const top = (this.cy as unknown as { renderer(): CanvasRenderer })
      .renderer()
      .bufferCanvasImage({ full: true, scale: 2 });
    const out = document.createElement('canvas');
    out.width = Math.max(1, top.width);
    out.height = Math.max(1, top.height);
    const ctx = out.getContext('2d');
    if (!ctx) return '';
    ctx.fillStyle = this.palette.bg;
    ctx.fillRect(0, 0, out.width, out.height);
    // cytoscape draws its buffer at scale × pixel ratio from the bounding box's corner; so does the overlay.
    const s = top.width / Math.max(1, Math.ceil(bb.w));
    ctx.setTransform(s, 0, 0, s, -bb.x1 * s, -bb.y1 * s);
    this.drawScene(ctx, 2);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(top, 0, 0);
    return out.toDataURL('image/png');
  }

  /** An SVG of the graph built from the element positions and the paint records. */
  exportSvg(): string {
    const bb = this.cy.elements().boundingBox();
    const pad = 20;
    const p = this.palette;
    const parts: string[] = [];
    const W = bb.w + 2 * pad;
    const H = bb.h + 2 * pad;
    parts.push(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${W.toFixed(0)}" height="${H.toFixed(0)}" viewBox="${(bb.x1 - pad).toFixed(1)} ${(bb.y1 - pad).toFixed(1)} ${W.toFixed(1)} ${H.toFixed(1)}" font-family="${escapeXml(p.fontFamily)}">`,
    );
    parts.push(
      `<rect x="${bb.x1 - pad}" y="${bb.y1 - pad}" width="${W}" height="${H}" fill="${escapeXml(p.bg)}"/>`,
    );
    for (const e of this.edges) {
      parts.push(
        `<line x1="${e.x1.toFixed(1)}" y1="${e.y1.toFixed(1)}" x2="${e.x2.toFixed(1)}" y2="${e.y2.toFixed(1)}" stroke="${escapeXml(e.c)}" stroke-width="${e.w}" stroke-opacity="${edgeAlpha(e)}"${e.dropped ? ' stroke-dasharray="6 3"' : ''}/>`,
      );
    }
    for (const n of this.nodes) {
      const { x, y } = n;
      const size = n.ele.width();
      if (n.unit === -1) {
        parts.push(
          `<rect x="${x - size / 2}" y="${y - size / 2}" width="${size}" height="${size}" fill="${escapeXml(p.bg)}" stroke="${escapeXml(p.fg)}"/>`,
        );
        if (this.picture)
          parts.push(
            `<image href="${escapeXml(this.picture.toDataURL('image/png'))}" x="${x - size / 2}" y="${y - size / 2}" width="${size}" height="${size}" style="image-rendering:pixelated"/>`,
          );
        parts.push(
          `<text x="${x}" y="${y + size / 2 + 16}" text-anchor="middle" font-size="12" fill="${escapeXml(p.fg)}">${escapeXml(n.name)}</text>`,
        );
        continue;
      }
      const opacity = n.unit > 0 ? nodeAlpha(n) : 1;
      const op = opacity < 1 ? ` opacity="${opacity}"` : '';
      if (n.unit === 0) {
        parts.push(
          `<rect x="${x - size / 2}" y="${y - size / 2}" width="${size}" height="${size}" rx="4" fill="${escapeXml(p.bg)}" stroke="${escapeXml(p.muted)}" stroke-dasharray="3 2"/>`,
        );
      } else {
        parts.push(
          `<circle cx="${x}" cy="${y}" r="${size / 2}" fill="${escapeXml(n.fill)}" stroke="${escapeXml(n.dropped ? p.muted : p.fg)}" stroke-width="1.5"${n.dropped ? ' stroke-dasharray="3 2"' : ''}${op}/>`,
        );
      }
      const lines = n.label.split('\n');
      const fs = n.fs;
      const fill = n.unit > 0 ? (n.dropped ? p.muted : n.text) : p.fg;
      lines.forEach((line, k) => {
        const ty = y + (k - (lines.length - 1) / 2) * fs * 1.2 + fs * 0.35;
        parts.push(
          `<text x="${x}" y="${ty.toFixed(1)}" text-anchor="middle" font-size="${fs.toFixed(1)}" fill="${escapeXml(fill)}"${op}>${escapeXml(line)}</text>`,
        );
      });
    }
    parts.push('</svg>');
    return parts.join('\n');
  }
}

/** Opacity of an edge: highlighted 1, dimmed 0.18, dropped 0.25, otherwise 0.85. */
function edgeAlpha(e: EdgeInfo): number {
  return e.mark === 'hl' ? 1 : e.mark === 'dim' ? 0.18 : e.dropped ? 0.25 : 0.85;
}

/** Opacity of a unit: dimmed 0.18, dropped 0.45, otherwise 1. */
function nodeAlpha(n: NodeInfo): number {
  return n.mark === 'dim' ? 0.18 : n.dropped ? 0.45 : 1;
}

function isThinned(t: Topology): boolean {
  return (
    !!t.imageShape || t.sizes.some((s, l) => l < t.sizes.length - 1 && t.sizes[l + 1] * (s + 1) > EDGE_LIMIT)
  );
}

/**
 * Indices of the `k` largest |v[at(q)]| for q = 0..n-1, where an index already drawn (`kept`) counts STICKY times
 * its size: a drawn edge gives way only to one clearly larger, so weights drifting around the k-th place do not
 * swap edges in and out every second.
 */
function topK(n: number, k: number, at: (q: number) => number, kept: (q: number) => boolean): number[] {
  const score = Array.from({ length: n }, (_, q) => Math.abs(at(q)) * (kept(q) ? STICKY : 1) || 0);
  const idx = Array.from({ length: n }, (_, q) => q);
  idx.sort((a, b) => score[b] - score[a]);
  return idx.slice(0, k);
}

/**
 * The edges to draw, as keys `t:row:col` (col −1 = the aggregated edge from an image input): every Θ_ji of a small
 * Θ; for one with more than EDGE_LIMIT entries the k = EDGE_LIMIT / s_{l+1} largest |Θ_ji| into each unit j; for an
 * image input one aggregated edge per hidden unit plus the largest bias weights. Without weights yet (theta null)
 * the first columns stand in. Edges in `current` (drawn now) stay unless another is STICKY times larger.
 */
export function selectEdges(
  t: Topology,
  theta: ArrayLike<number>[] | null,
  current: ReadonlySet<string> = new Set(),
): Set<string> {
  const want = new Set<string>();
  for (let t0 = 0; t0 < t.sizes.length - 1; t0++) {
    const rows = t.sizes[t0 + 1];
    const cols = t.sizes[t0] + 1;
    const th = theta?.[t0];
    if (t0 === 0 && t.imageShape) {
      for (let r = 0; r < rows; r++) want.add(`0:${r}:-1`);
      const bias = th
        ? topK(
            rows,
            IMAGE_BIAS_EDGES,
            (r) => th[r * cols],
            (r) => current.has(`0:${r}:0`),
          )
        : Array.from({ length: Math.min(rows, IMAGE_BIAS_EDGES) }, (_, r) => r);
      for (const r of bias) want.add(`0:${r}:0`);
      continue;
    }
    const k = rows * cols <= EDGE_LIMIT ? cols : Math.max(2, Math.floor(EDGE_LIMIT / rows));
    for (let r = 0; r < rows; r++) {
      const chosen =
        th && k < cols
          ? topK(
              cols,
              k,
              (c) => th[r * cols + c],
              (c) => current.has(`${t0}:${r}:${c}`),
            )
          : Array.from({ length: Math.min(k, cols) }, (_, c) => c);
      for (const c of chosen) want.add(`${t0}:${r}:${c}`);
    }
  }
  return want;
}
