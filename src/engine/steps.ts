/**
 * Records of the step-by-step mode: the slide's backpropagation loop run literally for one sample,
 * one record per micro-step, with the numbers involved. The visualizer replays them.
 *
 * Every `layer` below is the lecture's 1-based layer index j (a^(j), z^(j), δ^(j)); `thetaLayer` is the
 * lecture's l of Θ^(l). Matrices are arrays of rows (row i = unit i of the next layer, column 0 = bias).
 * Plain arrays, not typed arrays: records are small (one sample) and cross to the webview as JSON.
 */
export type StepRecord = StepBody & {
  /** Where the record sits in the loop (always set by the engine; absent in records persisted by older versions). */
  pos?: StepPosition;
};

/** Where a record sits in the slide's loop, for "step k of N in sample i of m". */
export interface StepPosition {
  /** Counts the batches the stepper began: records of different batches never share a Θ. */
  batch: number;
  /** i of the slide's "For i = 1 to m": the sample's place in the batch (1-based), and m, the batch's size. */
  i: number;
  m: number;
  /**
   * The step's number k (1-based) among the N steps of sample i. "Set Δ := 0" belongs to sample 1; D and the update,
   * after the loop, to sample m.
   */
  k: number;
  n: number;
}

/** N, the steps of sample i of m in a network of L layers: a^(1), L − 1 forward, δ^(L), L − 2 hidden δ, L − 1 Δ. */
export function stepsInSample(i: number, m: number, L: number): number {
  return (i === 1 ? 1 : 0) + 3 * L - 2 + (i === m ? 2 * (L - 1) : 0);
}

type StepBody =
  /** Set Δ^(l) := 0 for all l: the accumulators start empty before the loop over the batch. */
  | {
      kind: 'zeroDelta';
      m: number;
      /** [rows, cols] of each Δ^(l) (= Θ^(l)), l = 1 … L−1 */ shapes: [number, number][];
    }
  /** a^(1) = x (the bias a_0^(1) = 1 is prepended in `a`). */
  | { kind: 'input'; sample: number; layer: 1; x: number[]; a: number[] }
  /** z^(j) = Θ^(j-1) a^(j-1); a^(j) = g(z^(j)) (with a_0^(j) = 1 prepended unless j = L). */
  | {
      kind: 'forward';
      sample: number;
      layer: number;
      thetaLayer: number;
      activation: string;
      aPrev: number[];
      z: number[];
      a: number[];
      /** Units dropped by dropout in this step (indices 1..s_j), empty when off. */
      dropped: number[];
    }
  /** δ^(L) = ∂J/∂z^(L); for sigmoid/softmax with cross-entropy that is a^(L) − y. */
  | {
      kind: 'outputDelta';
      sample: number;
      layer: number;
      a: number[];
      y: number[];
      /** g'(z^(L)) where the loss needs it (mse, or cross-entropy on non-matching outputs); null otherwise. */
      gPrime: number[] | null;
      delta: number[];
      /** 'a-y' when δ^(L) = a^(L) − y, 'mse' for (a − y) .* g'(z), 'general' otherwise. */
      rule: 'a-y' | 'mse' | 'general';
    }
  /** δ^(l) = (Θ^(l))ᵀ δ^(l+1) .* g'(z^(l)), bias row dropped. */
  | {
      kind: 'hiddenDelta';
      sample: number;
      layer: number;
      thetaLayer: number;
      deltaNext: number[];
      /** (Θ^(l))ᵀ δ^(l+1) without its bias row. */
      backprop: number[];
      gPrime: number[];
      delta: number[];
    }
  /** Δ^(l) := Δ^(l) + δ^(l+1) (a^(l))ᵀ. */
  | {
      kind: 'accumulate';
      sample: number;
      thetaLayer: number;
      deltaNext: number[];
      a: number[];
      /** Δ^(l) after the addition. */
      Delta: number[][];
    }
  /** D^(l) = (1/m) Δ^(l) + (λ/m) Θ^(l) for j ≠ 0, (1/m) Δ^(l) for j = 0. */
  | {
      kind: 'gradient';
      thetaLayer: number;
      m: number;
      lambda: number;
      Delta: number[][];
      theta: number[][];
      D: number[][];
    }
  /** Θ^(l) := Θ^(l) − α D^(l) (or the optimizer's rule). */
  | {
      kind: 'update';
      thetaLayer: number;
      optimizer: string;
      alpha: number;
      before: number[][];
      D: number[][];
      after: number[][];
    };

export type StepKind = StepRecord['kind'];
