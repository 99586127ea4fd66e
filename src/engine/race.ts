/**
 * Races: one network trained several ways at once (the lecture's learning-rate, optimizer and mini-batch slides,
 * "Why activations?" and zero initialization). Pure helpers: the runs' specs and their labels.
 *
 * Fairness: every run has the file's seed (same shuffling and dropout streams) and, unless the init rule is what
 * varies, the same initial Θ bit for bit: it is drawn once and written into each run's spec as explicit weights.
 */
import { createNetwork, thetaToRows } from './network';
import { defaultOptimizerSpec } from './optimizers';
import { Random } from './random';
import type { NetworkSpec } from './spec-types';
import type { RaceSpec, RaceVary } from '../shared/spec';
import { OPTIMIZERS } from '../shared/names';

export interface RaceRun {
  /** Legend text in the lecture's notation, e.g. "α = 0.5", "adam", "B = 1 (stochastic)". */
  label: string;
  /** The varied value (batch size 0 = full batch). */
  value: number | string;
  /** The spec this run trains (no race of its own). */
  spec: NetworkSpec;
}

/** Legend text of one value. */
export function raceLabel(vary: RaceVary, value: number | string): string {
  switch (vary) {
    case 'learningRate':
      return `α = ${value}`;
    case 'batchSize':
      return value === 0
        ? 'full batch (B = m)'
        : value === 1
          ? 'stochastic (B = 1)'
          : `mini-batch B = ${value}`;
    case 'optimizer':
      return String(value);
    case 'activation':
      return `g = ${value}`;
    case 'init':
      return `init ${value}`;
  }
}

/** Θ^(1..L−1) the file starts from: its "weights", else its init rule drawn with the "init" stream of its seed. */
export function initialWeights(spec: NetworkSpec): number[][][] {
  if (spec.weights) return spec.weights.map((t) => t.map((r) => r.slice()));
  const net = createNetwork(spec.layers, null, spec.training.init, Random.derive(spec.training.seed, 'init'));
  return thetaToRows(net.theta);
}

/** The specs of a race's runs, in the order of its values. Throws a RangeError when a value cannot apply. */
export function raceRuns(spec: NetworkSpec, race: RaceSpec): RaceRun[] {
  if (race.values.length < 1) throw new RangeError('a race needs at least one value');
  const base: NetworkSpec = { ...spec, race: null };
  const shared = race.vary === 'init' ? null : initialWeights(spec);
  const L = spec.layers.length;
  return race.values.map((value: number | string) => {
    const training = { ...base.training };
    let layers = base.layers;
    switch (race.vary) {
      case 'learningRate':
        training.learningRate = Number(value);
        break;
      case 'batchSize':
        training.batchSize = Number(value);
        break;
      case 'optimizer':
        // The file's settings (β, ρ, ε…) for its own optimizer, each other optimizer's defaults (as setHyper does).
        training.optimizer =
          value === spec.training.optimizer.name
            ? spec.training.optimizer
            : defaultOptimizerSpec(value as typeof training.optimizer.name);
        break;
      case 'activation':
        if (L < 3) throw new RangeError('varying the activation needs a hidden layer');
        layers = base.layers.map((layer, l) =>
          l > 0 && l < L - 1 ? { ...layer, activation: value as typeof layer.activation } : layer,
        );
        break;
      case 'init':
        if (spec.weights) throw new RangeError('varying the init rule needs a file without "weights"');
        training.init = { ...training.init, name: value as typeof training.init.name };
        break;
    }
    const weights = shared ? shared.map((t) => t.map((r) => r.slice())) : null;
    return { label: raceLabel(race.vary, value), value, spec: { ...base, layers, weights, training } };
  });
}

/**
 * The race the "Compare" command starts for a kind when the file has none of that kind: the slide's cases around
 * the file's own values.
 */
export function defaultRace(spec: NetworkSpec, vary: RaceVary, m: number): RaceSpec {
  if (spec.race && spec.race.vary === vary) return spec.race;
  const t = spec.training;
  switch (vary) {
    case 'learningRate': {
      // slow, stable (the file's α) and too large.
      const a = t.learningRate;
      const round = (x: number) => Number(x.toPrecision(2));
      return { vary, values: [round(a / 20), a, round(a * 20)] };
    }
    case 'optimizer':
      return { vary, values: [...OPTIMIZERS] };
    case 'batchSize': {
      const B = Math.max(2, Math.min(8, Math.floor(m / 2)));
      return { vary, values: m > 2 ? [0, 1, B] : [0, 1] };
    }
    case 'activation':
      return { vary, values: ['linear', 'sigmoid', 'relu'] };
    case 'init':
      return { vary, values: ['zeros', 'normal'] };
  }
}

/**
 * The hidden layers whose units are all copies of each other: the lecture's l of every Θ^(l) (l = 1..L−2, the
 * weights into a hidden layer of at least 2 units) whose rows are all equal (the symmetry of zero initialization).
 */
export function equalRows(
  theta: readonly { rows: number; cols: number; data: ArrayLike<number> }[],
): number[] {
  const out: number[] = [];
  for (let t = 0; t + 1 < theta.length; t++) {
    const { rows, cols, data } = theta[t];
    if (rows < 2) continue;
    let allEqual = true;
    for (let j = 1; j < rows && allEqual; j++)
      for (let i = 0; i < cols; i++)
        if (data[j * cols + i] !== data[i]) {
          allEqual = false;
          break;
        }
    if (allEqual) out.push(t + 1);
  }
  return out;
}

/** The race of a kind for a network (its own "race" when it varies that kind), or why it cannot run. */
export function raceFor(spec: NetworkSpec, vary: RaceVary, m: number): RaceSpec | string {
  if (vary === 'init' && spec.weights)
    return 'Varying the init rule needs a file without "weights" (the init rule is used only when Θ is not given).';
  if (vary === 'activation' && spec.layers.length < 3)
    return 'Varying the activation needs a hidden layer (L ≥ 3).';
  return defaultRace(spec, vary, m);
}
