/**
 * The optional top-level "race" of a .nn.json: run the same network several ways at once and overlay the curves.
 *
 *   {"race": {"vary": "learningRate", "values": [0.01, 0.5, 20]}}
 *   {"race": {"vary": "optimizer", "values": ["gd", "adam"]}}
 *   {"race": {"vary": "batchSize", "values": ["full", 1, 8]}}
 *   {"race": {"vary": "activation", "values": ["linear", "sigmoid"]}}
 *   {"race": {"vary": "init", "values": ["zeros", "normal"]}}
 *
 * The schema checks the shape; the checks here say, at the exact value, what does not fit `vary`.
 */
import { ACTIVATIONS, INITS, OPTIMIZERS } from '../shared/names';
import { LIMITS } from './limits';
import type {
  ActivationName,
  InitName,
  NetworkSpec,
  OptimizerName,
  RaceSpec,
  RaceVary,
} from '../shared/spec';

export { RACE_VARIES } from '../shared/names';

/** The raw "race" value the schema lets through. */
export interface RawRace {
  vary: RaceVary;
  values: (number | string)[];
}

/** A problem at a pointer below "/race". */
export interface RaceProblem {
  message: string;
  pointer: string;
}

/** Raw → RaceSpec (values as the engine wants them: "full" → 0). Assumes checkRace found no problem. */
export function normalizeRace(raw: RawRace | null | undefined): RaceSpec | null {
  if (!raw) return null;
  switch (raw.vary) {
    case 'learningRate':
      return { vary: 'learningRate', values: raw.values.map(Number) };
    case 'batchSize':
      return { vary: 'batchSize', values: raw.values.map((v) => (v === 'full' ? 0 : Number(v))) };
    case 'optimizer':
      return { vary: 'optimizer', values: raw.values.map(String) as OptimizerName[] };
    case 'activation':
      return { vary: 'activation', values: raw.values.map(String) as ActivationName[] };
    case 'init':
      return { vary: 'init', values: raw.values.map(String) as InitName[] };
  }
}

/** Problems of a raw race against the rest of the spec (spec.race is not used). */
export function checkRace(raw: RawRace, spec: NetworkSpec): RaceProblem[] {
  const out: RaceProblem[] = [];
  const at = (k: number) => `/race/values/${k}`;
  if (raw.values.length > LIMITS.maxRaceRuns)
    out.push({
      message: `a race runs at most ${LIMITS.maxRaceRuns} networks at once; this one asks for ${raw.values.length}`,
      pointer: '/race/values',
    });
  if (raw.values.length < 2)
    out.push({ message: 'a race needs at least 2 values to compare', pointer: '/race/values' });
  const seen = new Set<string>();
  raw.values.forEach((v, k) => {
    const key = JSON.stringify(v === 'full' ? 0 : v);
    if (seen.has(key)) out.push({ message: `${JSON.stringify(v)} is listed twice`, pointer: at(k) });
    seen.add(key);
    const bad = checkValue(raw.vary, v);
    if (bad) out.push({ message: bad, pointer: at(k) });
  });
  const L = spec.layers.length;
  if (raw.vary === 'activation') {
    if (L < 3)
      out.push({ message: 'varying the activation needs a hidden layer (L ≥ 3)', pointer: '/race/vary' });
  }
  if (raw.vary === 'init' && spec.weights !== null)
    out.push({
      message:
        'varying the init rule needs a file without "weights" (the init rule is used only when Θ is not given)',
      pointer: '/race/vary',
    });
  return out;
}

function checkValue(vary: RaceVary, v: number | string): string | null {
  switch (vary) {
    case 'learningRate':
      return typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 1e3
        ? null
        : `a learning rate α must be a number in (0, 1000], got ${JSON.stringify(v)}`;
    case 'batchSize':
      return v === 'full' || (typeof v === 'number' && Number.isInteger(v) && v >= 0)
        ? null
        : `a batch size B must be "full" or a whole number ≥ 0 (1 = stochastic), got ${JSON.stringify(v)}`;
    case 'optimizer':
      return (OPTIMIZERS as readonly unknown[]).includes(v)
        ? null
        : `unknown optimizer ${JSON.stringify(v)}; one of ${OPTIMIZERS.join(', ')}`;
    case 'activation':
      return v !== 'softmax' && (ACTIVATIONS as readonly unknown[]).includes(v)
        ? null
        : `a hidden layer's g must be one of ${ACTIVATIONS.filter((a) => a !== 'softmax').join(', ')}, got ${JSON.stringify(v)}`;
    case 'init':
      return (INITS as readonly unknown[]).includes(v)
        ? null
        : `unknown init rule ${JSON.stringify(v)}; one of ${INITS.join(', ')}`;
  }
}
