/**
 * The graph's overlay painting: what a frame changes (edge colours and widths, unit fills and labels, the input
 * picture, highlight halos), drawn in model coordinates from the paint records of the units and edges.
 */
import type cytoscape from 'cytoscape';
import type { Palette } from '../colors';

export interface Topology {
  /** s_1..s_L */
  sizes: number[];
  /** g of each layer (index 0 unused) */
  activations: string[];
  imageShape: [number, number] | null;
  /** For class outputs: the name of each output unit's class (data.classes, 0–9 for digits); else null. */
  classNames?: string[] | null;
}

/** Labels smaller than this on screen (px) are not drawn (as cytoscape's min-zoomed-font-size). */
export const MIN_FONT_PX = 6;
/** Width of an edge for hit testing (cytoscape adds 8 px / zoom around it). */
export const HIT_WIDTH = 3;
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

/** What the overlay paints: the paint records, the input picture and the theme. */
export interface Scene {
  nodes: readonly NodeInfo[];
  edges: readonly EdgeInfo[];
  picture: HTMLCanvasElement | null;
  palette: Palette;
}

/** Opacity of an edge: highlighted 1, dimmed 0.18, dropped 0.25, otherwise 0.85. */
export function edgeAlpha(e: EdgeInfo): number {
  return e.mark === 'hl' ? 1 : e.mark === 'dim' ? 0.18 : e.dropped ? 0.25 : 0.85;
}

/** Opacity of a unit: dimmed 0.18, dropped 0.45, otherwise 1. */
export function nodeAlpha(n: NodeInfo): number {
  return n.mark === 'dim' ? 0.18 : n.dropped ? 0.45 : 1;
}

/**
 * Draws edges, highlight halos, unit fills and labels and the input picture in model coordinates (the caller sets
 * the transform); `zoom` is screen pixels per model unit, for hiding unreadably small labels.
 */
export function drawScene(ctx: CanvasRenderingContext2D, zoom: number, scene: Scene): void {
  const p = scene.palette;
  // Edges under the nodes, highlighted ones last (on top), batched by stroke style.
  for (const pass of [false, true]) {
    const groups = new Map<string, EdgeInfo[]>();
    for (const e of scene.edges) {
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
  for (const n of scene.nodes) {
    if (n.mark !== 'hl') continue;
    const r = n.ele.width() / 2 + 5;
    ctx.beginPath();
    if (n.unit > 0) ctx.arc(n.x, n.y, r, 0, 2 * Math.PI);
    else ctx.roundRect(n.x - r, n.y - r, 2 * r, 2 * r, 6);
    ctx.fill();
  }
  // The input picture.
  const img = scene.nodes.find((n) => n.unit === -1);
  if (img) {
    ctx.globalAlpha = img.mark === 'dim' ? 0.18 : 1;
    const s = img.size;
    ctx.fillStyle = p.bg;
    ctx.fillRect(img.x - s / 2, img.y - s / 2, s, s);
    const pic = scene.picture;
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
  for (const n of scene.nodes) {
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
  for (const n of scene.nodes) {
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
