/** One sample flowing through the network at the current Θ, for the views: backpropSample without dropout. */
import { backpropSample } from './backprop';
import type { Network } from './network';
import type { InspectedSample } from '../shared/sample';
import type { LossName } from './spec-types';

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
