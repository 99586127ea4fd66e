import { forward, Workspace, type Network } from '../engine';
import type { Dataset } from '../shared/spec';
import type { Boundary } from '../protocol';

/** Hidden-unit maps drawn for 2-input networks, at most. */
const MAX_UNIT_MAPS = 32;
/** Datasets up to this many samples (and n ≤ 4) are sent whole to the view, for the truth table. */
const SMALL_DATASET = 256;

/**
 * Whether the view receives every sample's x and y (DatasetInfo.inputs): small datasets of up to 4 inputs (the truth
 * table), and every 2-input dataset up to the data limits (the points of the decision boundary).
 */
export function sendsSamples(d: Pick<Dataset, 'm' | 'n'>): boolean {
  return d.n === 2 || (d.m <= SMALL_DATASET && d.n <= 4);
}

/**
 * The input plane of a 2-input network around its data (a 15 % margin on each side), as res × res cell centres,
 * row 0 at x2min: the points where the decision boundary and the hidden units' maps are evaluated.
 */
export function inputGrid(
  d: Dataset,
  res: number,
): { X: Float64Array; extent: [number, number, number, number] } {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < d.m; i++) {
    x0 = Math.min(x0, d.X[2 * i]);
    x1 = Math.max(x1, d.X[2 * i]);
    y0 = Math.min(y0, d.X[2 * i + 1]);
    y1 = Math.max(y1, d.X[2 * i + 1]);
  }
  const padX = (x1 - x0 || 1) * 0.15;
  const padY = (y1 - y0 || 1) * 0.15;
  const extent: [number, number, number, number] = [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
  const X = new Float64Array(res * res * 2);
  for (let r = 0; r < res; r++)
    for (let c = 0; c < res; c++) {
      const i = r * res + c;
      X[2 * i] = extent[0] + ((c + 0.5) / res) * (extent[1] - extent[0]);
      X[2 * i + 1] = extent[2] + ((r + 0.5) / res) * (extent[3] - extent[2]);
    }
  return { X, extent };
}

/**
 * For K = 1: h per row, and |h − 0.5| as the margin. For K > 1: the arg max class per row, its probability, and the
 * margin p_best − p_second, which is 0 exactly where two classes tie: the view interpolates the class borders with it.
 */
export function decide(
  out: Float64Array,
  rows: number,
  K: number,
): { output: Float64Array; confidence: Float64Array | null; margin: Float64Array } {
  const output = new Float64Array(rows);
  const margin = new Float64Array(rows);
  if (K === 1) {
    for (let i = 0; i < rows; i++) {
      output[i] = out[i];
      margin[i] = Math.abs(out[i] - 0.5);
    }
    return { output, confidence: null, margin };
  }
  const confidence = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let second = -Infinity;
    for (let k = 1; k < K; k++) {
      const v = out[i * K + k];
      if (v > out[i * K + best]) {
        second = out[i * K + best];
        best = k;
      } else if (v > second) second = v;
    }
    output[i] = best;
    confidence[i] = out[i * K + best];
    margin[i] = Number.isFinite(second) ? out[i * K + best] - second : out[i * K + best];
  }
  return { output, confidence, margin };
}

/**
 * The decision boundary of a 2-input network, evaluated on a res × res grid of the input plane and at every sample
 * of the dataset (file order), so that the view can draw the field, the h = 0.5 contour and mark misclassified points.
 */
export class BoundaryGrid {
  private readonly X: Float64Array;
  private readonly extent: Boundary['extent'];
  private readonly workspace: Workspace;
  private readonly sampleWorkspace: Workspace | null;

  constructor(
    net: Network,
    private readonly dataset: Dataset,
    private readonly res: number,
  ) {
    ({ X: this.X, extent: this.extent } = inputGrid(dataset, res));
    this.workspace = new Workspace(net, res * res);
    this.sampleWorkspace = dataset.m > 0 ? new Workspace(net, dataset.m) : null;
  }

  /** h_Θ over the grid and at the samples, and the hidden units' maps, for the current Θ of `net`. */
  evaluate(net: Network): Boundary {
    const res = this.res;
    const cells = res * res;
    const f = forward(net, this.X, cells, { workspace: this.workspace });
    const L = net.sizes.length;
    const K = net.sizes[L - 1];
    const { output, confidence, margin } = decide(f.a[L - 1], cells, K);
    const hidden: Float64Array[][] = [];
    let maps = 0;
    for (let l = 1; l < L - 1; l++) {
      const s = net.sizes[l];
      const layer: Float64Array[] = [];
      for (let u = 0; u < s && maps < MAX_UNIT_MAPS; u++, maps++) {
        const map = new Float64Array(cells);
        for (let i = 0; i < cells; i++) map[i] = f.a[l][i * s + u];
        layer.push(map);
      }
      hidden.push(layer);
    }
    let predicted: Float64Array | null = null;
    if (this.sampleWorkspace) {
      const m = this.dataset.m;
      const fs = forward(net, this.dataset.X, m, { workspace: this.sampleWorkspace });
      predicted = decide(fs.a[L - 1], m, K).output;
    }
    return { resolution: res, extent: this.extent, output, confidence, margin, hidden, predicted };
  }

  /** The arrays of a boundary, to transfer rather than copy. */
  static buffers(b: Boundary): ArrayBuffer[] {
    const out = [b.output.buffer as ArrayBuffer];
    if (b.confidence) out.push(b.confidence.buffer as ArrayBuffer);
    if (b.margin) out.push(b.margin.buffer as ArrayBuffer);
    if (b.predicted) out.push(b.predicted.buffer as ArrayBuffer);
    for (const layer of b.hidden) for (const map of layer) out.push(map.buffer as ArrayBuffer);
    return out;
  }
}
