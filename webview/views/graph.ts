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
import type { ViewFrame } from '../../src/protocol';
import {
  divergingIndex,
  maxAbs,
  parseColor,
  rgbCss,
  textOn,
  withContrast,
  type Palette,
  type Rgb,
} from '../colors';
import { fmt, unitLabel } from '../notation';
import type { UnitRef } from '../state';
import { highlightKey, sizeCanvas, tooltip, type Highlight, type Numbers } from './shared';
import { isThinned, selectEdges } from './graphEdges';
import { graphSvg } from './graphExport';
import { graphStylesheet, layoutNodes } from './graphLayout';
import { drawScene, PAINT, type EdgeInfo, type NodeInfo, type Scene, type Topology } from './graphScene';
import { describeElement } from './graphTooltip';
import { GraphFocus } from './graphFocus';
import { GraphMirror, type MirrorTarget } from './graphMirror';
import { activationColor, drawPicture } from './graphPaint';

export { EDGE_LIMIT, selectEdges } from './graphEdges';
export type { Topology } from './graphScene';

const RESELECT_MS = 1000;

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
  return `${t.sizes.join('-')}|${t.imageShape?.join('x') ?? ''}|${t.classNames?.join('\u0001') ?? ''}`;
}

interface CanvasRenderer {
  bufferCanvasImage(options: { full: boolean; scale: number }): HTMLCanvasElement;
}

export class GraphView {
  readonly cy: cytoscape.Core;
  /** The overlay canvas: edges, unit fills and labels, the input picture, highlight halos. */
  readonly overlay: HTMLCanvasElement;
  readonly mirror: GraphMirror;
  /** Enter on a unit or a weight of the keyboard tree (the explanation panel listens). */
  onActivate: ((target: MirrorTarget) => void) | null = null;
  readonly focus: GraphFocus;
  private topo: Topology | null = null;
  private key = '';
  private nodes: NodeInfo[] = [];
  private edges: EdgeInfo[] = [];
  private frame: ViewFrame | null = null;
  private palette: Palette;
  private lastSelect = 0;
  private imageFor = '';
  private picture: HTMLCanvasElement | null = null;
  private hlKey = '';
  private droppedKey = '';
  private selected: UnitRef | null = null;
  /** CSS fill and text colour of each palette RGB triple used as a unit fill. */
  private fillCache = new Map<Rgb, [string, string]>();
  /** CSS colour of each quantised edge colour index, at 3:1 against the background. */
  private edgeCache = new Map<number, string>();
  private bgRgb: Rgb = [255, 255, 255];
  private fgRgb: Rgb = [0, 0, 0];
  /** The overlay needs a repaint (a painted value or the viewport changed). */
  private dirty = true;
  private paintRequested = false;
  private onScreen = true;
  /** The container's size, from the ResizeObserver (null until first measured). */
  private size: [number, number] | null = null;

