/**
 * One sample flowing through the network, as on the backprop slide: x, y, then z^(j), a^(j) and δ^(j) of every layer
 * at the current Θ (no dropout). The engine computes it (Trainer.inspectRow), the worker streams it in each frame and
 * the view draws it. Arrays are 0-based like the engine's.
 */
export interface InspectedSample {
  /** The sample's row in the data, 0-based in file order (shown as i = index + 1, like the lecture's 1 … m). */
  index: number;
  /** True when the row is held out for validation (not trained on). */
  validation?: boolean;
  /** x, length n */
  x: Float64Array;
  /** y, length K */
  y: Float64Array;
  /** z[j] = z^(j+2) for j = 0..L-2 (no z for the input layer) */
  z: Float64Array[];
  /** a[j] = a^(j+1) for j = 0..L-1, without the bias unit */
  a: Float64Array[];
  /** delta[j] = δ^(j+2) for j = 0..L-2 */
  delta: Float64Array[];
}
