/**
 * The network graph (cytoscape): one column per layer, units labelled x_i (layer 1) and a_i^(j) after it, bias units
 * (+1) as dashed squares, edges Θ_ji^(l) coloured by sign and sized by |Θ_ji^(l)| on the diverging scale.
 *
 * Speed: the elements and their positions are built once per topology (preset positions, no layout algorithm); a
 * frame only changes data fields inside one cy.batch(), and only for elements whose colour bucket or width changed.
 * Wide layers stay usable: an image input (MNIST) is one picture node with one aggregated edge per hidden unit, and a
 * Θ with more than EDGE_LIMIT entries draws only the top-k |Θ_ji| edges into each unit (re-chosen once a second).
 */
import cytoscape from 'cytoscape';
import type { Frame } from '../../src/protocol';
import { divergingIndex, maxAbs, parseColor, textOn, type Palette, type Rgb } from '../colors';
import { fmt, sub, sup, thetaLabel, unitLabel } from '../notation';
import type { UnitRef } from '../state';
import { escapeXml, highlightKey, tooltip, type Highlight, type Numbers } from './shared';

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

interface EdgeInfo {
  ele: cytoscape.EdgeSingular;
  /** 0-based index of Θ (theta[t] is Θ^(t+1)) */
  t: number;
  /** 0-based row (unit j = row + 1 of layer t+2) */
  row: number;
  /** column i (0 = bias), or -1 for the aggregated edge of an image input */
  col: number;
  ci: number;
  w: number;
}