  constructor(
    private readonly container: HTMLElement,
    palette: Palette,
    private readonly callbacks: GraphCallbacks,
  ) {
    this.palette = palette;
    this.cy = cytoscape({
      container,
      style: graphStylesheet(palette),
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
    this.cy.on('mouseover mousemove', 'node, edge', (e) => {
      const oe = e.originalEvent as MouseEvent | undefined;
      if (oe)
        tooltip().show(
          describeElement(e.target as cytoscape.SingularElementArgument, this.frame, this.topo),
          oe.clientX,
          oe.clientY,
        );
    });
    this.cy.on('mouseout', 'node, edge', () => tooltip().hide());
    this.cy.on('tap', (e) => {
      if (e.target === this.cy) return this.callbacks.onSelectUnit(null);
      const d = (e.target as cytoscape.SingularElementArgument).data() as { layer?: number; unit?: number };
      if (typeof d.layer === 'number' && typeof d.unit === 'number' && d.unit > 0) {
        this.callbacks.onSelectUnit({ layer: d.layer, unit: d.unit });
      }
    });
    // Keyboard: a tree of layers, units and weights mirrors the canvas; the focused one is ringed on it.
    this.focus = new GraphFocus(this.cy, container);
    this.mirror = new GraphMirror({
      onSelectUnit: (u) => callbacks.onSelectUnit(u),
      onFocus: (t) => this.focus.set(t),
      onActivate: (t) => this.onActivate?.(t),
    });
    container.append(this.mirror.element);
    new ResizeObserver(() => {
      // Kept here, so that painting a frame never forces a layout to read the size.
      this.size = [container.clientWidth, container.clientHeight];
      if (container.clientWidth > 0 && container.clientHeight > 0) {
        this.cy.resize();
        this.cy.fit(undefined, 24);
        this.requestPaint();
      }
    }).observe(container);
    // Cytoscape caches where its container is on the page; when the controls above wrap (400 px) the graph moves
    // without changing size, and clicks would miss their unit. The pointer entering the graph re-reads the position.
    container.addEventListener('pointerenter', () => this.cy.resize());
    // Off screen (scrolled away, hidden tab): frames only update the paint records; the overlay catches up later.
    new IntersectionObserver((entries) => {
      this.onScreen = entries[entries.length - 1].isIntersecting;
      if (this.onScreen) this.requestPaint();
    }).observe(container);
    document.addEventListener('visibilitychange', () => this.requestPaint());
  }

  private refreshColors(): void {
    this.fillCache.clear();
    this.edgeCache.clear();
    this.bgRgb = parseColor(this.palette.bg, [255, 255, 255]);
    this.fgRgb = parseColor(this.palette.fg, [0, 0, 0]);
  }

  setTheme(p: Palette): void {
    this.palette = p;
    this.refreshColors();
    this.cy.style(graphStylesheet(p));
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
    this.focus.set(null);
    this.hlKey = '';
    this.droppedKey = '';
    this.imageFor = '';
    this.picture = null;
    this.cy.elements().remove();
    this.nodes = [];
    this.edges = [];
    this.dirty = true;
    if (!t) {
      this.mirror.setTopology(null);
      this.flush();
      return true;
    }
    // A height that suits the widest column: small networks do not float in a tall empty box.
    const widest = Math.max(...t.sizes.map((s, l) => s + (l < t.sizes.length - 1 ? 1 : 0)));
    this.container.style.height = `${t.imageShape || widest > 8 ? 520 : Math.max(300, 120 + widest * 72)}px`;
    this.cy.batch(() => this.build(t));
    this.mirror.setTopology(t);
    this.paintEmpty();
    this.cy.fit(undefined, 24);
    this.container.dataset.units = String(this.stats().units);
    this.flush();
    return true;
  }

  private build(t: Topology): void {
    const adds = layoutNodes(t);
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
  private reselect(frame: ViewFrame): void {
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
  update(frame: ViewFrame, highlight?: Highlight | null): void {
    const t = this.topo;
    this.frame = frame;
    if (!t || frame.theta.length !== t.sizes.length - 1) return;
    this.mirror.setFrame(frame);
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
  private markDropped(frame: ViewFrame): void {
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

  /**
   * The colour of an edge at index ci of the diverging scale, moved just far enough from the background to reach a
   * contrast of 3:1 on every theme (near zero the scale meets the background; in high contrast dark, the blue end is
   * dark navy on black). Near zero: the muted colour, at 3:1 too.
   */
  private edgeColor(ci: number): string {
    let c = this.edgeCache.get(ci);
    if (!c) {
      const rgb =
        Math.abs(ci - 128) < 6
          ? parseColor(this.palette.muted, [128, 128, 128])
          : this.palette.divergingRgb[ci];
      c = rgbCss(withContrast(rgb, this.bgRgb, 3));
      this.edgeCache.set(ci, c);
    }
    return c;
  }

  private paintUnits(frame: ViewFrame): void {
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
        if (!n.dropped)
          [fill, text] = this.fillColors(
            activationColor(a, l === 0 ? 'input' : (this.topo?.activations[l] ?? 'sigmoid'), ins.a[l], p),
          );
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

  /** The inspected sample x as a picture (foreground ink on the background), kept at its own resolution. */
  private paintImage(index: number, x: Numbers, [h, w]: [number, number]): void {
    const key = `${index}|${this.palette.bg}|${this.palette.fg}|${x.length}`;
    if (key === this.imageFor) return;
    this.imageFor = key;
    const c = drawPicture(this.picture, x, [h, w], this.bgRgb, this.fgRgb);
    if (!c) return;
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
    this.mirror.setSelected(u);
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
    this.size ??= [this.container.clientWidth, this.container.clientHeight];
    const [w, h] = this.size;
    if (!w || !h) return;
    this.dirty = false;
    const ctx = sizeCanvas(this.overlay, w, h);
    ctx.clearRect(0, 0, w, h);
    const zoom = this.cy.zoom();
    const pan = this.cy.pan();
    ctx.translate(pan.x, pan.y);
    ctx.scale(zoom, zoom);
    drawScene(ctx, zoom, this.scene());
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
    drawScene(ctx, 2, this.scene());
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(top, 0, 0);
    return out.toDataURL('image/png');
  }

  /** An SVG of the graph built from the element positions and the paint records. */
  exportSvg(): string {
    return graphSvg(this.cy, this.scene());
  }

  private scene(): Scene {
    return { nodes: this.nodes, edges: this.edges, picture: this.picture, palette: this.palette };
  }
}
