/**
 * The answer key: the value of a^(l), z^(l), δ^(l) of one sample, D^(l) over the whole data set, or J(Θ), asked in the
 * lecture's 1-based numbering (layers 1 … L, samples 1 … m), with the numbers a worked answer needs.
 * Pure: the CLI (`nn-viz answer`) and the panel's worksheet both call it. Evaluation mode: no dropout.
 */
import { backpropSample } from './backprop';
import { regularization } from './losses';
import { toRows } from './matrix';
import { cost, costAndGradient, type Network } from './network';
import type { ActivationName, ExerciseQuantity, ExerciseSpec, LossName } from './spec-types';

/** The part of an exercise that fixes its answer. */
export type Question = Pick<ExerciseSpec, 'quantity' | 'layer' | 'sample' | 'unit'>;

export const QUANTITIES: readonly ExerciseQuantity[] = ['a', 'z', 'delta', 'D', 'J'];

/** The samples the answers are about: all m of them, in file order, row-major. */
export interface AnswerData {
  X: Float64Array;
  Y: Float64Array;
  m: number;
}

/** The numbers a worked answer substitutes into the slide's equation. */
export type Worked =
  /** a^(1) = x^(i) */
  | { kind: 'input'; x: number[] }
  /** z^(l) = Θ^(l−1) a^(l−1), with a^(l−1) = [1; …] including the bias unit */
  | { kind: 'z'; thetaLayer: number; theta: number[][]; aPrev: number[] }
  /** a^(l) = g(z^(l)) */
  | { kind: 'a'; activation: ActivationName; z: number[] }
  /** δ^(L) = a^(L) − y (rule a-y), (a − y) .* g'(z) (mse), or ∂J/∂z^(L) (general) */
  | {
      kind: 'outputDelta';
      rule: 'a-y' | 'mse' | 'general';
      a: number[];
      y: number[];
      gPrime: number[] | null;
    }
  /** δ^(l) = (Θ^(l))ᵀ δ^(l+1) .* g'(z^(l)), bias row dropped */
  | {
      kind: 'hiddenDelta';
      thetaLayer: number;
      activation: ActivationName;
      deltaNext: number[];
      backprop: number[];
      gPrime: number[];
    }
  /** D^(l) = (1/m) Δ^(l) + (λ/m) Θ^(l) off the bias column (the slide prints λΘ) */
  | { kind: 'D'; thetaLayer: number; m: number; lambda: number; Delta: number[][]; theta: number[][] }
  /** J(Θ) = (1/m) Σ_i cost(x^(i), y^(i)) + λ/(2m) ΣΣΣ (Θ_ji^(l))² */
  | { kind: 'J'; loss: LossName; m: number; lambda: number; dataTerm: number; regTerm: number };

export type AnswerValue = number | number[] | number[][];

export interface Answer {
  question: Question;
  value: AnswerValue;
  worked: Worked;
}

/** What is wrong with a question, naming the field at fault and what is allowed. */
export interface QuestionProblem {
  field: 'quantity' | 'layer' | 'sample' | 'unit';
  message: string;
}

const range = (lo: number, hi: number): string => (lo === hi ? `${lo}` : `${lo} … ${hi}`);
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Layers a quantity exists for, in the lecture's numbering: [lowest, highest]. */
export function allowedLayers(quantity: ExerciseQuantity, L: number): [number, number] | null {
  switch (quantity) {
    case 'a':
      return [1, L];
    case 'z':
    case 'delta':
      return [2, L];
    case 'D':
      return [1, L - 1];
    case 'J':
      return null;
  }
}

const NAMES: Record<ExerciseQuantity, string> = { a: 'a', z: 'z', delta: 'δ', D: 'D', J: 'J(Θ)' };

