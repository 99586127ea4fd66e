/**
 * The worked answer of a question: the slide's equation in the lecture's notation, and the same equation with this
 * network's numbers substituted, as KaTeX sources. Built from the engine's `Worked` record (src/engine/answers.ts).
 */
import type { AnswerValue, ExerciseSpec, Worked } from '../../src/protocol';
import { sup, TEX_G } from '../notation';

export interface WorkedEquations {
  general: string[];
  numeric: string[];
  notes: string[];
}

/** 6 significant digits: enough to check an answer within 10⁻³. */
export function texNum(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '\\text{NaN}' : v > 0 ? '\\infty' : '-\\infty';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e6) {
    const [m, e] = v.toExponential(5).split('e');
    return `${m.replace(/\.?0+$/, '')}\\times 10^{${Number(e)}}`;
  }
  return String(Number(v.toPrecision(6)));
}

/** A number in parentheses when negative, for products. */
const par = (v: number): string => (v < 0 ? `(${texNum(v)})` : texNum(v));
const col = (v: readonly number[]): string => `\\begin{bmatrix}${v.map(texNum).join('\\\\')}\\end{bmatrix}`;
const mat = (m: readonly (readonly number[])[]): string =>
  `\\begin{bmatrix}${m.map((r) => r.map(texNum).join(' & ')).join('\\\\')}\\end{bmatrix}`;
const valueTex = (v: AnswerValue): string =>
  typeof v === 'number' ? texNum(v) : Array.isArray(v[0]) ? mat(v as number[][]) : col(v as number[]);
const DOT_STAR = '\\mathbin{.*}';

/** The symbol asked for, e.g. a_1^{(2)}, \delta^{(3)}, D^{(2)}_{11}, J(\Theta). */
export function questionTex(e: Pick<ExerciseSpec, 'quantity' | 'layer' | 'unit'>): string {
  if (e.quantity === 'J') return 'J(\\Theta)';
  const name = e.quantity === 'delta' ? '\\delta' : e.quantity;
  const u = e.unit;
  const sub =
    u === null
      ? ''
      : Array.isArray(u)
        ? `_{${u[0]}${u[0] >= 10 || u[1] >= 10 ? ',' : ''}${u[1]}}`
        : `_{${u}}`;
  return `${name}^{(${e.layer ?? ''})}${sub}`;
}

function forward(
  w: Extract<Worked, { kind: 'z' | 'a' | 'input' }>,
  e: ExerciseSpec,
  value: AnswerValue,
): WorkedEquations {
  const l = e.layer ?? 1;
  const j = typeof e.unit === 'number' ? e.unit : null;
  const q = questionTex(e);
  if (w.kind === 'input')
    return { general: [`a^{(1)} = x^{(${e.sample})}`], numeric: [`${q} = ${valueTex(value)}`], notes: [] };
  if (w.kind === 'z') {
    const p = w.thetaLayer;
    if (j === null)
      return {
        general: [`z^{(${l})} = \\Theta^{(${p})} a^{(${p})}`],
        numeric: [`z^{(${l})} = ${mat(w.theta)} ${col(w.aPrev)} = ${valueTex(value)}`],
        notes: [`a${sup(`(${p})`)} starts with the bias unit a₀${sup(`(${p})`)} = 1.`],
      };
    const row = w.theta[j - 1];
    const terms = row.map((t, k) => `${par(t)}\\cdot ${par(w.aPrev[k])}`).join(' + ');
    return {
      general: [`z_{${j}}^{(${l})} = \\sum_{k=0}^{s_{${p}}} \\Theta^{(${p})}_{${j}k}\\, a_k^{(${p})}`],
      numeric: [`${q} = ${terms} = ${valueTex(value)}`],
      notes: [`a₀${sup(`(${p})`)} = 1 is the bias unit.`],
    };
  }
  const g = TEX_G[w.activation]?.g ?? 'g(z)';
  const z = j === null ? col(w.z) : par(w.z[j - 1]);
  return {
    general: [
      `a${j === null ? '' : `_{${j}}`}^{(${l})} = g(z${j === null ? '' : `_{${j}}`}^{(${l})}), \\quad ${g}`,
    ],
    numeric: [`${q} = g\\left(${z}\\right) = ${valueTex(value)}`],
    notes: [],
  };
}

