/**
 * The equations of the stepper: for each StepRecord, its equation in the lecture's notation and the same equation with
 * the numbers substituted (KaTeX source), and the notes that explain it. Pure: no DOM.
 */
import type { StepRecord } from '../../src/protocol';
import { fmt, sub, sup, TEX_G, texMatrix, texRowVector, texVector } from '../notation';

export interface StepperContext {
  /** s_1..s_L */
  sizes: number[];
  /** g of each layer (index j-1), from the spec. */
  activations: string[];
  /** Θ^(l) of the current frame (rows), for records that do not carry it; index l-1. */
  frameTheta: (l: number) => number[][] | null;
  /** data.classes (0–9 for digits), to name y; null when the outputs are not classes. */
  classNames?: string[] | null;
}

/** The class a target y stands for: the one-hot entry, or for one output with two classes, y itself. */
export function classOf(y: number[], classNames: string[] | null | undefined): string | null {
  if (!classNames?.length) return null;
  if (y.length === 1) return classNames.length === 2 ? classNames[y[0] >= 0.5 ? 1 : 0] : null;
  const k = y.indexOf(Math.max(...y));
  return y[k] === 1 && y.every((v, i) => i === k || v === 0) ? (classNames[k] ?? null) : null;
}

/** A class name inside KaTeX's \text{}: characters TeX treats specially are dropped. */
function texText(name: string): string {
  return name.replace(/[\\{}$&#^_%~]/g, '');
}

export interface StepEquations {
  title: string;
  general: string[];
  numeric: string[];
  notes: string[];
}

const DOT_STAR = '\\mathbin{.*}';

/**
 * The Θ^(l) used by record `k`: from a later gradient/update record of the same l in the same batch, else an earlier
 * update's result, else the frame's Θ. Records of another batch (StepPosition.batch) are never used.
 */
export function thetaFor(
  records: StepRecord[],
  k: number,
  l: number,
  ctx: StepperContext,
): number[][] | null {
  const batch = records[k]?.pos?.batch;
  const same = (r: StepRecord): boolean => r.pos?.batch === batch;
  for (let q = k; q < records.length && same(records[q]); q++) {
    const r = records[q];
    if (r.kind === 'gradient' && r.thetaLayer === l) return r.theta;
    if (r.kind === 'update' && r.thetaLayer === l) return r.before;
  }
  for (let q = k - 1; q >= 0; q--) {
    const r = records[q];
    if (r.kind === 'update' && r.thetaLayer === l) return r.after;
  }
  return ctx.frameTheta(l);
}

/** The equation of a step in the lecture's notation, and with its numbers. */
export function stepEquations(records: StepRecord[], k: number, ctx: StepperContext): StepEquations {
  const r = records[k];
  switch (r.kind) {
    case 'zeroDelta':
      return zeroDeltaEq(r);
    case 'input':
      return inputEq(r);
    case 'forward':
      return forwardEq(r, thetaFor(records, k, r.thetaLayer, ctx), ctx.sizes.length);
    case 'outputDelta':
      return withClass(outputDeltaEq(r, yTex(r.y, ctx.classNames)), r, ctx.classNames);
    case 'hiddenDelta':
      return hiddenDeltaEq(r, thetaFor(records, k, r.thetaLayer, ctx), ctx);
    case 'accumulate':
      return accumulateEq(r);
    case 'gradient':
      return gradientEq(r);
    case 'update':
      return updateEq(r);
  }
}

type Of<K extends StepRecord['kind']> = Extract<StepRecord, { kind: K }>;

/** The slide: "First, set the delta values: Set Δ_ij^(l) = 0 (for all l, i, j)". */
function zeroDeltaEq(r: Of<'zeroDelta'>): StepEquations {
  const zero = (rows: number, cols: number): string =>
    texMatrix(Array.from({ length: rows }, () => new Array<number>(cols).fill(0)));
  return {
    title: `Set Δ⁽ˡ⁾ = 0 for all l, before the loop over the ${r.m} sample${r.m === 1 ? '' : 's'}`,
    general: ['\\text{Set } \\Delta^{(l)}_{ij} = 0 \\quad (\\text{for all } l, i, j)'],
    numeric: [
      r.shapes.map(([rows, cols], l) => `\\Delta^{(${l + 1})} = ${zero(rows, cols)}`).join(', \\quad '),
    ],
    notes: [
      `Δ is the accumulator: each sample adds δ aᵀ to it, and after the last of the m = ${r.m} sample${r.m === 1 ? '' : 's'} D = Δ/m (+ the regularization term) is the gradient. Δ⁽ˡ⁾ has the shape of Θ⁽ˡ⁾.`,
    ],
  };
}

function inputEq(r: Of<'input'>): StepEquations {
  return {
    title: `Input: sample ${r.sample + 1} enters layer 1`,
    general: ['a^{(1)} = x \\quad (\\text{add } a_0^{(1)} = 1)'],
    numeric: [`a^{(1)} = ${texVector(r.a)}`],
    notes: ['The first entry is the bias unit a₀⁽¹⁾ = +1.'],
  };
}

function forwardEq(r: Of<'forward'>, th: number[][] | null, L: number): StepEquations {
  const j = r.layer;
  const l = r.thetaLayer;
  const last = j === L;
  const g = TEX_G[r.activation]?.g;
  const dropped = new Set(r.dropped);
  const general = [
    `z^{(${j})} = \\Theta^{(${l})} a^{(${l})}, \\qquad a^{(${j})} = g(z^{(${j})})` +
      (last ? ` = h_\\Theta(x)` : ` \\quad (\\text{add } a_0^{(${j})} = 1)`),
  ];
  if (g) general.push(`${g} \\quad (\\text{${r.activation}})`);
  const numeric = [
    `z^{(${j})} = ${th ? texMatrix(th) : `\\Theta^{(${l})}`} ${texVector(r.aPrev)} = ${texVector(r.z)}`,
    `a^{(${j})} = g\\left(${texVector(r.z)}\\right) = ${texVector(r.a, 8, (i) => !last && dropped.has(i))}`,
  ];
  const notes: string[] = [];
  if (!last) notes.push(`The first entry of a${sup(`(${j})`)} is the bias unit a₀${sup(`(${j})`)} = +1.`);
  if (r.dropped.length)
    notes.push(
      `Dropout: unit${r.dropped.length > 1 ? 's' : ''} ${r.dropped.join(', ')} of layer ${j} dropped in this step (a set to 0, shown grey).`,
    );
  return {
    title: `Forward pass: layer ${l} → ${j}${last ? ' (output h_Θ(x))' : ''}`,
    general,
    numeric,
    notes,
  };
}

/** Names the sample's class: a note saying which y_k is 1 (and the name under y's vector, see yTex). */
function withClass(eq: StepEquations, r: Of<'outputDelta'>, classNames?: string[] | null): StepEquations {
  const name = classOf(r.y, classNames);
  if (!name) return eq;
  const k = r.y.length > 1 ? r.y.indexOf(1) + 1 : null;
  const note =
    k !== null
      ? `y is “${name}”: y${sub(k)} = 1 and the other entries 0 (one-hot, one output per class).`
      : `y = ${r.y[0]}: “${name}”.`;
  return { ...eq, notes: [note, ...eq.notes] };
}

/** y as a KaTeX vector, with its class name under it when it has one. */
function yTex(y: number[], classNames?: string[] | null): string {
  const name = classOf(y, classNames);
  return name ? `\\underbrace{${texVector(y)}}_{\\text{${texText(name)}}}` : texVector(y);
}

function outputDeltaEq(r: Of<'outputDelta'>, y: string): StepEquations {
  const Ls = r.layer;
  if (r.rule === 'a-y')
    return {
      title: `Output error δ${sup(`(${Ls})`)}`,
      general: [`\\delta^{(${Ls})} = a^{(${Ls})} - y`],
      numeric: [`\\delta^{(${Ls})} = ${texVector(r.a)} - ${y} = ${texVector(r.delta)}`],
      notes: ['With cross-entropy cost and sigmoid/softmax outputs, ∂J/∂z⁽ᴸ⁾ simplifies to a⁽ᴸ⁾ − y.'],
    };
  if (r.rule === 'mse' && r.gPrime)
    return {
      title: `Output error δ${sup(`(${Ls})`)} (squared error)`,
      general: [`\\delta^{(${Ls})} = (a^{(${Ls})} - y) ${DOT_STAR} g'(z^{(${Ls})})`],
      numeric: [
        `\\delta^{(${Ls})} = \\left(${texVector(r.a)} - ${y}\\right) ${DOT_STAR} ${texVector(r.gPrime)} = ${texVector(r.delta)}`,
      ],
      notes: ['For the squared-error cost the output error keeps the factor g′(z⁽ᴸ⁾).'],
    };
  return {
    title: `Output error δ${sup(`(${Ls})`)}`,
    general: [`\\delta^{(${Ls})} = \\dfrac{\\partial J}{\\partial z^{(${Ls})}}`],
    numeric: [
      r.gPrime
        ? `\\delta^{(${Ls})} = \\dfrac{\\partial J}{\\partial a^{(${Ls})}} ${DOT_STAR} ${texVector(r.gPrime)} = ${texVector(r.delta)}`
        : `\\delta^{(${Ls})} = ${texVector(r.delta)}`,
    ],
    notes: ['This cost/activation pair has no a − y shortcut; δ is the full derivative.'],
  };
}

function hiddenDeltaEq(r: Of<'hiddenDelta'>, th: number[][] | null, ctx: StepperContext): StepEquations {
  const l = r.layer;
  const t = r.thetaLayer;
  const general = [`\\delta^{(${l})} = (\\Theta^{(${t})})^T \\delta^{(${l + 1})} ${DOT_STAR} g'(z^{(${l})})`];
  const g = ctx.activations[l - 1];
  if (g === 'sigmoid')
    general.push(`g'(z^{(${l})}) = a^{(${l})} ${DOT_STAR} (1 - a^{(${l})}) \\quad (\\text{sigmoid})`);
  else if (g === 'tanh') general.push(`g'(z^{(${l})}) = 1 - (a^{(${l})})^2 \\quad (\\text{tanh})`);
  else if (g && TEX_G[g]) general.push(`${TEX_G[g].gPrime} \\quad (\\text{${g}})`);
  const thT = th
    ? texMatrix(
        th.map((row) => row.slice(1)),
        6,
        6,
        true,
      )
    : `(\\Theta^{(${t})})^T`;
  return {
    title: `Back-propagate the error to layer ${l}`,
    general,
    numeric: [
      `(\\Theta^{(${t})})^T \\delta^{(${l + 1})} = ${thT} ${texVector(r.deltaNext)} = ${texVector(r.backprop)}`,
      `\\delta^{(${l})} = ${texVector(r.backprop)} ${DOT_STAR} ${texVector(r.gPrime)} = ${texVector(r.delta)}`,
    ],
    notes: ['The bias row of (Θ)ᵀδ is dropped: the bias unit a₀ = 1 has no error to pass back.'],
  };
}

function accumulateEq(r: Of<'accumulate'>): StepEquations {
  const l = r.thetaLayer;
  return {
    title: `Accumulate Δ${sup(`(${l})`)} (sample ${r.sample + 1})`,
    general: [
      `\\Delta^{(${l})} := \\Delta^{(${l})} + \\delta^{(${l + 1})} (a^{(${l})})^T`,
      `\\Delta^{(${l})}_{ij} := \\Delta^{(${l})}_{ij} + a^{(${l})}_j \\, \\delta^{(${l + 1})}_i`,
    ],
    numeric: [
      `\\Delta^{(${l})} := \\Delta^{(${l})} + ${texVector(r.deltaNext)} ${texRowVector(r.a)} = ${texMatrix(r.Delta)}`,
    ],
    notes: ['Δ sums δ aᵀ over the samples of the batch; j = 0 is the bias column.'],
  };
}

function gradientEq(r: Of<'gradient'>): StepEquations {
  const l = r.thetaLayer;
  const notes = [`m = ${r.m} sample${r.m === 1 ? '' : 's'} in this batch, λ = ${fmt(r.lambda)}.`];
  if (r.lambda !== 0)
    notes.push(
      'The slide prints “+ λΘ”, but the derivative of the regularization term (λ/2m) Σ Θ² is (λ/m) Θ: that is what is computed here (and D = ∂J/∂Θ holds).',
    );
  const thetaNoBias = r.theta.map((row) => row.map((v, c) => (c === 0 ? 0 : v)));
  const reg = r.lambda !== 0 ? ` + \\dfrac{${fmt(r.lambda)}}{${r.m}} ${texMatrix(thetaNoBias)}` : '';
  return {
    title: `Gradient D${sup(`(${l})`)}`,
    general: [
      `D^{(${l})}_{ij} := \\dfrac{1}{m} \\Delta^{(${l})}_{ij} + \\dfrac{\\lambda}{m} \\Theta^{(${l})}_{ij} \\ \\text{ if } j \\neq 0, \\qquad D^{(${l})}_{ij} := \\dfrac{1}{m} \\Delta^{(${l})}_{ij} \\ \\text{ if } j = 0`,
      `\\dfrac{\\partial}{\\partial \\Theta^{(${l})}_{ij}} J(\\Theta) = D^{(${l})}_{ij}`,
    ],
    numeric: [`D^{(${l})} = \\dfrac{1}{${r.m}} ${texMatrix(r.Delta)}${reg} = ${texMatrix(r.D)}`],
    notes,
  };
}

function updateEq(r: Of<'update'>): StepEquations {
  const l = r.thetaLayer;
  const gd = r.optimizer === 'gd';
  return {
    title: `Update Θ${sup(`(${l})`)}${gd ? '' : ` (${r.optimizer})`}`,
    general: gd
      ? [`\\Theta^{(${l})} := \\Theta^{(${l})} - \\alpha \\, D^{(${l})}`]
      : [
          `\\Theta^{(${l})} := \\Theta^{(${l})} - \\alpha \\cdot \\text{(${r.optimizer} step computed from } D^{(${l})})`,
        ],
    numeric: gd
      ? [
          `\\Theta^{(${l})} := ${texMatrix(r.before)} - ${fmt(r.alpha)} ${texMatrix(r.D)} = ${texMatrix(r.after)}`,
        ]
      : [
          `\\Theta^{(${l})} := ${texMatrix(r.before)} \\xrightarrow{\\text{${r.optimizer}}, \\ \\alpha = ${fmt(r.alpha)}} ${texMatrix(r.after)}`,
        ],
    notes: gd
      ? [`α = ${fmt(r.alpha)} is the learning rate.`]
      : [
          `The ${r.optimizer} optimizer scales the step per weight from D and its running averages; α = ${fmt(r.alpha)}.`,
        ],
  };
}