function checkLayer(q: Question, L: number): QuestionProblem | null {
  const allowed = allowedLayers(q.quantity, L);
  const name = NAMES[q.quantity];
  if (!allowed) {
    if (q.layer !== null) return { field: 'layer', message: `${name} is one number: it takes no layer` };
    return null;
  }
  const [lo, hi] = allowed;
  const what =
    q.quantity === 'D'
      ? `D^(l) has the shape of Θ^(l), so l is ${range(lo, hi)} (L = ${L})`
      : `${name}^(l) exists for layers l = ${range(lo, hi)}${q.quantity === 'a' ? '' : ' (layer 1 is the input x: it has no z or δ)'}`;
  if (q.layer === null) return { field: 'layer', message: `${name} needs a layer: ${what}` };
  if (!isWhole(q.layer) || q.layer < lo || q.layer > hi)
    return { field: 'layer', message: `layer ${q.layer} is out of range: ${what}` };
  return null;
}

function checkSample(q: Question, m: number | null): QuestionProblem | null {
  const perSample = q.quantity === 'a' || q.quantity === 'z' || q.quantity === 'delta';
  const name = NAMES[q.quantity];
  if (!perSample) {
    if (q.sample !== null)
      return { field: 'sample', message: `${name} is over the whole data set: it takes no sample` };
    return null;
  }
  const allowed = m === null ? 'i = 1, 2, …' : `i = ${range(1, m)} (m = ${m})`;
  if (q.sample === null)
    return { field: 'sample', message: `${name} is per sample: give a sample ${allowed}` };
  if (!isWhole(q.sample) || q.sample < 1 || (m !== null && q.sample > m))
    return { field: 'sample', message: `sample ${q.sample} is out of range: samples are ${allowed}` };
  return null;
}

function checkUnit(q: Question, sizes: readonly number[]): QuestionProblem | null {
  if (q.unit === null || q.layer === null) return null;
  const l = q.layer;
  if (q.quantity === 'J') return { field: 'unit', message: 'J(Θ) is one number: it takes no unit' };
  if (q.quantity === 'D') {
    const rows = sizes[l],
      cols = sizes[l - 1];
    const [j, i] = Array.isArray(q.unit) ? q.unit : [q.unit, null];
    const shape = `D^(${l}) is ${rows} × ${cols + 1}: rows j = ${range(1, rows)}, columns i = ${range(0, cols)} (0 = bias)`;
    if (!isWhole(j) || j < 1 || j > rows)
      return { field: 'unit', message: `row ${j} is out of range: ${shape}` };
    if (i !== null && (!isWhole(i) || i < 0 || i > cols))
      return { field: 'unit', message: `column ${i} is out of range: ${shape}` };
    return null;
  }
  const s = sizes[l - 1];
  const unit = `layer ${l} has s_${l} = ${s} unit${s === 1 ? '' : 's'}: j = ${range(1, s)}`;
  if (Array.isArray(q.unit))
    return { field: 'unit', message: `a unit of ${NAMES[q.quantity]}^(${l}) is one number j: ${unit}` };
  if (!isWhole(q.unit) || q.unit < 1 || q.unit > s)
    return { field: 'unit', message: `unit ${q.unit} is out of range: ${unit}` };
  return null;
}

/**
 * The first problem of a question for a network of sizes s_1 … s_L and m samples (null when m is not known yet), or
 * null when it can be answered.
 */
export function checkQuestion(
  q: Question,
  sizes: readonly number[],
  m: number | null,
): QuestionProblem | null {
  if (!QUANTITIES.includes(q.quantity))
    return {
      field: 'quantity',
      message: `unknown quantity "${String(q.quantity)}": ${QUANTITIES.join(', ')}`,
    };
  return checkLayer(q, sizes.length) ?? checkSample(q, m) ?? checkUnit(q, sizes);
}

/** The question in the lecture's notation, as plain text: "a_1^(2) of sample 3", "D_10^(1)", "J(Θ)". */
export function questionLabel(q: Question): string {
  if (q.quantity === 'J') return 'J(Θ)';
  const name = q.quantity === 'delta' ? 'δ' : q.quantity;
  const sub = q.unit === null ? '' : Array.isArray(q.unit) ? `_${q.unit[0]},${q.unit[1]}` : `_${q.unit}`;
  const of = q.sample === null ? (q.quantity === 'D' ? ' (all samples)' : '') : ` of sample ${q.sample}`;
  return `${name}${sub}^(${q.layer ?? ''})${of}`;
}