function backward(
  w: Extract<Worked, { kind: 'outputDelta' | 'hiddenDelta' }>,
  e: ExerciseSpec,
  value: AnswerValue,
): WorkedEquations {
  const l = e.layer ?? 1;
  const j = typeof e.unit === 'number' ? e.unit : null;
  const pickV = (v: readonly number[]): string => (j === null ? col(v) : par(v[j - 1]));
  const q = questionTex(e);
  if (w.kind === 'outputDelta') {
    if (w.rule === 'a-y')
      return {
        general: [`\\delta^{(${l})} = a^{(${l})} - y`],
        numeric: [`${q} = ${pickV(w.a)} - ${pickV(w.y)} = ${valueTex(value)}`],
        notes: [],
      };
    if (w.rule === 'mse' && w.gPrime)
      return {
        general: [`\\delta^{(${l})} = (a^{(${l})} - y) ${DOT_STAR} g'(z^{(${l})})`],
        numeric: [
          `${q} = (${pickV(w.a)} - ${pickV(w.y)}) ${DOT_STAR} ${pickV(w.gPrime)} = ${valueTex(value)}`,
        ],
        notes: [],
      };
    return {
      general: [`\\delta^{(${l})} = \\dfrac{\\partial J}{\\partial z^{(${l})}}`],
      numeric: [`${q} = ${valueTex(value)}`],
      notes: ['This loss and output activation do not simplify to a − y.'],
    };
  }
  const gp = TEX_G[w.activation]?.gPrime;
  const general = `\\delta^{(${l})} = (\\Theta^{(${l})})^T \\delta^{(${l + 1})} ${DOT_STAR} g'(z^{(${l})})${gp ? `, \\quad ${gp}` : ''}`;
  const note = `The bias row of (Θ${sup(`(${l})`)})ᵀδ${sup(`(${l + 1})`)} is dropped.`;
  if (j === null)
    return {
      general: [general],
      numeric: [`${q} = ${col(w.backprop)} ${DOT_STAR} ${col(w.gPrime)} = ${valueTex(value)}`],
      notes: [
        note,
        `δ${sup(`(${l + 1})`)} = [${w.deltaNext.map((v) => Number(v.toPrecision(6))).join(', ')}]`,
      ],
    };
  return {
    general: [
      `\\delta_{${j}}^{(${l})} = \\Big(\\sum_k \\Theta^{(${l})}_{k${j}}\\, \\delta_k^{(${l + 1})}\\Big)\\, g'(z_{${j}}^{(${l})})`,
    ],
    numeric: [`${q} = ${par(w.backprop[j - 1])} \\cdot ${par(w.gPrime[j - 1])} = ${valueTex(value)}`],
    notes: [note],
  };
}

function gradient(w: Extract<Worked, { kind: 'D' }>, e: ExerciseSpec, value: AnswerValue): WorkedEquations {
  const l = w.thetaLayer;
  const q = questionTex(e);
  const general = [
    `D^{(${l})}_{ij} = \\tfrac{1}{m}\\Delta^{(${l})}_{ij} + \\tfrac{\\lambda}{m}\\Theta^{(${l})}_{ij} \\;(j \\ne 0), \\qquad D^{(${l})}_{i0} = \\tfrac{1}{m}\\Delta^{(${l})}_{i0}`,
  ];
  const notes =
    w.lambda !== 0
      ? ['The slide prints + λΘ; the derivative of the term λ/(2m) ΣΘ² of J is (λ/m)Θ, used here.']
      : [];
  const u = e.unit;
  const frac = `\\tfrac{1}{${w.m}}`;
  const reg = `\\tfrac{${w.lambda}}{${w.m}}`;
  if (Array.isArray(u)) {
    const [r, c] = u;
    const delta = w.Delta[r - 1][c];
    const rhs =
      c === 0
        ? `${frac}\\cdot ${par(delta)}`
        : `${frac}\\cdot ${par(delta)} + ${reg}\\cdot ${par(w.theta[r - 1][c])}`;
    return { general, numeric: [`${q} = ${rhs} = ${valueTex(value)}`], notes };
  }
  const rows = u === null ? w.Delta : [w.Delta[u - 1]];
  const thetas = (u === null ? w.theta : [w.theta[u - 1]]).map((row) => row.map((t, c) => (c === 0 ? 0 : t)));
  const rhs = w.lambda === 0 ? `${frac}${mat(rows)}` : `${frac}${mat(rows)} + ${reg}${mat(thetas)}`;
  return {
    general,
    numeric: [`${q} = ${rhs} = ${valueTex(value)}`],
    notes: [
      ...notes,
      ...(w.lambda !== 0 ? ['Θ is shown with its bias column set to 0 (not regularized).'] : []),
    ],
  };
}

function cost(w: Extract<Worked, { kind: 'J' }>, value: AnswerValue): WorkedEquations {
  const data =
    w.loss === 'mse'
      ? '\\frac{1}{m}\\sum_{i=1}^{m}\\sum_{k=1}^{K} \\tfrac12 \\big(h_\\Theta(x^{(i)})_k - y_k^{(i)}\\big)^2'
      : '-\\frac{1}{m}\\sum_{i=1}^{m}\\sum_{k=1}^{K} \\Big[y_k^{(i)} \\log h_\\Theta(x^{(i)})_k + (1 - y_k^{(i)}) \\log\\big(1 - h_\\Theta(x^{(i)})_k\\big)\\Big]';
  return {
    general: [
      `J(\\Theta) = ${data} + \\frac{\\lambda}{2m}\\sum_{l}\\sum_{i}\\sum_{j \\ge 1} \\big(\\Theta_{ij}^{(l)}\\big)^2`,
    ],
    numeric: [
      `J(\\Theta) = ${texNum(w.dataTerm)} + ${texNum(w.regTerm)} = ${valueTex(value)} \\quad (m = ${w.m},\\ \\lambda = ${w.lambda})`,
    ],
    notes: w.loss === 'cross-entropy' ? ['For a softmax output the sum keeps only −y_k log h_k.'] : [],
  };
}

export function workedEquations(e: ExerciseSpec, worked: Worked, value: AnswerValue): WorkedEquations {
  switch (worked.kind) {
    case 'input':
    case 'z':
    case 'a':
      return forward(worked, e, value);
    case 'outputDelta':
    case 'hiddenDelta':
      return backward(worked, e, value);
    case 'D':
      return gradient(worked, e, value);
    case 'J':
      return cost(worked, value);
  }
}