interface NodeInfo {
  ele: cytoscape.NodeSingular;
  layer: number;
  unit: number;
  key: string;
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

export class GraphView {
  readonly cy: cytoscape.Core;
  private topo: Topology | null = null;
  private key = '';
  private nodes: NodeInfo[] = [];
  private edges: EdgeInfo[] = [];
  private frame: Frame | null = null;
  private palette: Palette;
  private lastSelect = 0;
  private imageFor = '';
  private hlKey = '';
  private droppedKey = '';
  private selected: UnitRef | null = null;
  private colorCache: string[] = [];

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
    this.refreshColors();
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
      }
    }).observe(container);
  }

  private stylesheet(): cytoscape.StylesheetJson {
    const p = this.palette;
    return [
      {
        selector: 'node',
        style: {
          'background-color': 'data(fill)',
          'border-width': 1.5,
          'border-color': p.fg,
          label: 'data(label)',
          color: 'data(text)',
          'font-size': 'data(fs)',
          'font-family': p.fontFamily,
          'text-valign': 'center',
          'text-halign': 'center',
          'text-wrap': 'wrap',
          width: 'data(size)',
          height: 'data(size)',
          'min-zoomed-font-size': 6,
        },
      },
      {
        selector: 'node.bias',
        style: {
          shape: 'round-rectangle',
          'border-style': 'dashed',
          'border-color': p.muted,
          'background-color': p.bg,
          color: p.fg,
        },
      },
      {
        selector: 'node.image',
        style: {
          shape: 'rectangle',
          'background-image': 'data(img)',
          'background-fit': 'contain',
          'background-color': p.bg,
          'background-image-smoothing': 'no',
          'text-valign': 'bottom',
          'text-margin-y': 6,
          color: p.fg,
        } as cytoscape.Css.Node,
      },
      {
        selector: 'node.dropped',
        style: {
          'border-style': 'dashed',
          'border-color': p.muted,
          'background-color': p.bg,
          color: p.muted,
          opacity: 0.45,
        },
      },
      { selector: 'node.selected', style: { 'border-width': 3.5, 'border-color': p.focus } },
      {
        selector: 'edge',
        style: {
          'curve-style': 'haystack',
          'haystack-radius': 0,
          width: 'data(w)',
          'line-color': 'data(c)',
          opacity: 0.85,
        },
      },
      { selector: 'edge.dropped', style: { 'line-style': 'dashed', opacity: 0.25 } },
      { selector: '.dim', style: { opacity: 0.18 } },
      {
        selector: 'node.hl',
        style: {
          'underlay-color': p.focus,
          'underlay-opacity': 0.45,
          'underlay-padding': 5,
          'underlay-shape': 'ellipse',
        } as cytoscape.Css.Node,
      },
      {
        selector: 'node.bias.hl, node.image.hl',
        style: { 'underlay-shape': 'round-rectangle' } as cytoscape.Css.Node,
      },
      { selector: 'edge.hl', style: { opacity: 1, 'z-index': 10 } },
    ] as cytoscape.StylesheetJson;
  }

  private refreshColors(): void {
    this.colorCache = this.palette.diverging;
  }

  setTheme(p: Palette): void {
    this.palette = p;
    this.refreshColors();
    this.cy.style(this.stylesheet());
    this.imageFor = '';
    for (const e of this.edges) e.ci = -1;
    if (this.frame) this.update(this.frame);
    else this.paintEmpty();
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
    this.imageFor = '';
    this.cy.elements().remove();
    this.nodes = [];
    this.edges = [];
    if (!t) return true;
    // A height that suits the widest column: small networks do not float in a tall empty box.
    const widest = Math.max(...t.sizes.map((s, l) => s + (l < t.sizes.length - 1 ? 1 : 0)));
    this.container.style.height = `${t.imageShape || widest > 8 ? 520 : Math.max(300, 120 + widest * 72)}px`;
    this.cy.batch(() => this.build(t));
    this.paintEmpty();
    this.cy.fit(undefined, 24);
    this.container.dataset.units = String(this.stats().units);
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
            fill: this.palette.bg,
            text: this.palette.fg,
            img: 'none',
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
            label: unitLabel(layer, u),
            fs: small ? size * 0.27 : size * 0.42,
            size,
            fill: this.palette.bg,
            text: this.palette.fg,
            small,
          },
          classes: 'unit',
          position: { x, y },
        });
      }
    }
    this.cy.add(adds);
    for (const n of this.cy.nodes().toArray()) {
      const d = n.data() as { layer: number; unit: number };
      this.nodes.push({ ele: n, layer: d.layer, unit: d.unit, key: `${d.layer}:${d.unit}` });
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
        fill: this.palette.bg,
        text: this.palette.fg,
      },
      classes: 'bias',
      position: { x, y },
    };
  }

  private addEdge(t0: number, row: number, col: number): void {
    const src = col === -1 ? 'n-1-img' : `n-${t0 + 1}-${col}`;
    const id = `e-${t0 + 1}-${row + 1}-${col === -1 ? 'img' : col}`;
    const ele = this.cy.add({
      group: 'edges',
      data: {
        id,
        source: src,
        target: `n-${t0 + 2}-${row + 1}`,
        t: t0,
        row,
        col,
        w: 1,
        c: this.palette.muted,
      },
    });
    this.edges.push({ ele: ele as unknown as cytoscape.EdgeSingular, t: t0, row, col, ci: -1, w: -1 });
  }

  /** Re-chooses the top-k |Θ_ji| edges into each unit for thinned matrices (adds and removes the difference). */
  private reselect(frame: Frame): void {
    const t = this.topo;
    if (!t || !isThinned(t)) return;
    const want = selectEdges(t, frame.theta);
    const keep: EdgeInfo[] = [];
    const have = new Set<string>();
    this.cy.batch(() => {
      for (const e of this.edges) {
        const k = `${e.t}:${e.row}:${e.col}`;
        if (!want.has(k)) e.ele.remove();
        else {
          keep.push(e);
          have.add(k);
        }
      }
      this.edges = keep;
      for (const k of want) {
        if (have.has(k)) continue;
        const [a, b, c] = k.split(':').map(Number);
        this.addEdge(a, b, c);
      }
    });
    this.hlKey = '';
    this.droppedKey = '';
  }

  private paintEmpty(): void {
    this.cy.batch(() => {
      for (const n of this.nodes)
        n.ele.data({
          fill: this.palette.bg,
          text: this.palette.fg,
          label: n.ele.data('name') ?? n.ele.data('label'),
        });
    });
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
    this.cy.batch(() => {
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
        // Quantised (33 colours, 6 widths) so that small weight changes do not restyle every edge each frame.
        const ci = Math.round(divergingIndex(v, max) / 8) * 8;
        const w = 0.5 + Math.round(5 * Math.min(1, Math.abs(v) / max));
        if (ci !== e.ci || w !== e.w) {
          e.ci = ci;
          e.w = w;
          e.ele.data({ c: this.edgeColor(ci), w });
        }
      }
      this.paintUnits(frame);
      this.markDroppedEdges(frame);
    });
    if (t.imageShape && ins) this.paintImage(ins.index, ins.x, t.imageShape);
    this.setHighlight(highlight ?? null);
  }

  /** Edges into and out of units dropped by dropout are drawn dashed and faint. */
  private markDroppedEdges(frame: Frame): void {
    const masks = frame.dropped;
    const key = masks ? masks.map((m) => Array.prototype.join.call(m, '')).join('|') : '';
    if (key === this.droppedKey) return;
    this.droppedKey = key;
    const isDropped = (layer: number, unit: number): boolean => masks?.[layer - 2]?.[unit - 1] === 1;
    for (const e of this.edges) {
      const from = e.col > 0 && isDropped(e.t + 1, e.col);
      const to = isDropped(e.t + 2, e.row + 1);
      e.ele.toggleClass('dropped', from || to);
    }
  }

  private edgeColor(ci: number): string {
    // Near zero the diverging scale meets the background: draw faint edges in the muted colour instead.
    return Math.abs(ci - 128) < 6 ? this.palette.muted : this.colorCache[ci];
  }

  private paintUnits(frame: Frame): void {
    const t = this.topo;
    if (!t) return;
    const ins = frame.inspected;
    const p = this.palette;
    const bg = parseColor(p.bg, [255, 255, 255]);
    for (const n of this.nodes) {
      if (n.unit <= 0) continue;
      const l = n.layer - 1;
      const dropped = l > 0 && l < t.sizes.length - 1 && frame.dropped?.[l - 1]?.[n.unit - 1] === 1;
      n.ele.toggleClass('dropped', dropped);
      const name = unitLabel(n.layer, n.unit);
      if (!ins || !ins.a[l]) {
        n.ele.data({ fill: p.bg, text: p.fg, label: name });
        continue;
      }
      const a = ins.a[l][n.unit - 1];
      const rgb = dropped ? bg : this.activationColor(a, l, ins.a[l]);
      const fill = `rgb(${rgb[0] | 0},${rgb[1] | 0},${rgb[2] | 0})`;
      const small = n.ele.data('small') as boolean;
      const label = small
        ? `${name}\n${dropped ? 'dropped' : Number.isFinite(a) ? a.toFixed(2) : fmt(a)}`
        : name;
      if (n.ele.data('fill') !== fill || n.ele.data('label') !== label)
        n.ele.data({ fill, text: textOn(rgb), label });
    }
  }

  /**
   * Fill for activation `a` of layer index l: sequential for [0,1] activations, diverging for signed ones.
   * Quantised to 33 steps so that a unit is restyled only when its colour visibly changes.
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

  private paintImage(index: number, x: Numbers, [h, w]: [number, number]): void {
    const key = `${index}|${this.palette.kind}|${x.length}`;
    if (key === this.imageFor) return;
    this.imageFor = key;
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(w, h);
    const max = Math.max(1e-9, maxAbs(x));
    const bg = parseColor(this.palette.bg, [255, 255, 255]);
    const fg = parseColor(this.palette.fg, [0, 0, 0]);
    for (let i = 0; i < w * h; i++) {
      const v = Math.max(0, Math.min(1, (x[i] ?? 0) / (max > 1 ? max : 1)));
      img.data[i * 4] = bg[0] + (fg[0] - bg[0]) * v;
      img.data[i * 4 + 1] = bg[1] + (fg[1] - bg[1]) * v;
      img.data[i * 4 + 2] = bg[2] + (fg[2] - bg[2]) * v;
      img.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    this.cy.$id('n-1-img').data('img', c.toDataURL('image/png'));
  }

  /** Highlights the units and edges of a step (others dimmed) and the selected unit. */
  setHighlight(h: Highlight | null): void {
    const key = highlightKey(h) + `#${this.selected?.layer}:${this.selected?.unit}`;
    if (key === this.hlKey) return;
    this.hlKey = key;
    const active = !!h && (h.units.size > 0 || h.thetas.size > 0);
    this.cy.batch(() => {
      this.cy.elements().removeClass('hl dim selected');
      if (this.selected) this.cy.$id(`n-${this.selected.layer}-${this.selected.unit}`).addClass('selected');
      if (!active || !h) return;
      for (const n of this.nodes) {
        const on = h.units.has(n.key) || (n.unit === -1 && [...h.units].some((u) => u.startsWith('1:')));
        n.ele.addClass(on ? 'hl' : 'dim');
      }
      for (const e of this.edges) {
        const s = h.thetas.get(e.t + 1);
        const on =
          !!s &&
          (s.rows === null || s.rows.includes(e.row + 1)) &&
          (s.cols === null || e.col === -1 || s.cols.includes(e.col));
        e.ele.addClass(on ? 'hl' : 'dim');
      }
    });
  }

  setSelected(u: UnitRef | null, h: Highlight | null): void {
    this.selected = u;
    this.hlKey = '';
    this.setHighlight(h);
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
    const labels = this.nodes.map((n) => String(n.ele.data('name') ?? n.ele.data('label')));
    return {
      nodes: this.nodes.length,
      units: this.nodes.filter((n) => n.unit > 0).length,
      biasUnits: this.nodes.filter((n) => n.unit === 0).length,
      imageInputs: this.nodes.filter((n) => n.unit === -1).length,
      edges: this.edges.length,
      labels,
      dropped: this.nodes.filter((n) => n.ele.hasClass('dropped')).length,
      highlighted: this.cy.elements('.hl').length,
    };
  }

  exportPng(): string {
    return this.cy.png({ output: 'base64uri', full: true, scale: 2, bg: this.palette.bg });
  }

  /** An SVG of the graph built from the element positions and current colours. */
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
      const s = e.ele.source().position();
      const t = e.ele.target().position();
      parts.push(
        `<line x1="${s.x.toFixed(1)}" y1="${s.y.toFixed(1)}" x2="${t.x.toFixed(1)}" y2="${t.y.toFixed(1)}" stroke="${escapeXml(String(e.ele.data('c')))}" stroke-width="${e.ele.data('w')}" stroke-opacity="0.85"/>`,
      );
    }
    for (const n of this.nodes) {
      const pos = n.ele.position();
      const size = Number(n.ele.data('size'));
      const fill = escapeXml(String(n.ele.data('fill') ?? p.bg));
      if (n.unit === -1) {
        const img = String(n.ele.data('img') ?? '');
        parts.push(
          `<rect x="${pos.x - size / 2}" y="${pos.y - size / 2}" width="${size}" height="${size}" fill="${escapeXml(p.bg)}" stroke="${escapeXml(p.fg)}"/>`,
        );
        if (img)
          parts.push(
            `<image href="${escapeXml(img)}" x="${pos.x - size / 2}" y="${pos.y - size / 2}" width="${size}" height="${size}" style="image-rendering:pixelated"/>`,
          );
        parts.push(
          `<text x="${pos.x}" y="${pos.y + size / 2 + 16}" text-anchor="middle" font-size="12" fill="${escapeXml(p.fg)}">${escapeXml(String(n.ele.data('label')))}</text>`,
        );
        continue;
      }
      if (n.unit === 0) {
        const s = Number(n.ele.data('size'));
        parts.push(
          `<rect x="${pos.x - s / 2}" y="${pos.y - s / 2}" width="${s}" height="${s}" rx="4" fill="${escapeXml(p.bg)}" stroke="${escapeXml(p.muted)}" stroke-dasharray="3 2"/>`,
        );
      } else {
        parts.push(
          `<circle cx="${pos.x}" cy="${pos.y}" r="${size / 2}" fill="${fill}" stroke="${escapeXml(p.fg)}" stroke-width="1.5"/>`,
        );
      }
      const lines = String(n.ele.data('label')).split('\n');
      const fs = Number(n.ele.data('fs'));
      lines.forEach((line, k) => {
        const y = pos.y + (k - (lines.length - 1) / 2) * fs * 1.2 + fs * 0.35;
        parts.push(
          `<text x="${pos.x}" y="${y.toFixed(1)}" text-anchor="middle" font-size="${fs.toFixed(1)}" fill="${escapeXml(String(n.ele.data('text') ?? p.fg))}">${escapeXml(line)}</text>`,
        );
      });
    }
    parts.push('</svg>');
    return parts.join('\n');
  }
}

