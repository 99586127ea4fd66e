/** One sample flowing through the network at the current Θ, for the views: backpropSample without dropout. */
import { backpropSample } from './backprop';
import type { Network } from './network';
import type { LossName } from './spec-types';

/**
 * One training sample flowing through the network (arrays are copies). Indexed by the engine's convention
 * (index.ts), which is also the wire shape the webview reads.
 */
export interface InspectedSample {
  /** Index into the training part (0-based); −1 for a validation sample (inspectRow). */
  index: number;
  /** Row of the dataset this sample is. */
  datasetIndex: number;
  x: Float64Array;
  y: Float64Array;
  /** z[j] = z^(j+2), j = 0..L−2 */
  z: Float64Array[];
  /** a[j] = a^(j+1) without the bias unit, j = 0..L−1 */
  a: Float64Array[];
  /** delta[j] = δ^(j+2), j = 0..L−2 */
  delta: Float64Array[];
}

/** x, y and the z, a, δ of the sample (x, y) at the current Θ, no dropout. */
export function sampleFlow(
  net: Network,
  loss: LossName,
  x: Float64Array,
  y: Float64Array,
): Pick<InspectedSample, 'x' | 'y' | 'z' | 'a' | 'delta'> {
  const { z, a, delta } = backpropSample(net, x, y, loss);
  return { x, y, z, a, delta };
}

/** Position of `v` in the ascending array `a`, or −1. */
export function sortedIndexOf(a: Uint32Array, v: number): number {
  let lo = 0,
    hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] === v) return mid;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