function pick(value: number[] | number[][], unit: Question['unit']): AnswerValue {
  if (unit === null) return value;
  if (Array.isArray(unit)) return (value as number[][])[unit[0] - 1][unit[1]];
  return value[unit - 1];
}

/** a, z and δ of sample i (1-based), from one forward and backward pass without dropout. */
function perSample(net: Network, data: AnswerData, loss: LossName, q: Question): Answer {
  const { sizes, activations, theta } = net;
  const L = sizes.length,
    n = sizes[0],
    K = sizes[L - 1];
  const i = (q.sample as number) - 1;
  const l = q.layer as number;
  const x = data.X.subarray(i * n, (i + 1) * n);
  const y = data.Y.subarray(i * K, (i + 1) * K);
  const r = backpropSample(net, x, y, loss);
  const a = (j: number): number[] => Array.from(r.a[j - 1]);
  const z = (j: number): number[] => Array.from(r.z[j - 2]);
  const delta = (j: number): number[] => Array.from(r.delta[j - 2]);
  const answer = (value: number[], worked: Worked): Answer => ({
    question: q,
    value: pick(value, q.unit),
    worked,
  });
  if (q.quantity === 'a' && l === 1) return answer(a(1), { kind: 'input', x: a(1) });
  if (q.quantity === 'a') return answer(a(l), { kind: 'a', activation: activations[l - 1], z: z(l) });
  if (q.quantity === 'z')
    return answer(z(l), {
      kind: 'z',
      thetaLayer: l - 1,
      theta: toRows(theta[l - 2]),
      aPrev: [1, ...a(l - 1)],
    });
  const gp = (j: number): number[] => Array.from(r.gPrime[j - 2] ?? []);
  if (l === L) {
    return answer(delta(L), {
      kind: 'outputDelta',
      rule: r.rule,
      a: a(L),
      y: Array.from(y),
      gPrime: r.gPrime[L - 2] ? gp(L) : null,
    });
  }
  // (Θ^(l))ᵀ δ^(l+1) without its bias row, as backpropSample computed it before the .* g'(z^(l))
  const dNext = delta(l + 1);
  const backprop = Array.from(r.backprop[l - 2]);
  return answer(delta(l), {
    kind: 'hiddenDelta',
    thetaLayer: l,
    activation: activations[l - 1],
    deltaNext: dNext,
    backprop,
    gPrime: gp(l),
  });
}

/** D^(l) over all m samples with λ, and Δ^(l) = m · (D^(l) at λ = 0) for the worked answer. */
function gradient(net: Network, data: AnswerData, loss: LossName, lambda: number, q: Question): Answer {
  const l = q.layer as number;
  const D = toRows(costAndGradient(net, data.X, data.Y, data.m, loss, lambda).D[l - 1]);
  const Delta = toRows(costAndGradient(net, data.X, data.Y, data.m, loss, 0).D[l - 1]).map((r) =>
    r.map((v) => v * data.m),
  );
  const worked: Worked = {
    kind: 'D',
    thetaLayer: l,
    m: data.m,
    lambda,
    Delta,
    theta: toRows(net.theta[l - 1]),
  };
  return { question: q, value: pick(D, q.unit), worked };
}

/**
 * The answer to a question at the network's Θ with the file's loss and λ. Throws a RangeError with the question's
 * problem when checkQuestion finds one.
 */
export function answerQuestion(
  net: Network,
  data: AnswerData,
  loss: LossName,
  lambda: number,
  q: Question,
): Answer {
  const problem = checkQuestion(q, net.sizes, data.m);
  if (problem) throw new RangeError(problem.message);
  switch (q.quantity) {
    case 'a':
    case 'z':
    case 'delta':
      return perSample(net, data, loss, q);
    case 'D':
      return gradient(net, data, loss, lambda, q);
    case 'J': {
      const value = cost(net, data.X, data.Y, data.m, loss, lambda);
      const regTerm = regularization(net.theta, lambda, data.m);
      const dataTerm = cost(net, data.X, data.Y, data.m, loss, 0);
      return { question: q, value, worked: { kind: 'J', loss, m: data.m, lambda, dataTerm, regTerm } };
    }
  }
}