function isThinned(t: Topology): boolean {
  return (
    !!t.imageShape || t.sizes.some((s, l) => l < t.sizes.length - 1 && t.sizes[l + 1] * (s + 1) > EDGE_LIMIT)
  );
}

/** Indices of the `k` largest |v[at(q)]| for q = 0..n-1. */
function topK(n: number, k: number, at: (q: number) => number): number[] {
  const idx = Array.from({ length: n }, (_, q) => q);
  idx.sort((a, b) => Math.abs(at(b)) - Math.abs(at(a)));
  return idx.slice(0, k);
}

/**
 * The edges to draw, as keys `t:row:col` (col −1 = the aggregated edge from an image input): every Θ_ji of a small
 * Θ; for one with more than EDGE_LIMIT entries the k = EDGE_LIMIT / s_{l+1} largest |Θ_ji| into each unit j; for an
 * image input one aggregated edge per hidden unit plus the largest bias weights. Without weights yet (theta null)
 * the first columns stand in.
 */
export function selectEdges(t: Topology, theta: ArrayLike<number>[] | null): Set<string> {
  const want = new Set<string>();
  for (let t0 = 0; t0 < t.sizes.length - 1; t0++) {
    const rows = t.sizes[t0 + 1];
    const cols = t.sizes[t0] + 1;
    const th = theta?.[t0];
    if (t0 === 0 && t.imageShape) {
      for (let r = 0; r < rows; r++) want.add(`0:${r}:-1`);
      const bias = th
        ? topK(rows, IMAGE_BIAS_EDGES, (r) => th[r * cols])
        : Array.from({ length: Math.min(rows, IMAGE_BIAS_EDGES) }, (_, r) => r);
      for (const r of bias) want.add(`0:${r}:0`);
      continue;
    }
    const k = rows * cols <= EDGE_LIMIT ? cols : Math.max(2, Math.floor(EDGE_LIMIT / rows));
    for (let r = 0; r < rows; r++) {
      const chosen =
        th && k < cols
          ? topK(cols, k, (c) => th[r * cols + c])
          : Array.from({ length: Math.min(k, cols) }, (_, c) => c);
      for (const c of chosen) want.add(`${t0}:${r}:${c}`);
    }
  }
  return want;
}
