/**
 * Explanations of backpropagation (lecture, "Back propagation algorithm"): the output error δ^(L) = a^(L) − y (for
 * cross-entropy with sigmoid or softmax outputs), δ^(l) = (Θ^(l))ᵀ δ^(l+1) .* g′(z^(l)) for hidden layers, and the
 * accumulator Δ^(l)_{ji} := Δ^(l)_{ji} + a^(l)_i δ^(l+1)_j. Pure: no DOM.
 */
import type { StepRecord } from '../../src/protocol';
import { sup, texEntry } from '../notation';
import type { ExplainContext, ExplainLink, Explanation, SampleSource } from './context';
import { recordSource, unitRecord } from './records';
import { selectionLabel } from './selection';
import { gPrimeOf, tex, texFactor, texGPrimeRule, texSum, texUnit } from './terms';

const MAX_LINKS = 6;

function stepOf(src: SampleSource): { step?: number } {
  return src.step === undefined ? {} : { step: src.step };
}

function outputDelta(ctx: ExplainContext, src: SampleSource, L: number, i: number): Explanation {
  const g = ctx.activations[L - 1] ?? 'sigmoid';
  const a = src.a(L)?.[i - 1] ?? null;
  const y = src.y?.[i - 1] ?? null;
  const z = src.z(L)?.[i - 1] ?? null;
  const d = src.delta(L)?.[i - 1] ?? null;
  const name = `\\delta^{(${L})}_{${i}}`;
  const aName = `a^{(${L})}_{${i}}`;
  const links: ExplainLink[] = [{ selection: { q: 'a', layer: L, unit: i, ...stepOf(src) }, role: 'input' }];
  const notes = [src.says];
  let general: string[];
  let numeric: string[] = [];
  if (ctx.loss === 'cross-entropy' && (g === 'sigmoid' || g === 'softmax')) {
    general = [`${name} = ${aName} - y_{${i}}`];
    if (a !== null && y !== null) numeric = [`${name} = ${tex(a)} - ${texFactor(y)} = ${tex(a - y)}`];
    notes.push(
      `With the cross-entropy cost and ${g} outputs, ∂J/∂z⁽ᴸ⁾ simplifies to a⁽ᴸ⁾ − y (the slide's δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y).`,
    );
  } else if (ctx.loss === 'mse' && g !== 'softmax') {
    general = [`${name} = (${aName} - y_{${i}})\\, g'(z^{(${L})}_{${i}})`];
    const gp = z !== null && a !== null ? gPrimeOf(g, z, a) : null;
    if (a !== null && y !== null && gp !== null)
      numeric = [`${name} = (${tex(a)} - ${texFactor(y)}) \\cdot ${texFactor(gp)} = ${tex((a - y) * gp)}`];
    links.push({ selection: { q: 'z', layer: L, unit: i, ...stepOf(src) }, role: 'input' });
    notes.push(
      'This network uses the squared error J = 1/(2m) Σ (h − y)²: its output error keeps the factor g′(z⁽ᴸ⁾).',
    );
  } else {
    general = [`${name} = \\dfrac{\\partial J}{\\partial z^{(${L})}_{${i}}}`];
    if (d !== null) numeric = [`${name} = ${tex(d)}`];
    notes.push(
      `${ctx.loss} with ${g} outputs has no a − y shortcut: δ is the full derivative (not expanded here).`,
    );
  }
  return {
    title: `Output error ${selectionLabel({ q: 'delta', layer: L, unit: i })}`,
    value: d,
    general,
    numeric,
    notes,
    links,
    step: { kind: 'outputDelta', layer: L, sample: src.row, label: `the output error δ${sup(`(${L})`)}` },
  };
}

function hiddenDelta(ctx: ExplainContext, src: SampleSource, j: number, i: number): Explanation {
  const g = ctx.activations[j - 1] ?? 'sigmoid';
  const th = src.theta(j);
  const next = src.delta(j + 1);
  const a = src.a(j)?.[i - 1] ?? null;
  const z = src.z(j)?.[i - 1] ?? null;
  const d = src.delta(j)?.[i - 1] ?? null;
  const name = `\\delta^{(${j})}_{${i}}`;
  const K = ctx.sizes[j];
  const sym = texSum(K, (k) => `${texEntry('\\Theta', j, k + 1, i)}\\,\\delta^{(${j + 1})}_{${k + 1}}`);
  const gRule = texGPrimeRule(g, j, i);
  const general = [
    `\\delta^{(${j})} = (\\Theta^{(${j})})^T \\delta^{(${j + 1})} \\mathbin{.*} g'(z^{(${j})})`,
    `${name} = \\Big(${sym}\\Big)\\, g'(z^{(${j})}_{${i}})${gRule ? `, \\quad g'(z^{(${j})}_{${i}}) = ${gRule}` : ''}`,
  ];
  const numeric: string[] = [];
  const gp = z !== null && a !== null ? gPrimeOf(g, z, a) : null;
  if (th && next && gp !== null) {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += th[k][i] * next[k];
    numeric.push(
      `${name} = \\Big(${texSum(K, (k) => `${texFactor(th[k][i])} \\cdot ${texFactor(next[k])}`)}\\Big) \\cdot ${texFactor(gp)}`,
    );
    numeric.push(`\\phantom{${name}} = ${texFactor(sum)} \\cdot ${texFactor(gp)} = ${tex(sum * gp)}`);
  } else if (d !== null) numeric.push(`${name} = ${tex(d)}`);
  const links: ExplainLink[] = [];
  for (let k = 1; k <= Math.min(K, MAX_LINKS); k++) {
    links.push({ selection: { q: 'delta', layer: j + 1, unit: k, ...stepOf(src) }, role: 'input' });
    links.push({ selection: { q: 'theta', layer: j, row: k, col: i }, role: 'input' });
  }
  links.push({
    selection: { q: g === 'sigmoid' || g === 'tanh' ? 'a' : 'z', layer: j, unit: i, ...stepOf(src) },
    role: 'input',
  });
  return {
    title: `Error ${selectionLabel({ q: 'delta', layer: j, unit: i })} of hidden unit ${i} in layer ${j}`,
    value: d,
    general,
    numeric,
    notes: [
      src.says,
      `Column i = ${i} of Θ${sup(`(${j})`)} carries the errors of layer ${j + 1} back to unit ${i}; the bias unit has no δ (its column is dropped).`,
    ],
    links,
    step: {
      kind: 'hiddenDelta',
      layer: j,
      sample: src.row,
      label: `back-propagating the error to layer ${j}`,
    },
  };
}

export function explainDelta(ctx: ExplainContext, src: SampleSource, j: number, i: number): Explanation {
  return j === ctx.sizes.length ? outputDelta(ctx, src, j, i) : hiddenDelta(ctx, src, j, i);
}

type Accumulate = Extract<StepRecord, { kind: 'accumulate' }>;

/** Δ_{ji} before record k added this sample's term: the previous accumulate of the same l in the batch, or 0. */
function previousDelta(records: StepRecord[], k: number, r: Accumulate, j: number, i: number): number | null {
  for (let q = k - 1; q >= 0; q--) {
    const o = records[q];
    if (o.pos?.batch !== r.pos?.batch) break;
    if (o.kind === 'accumulate' && o.thetaLayer === r.thetaLayer) return o.Delta[j - 1]?.[i] ?? null;
    if (o.kind === 'zeroDelta') return 0;
  }
  return r.pos?.i === 1 ? 0 : null;
}

/** The stepper's Δ^(l)_{ji} after record k (an accumulate record). */
export function explainAccumulator(ctx: ExplainContext, k: number, j: number, i: number): Explanation {
  const r = ctx.records[k];
  const l = r?.kind === 'accumulate' ? r.thetaLayer : 0;
  const name = texEntry('\\Delta', l, j, i);
  const general = [`${name} := ${name} + ${texUnit(l, i)}\\, \\delta^{(${l + 1})}_{${j}}`];
  if (r?.kind !== 'accumulate')
    return {
      title: `Accumulator Δ`,
      value: null,
      general,
      numeric: [],
      notes: [
        'The stepper no longer has this step (its history was cleared): step again to see Δ accumulate.',
      ],
      links: [],
      step: null,
    };
  const src = recordSource(ctx, k);
  const after = r.Delta[j - 1]?.[i] ?? null;
  const a = r.a[i] ?? null;
  const d = r.deltaNext[j - 1] ?? null;
  const prev = previousDelta(ctx.records, k, r, j, i);
  const notes = [src?.says ?? `For sample i = ${r.sample + 1}.`];
  let before = prev;
  if (prev === null && after !== null && a !== null && d !== null) {
    before = after - a * d;
    notes.push(
      'The stepper did not record the earlier samples of this batch: Δ before this sample is Δ after minus this term.',
    );
  }
  notes.push(
    `Δ sums aᵢ δⱼ over the samples of the batch${r.pos ? ` (m = ${r.pos.m})` : ''}; after the last one, D = Δ/m + (λ/m)Θ. The slide names this entry Δᵢⱼ (row i, column j); here row j, column i, as in Θⱼᵢ.`,
    i === 0 ? 'Column 0 is the bias: a₀ = +1.' : '',
  );
  const links: ExplainLink[] = [];
  const dRec = unitRecord(ctx.records, k, 'delta', l + 1);
  links.push({
    selection: { q: 'delta', layer: l + 1, unit: j, ...(dRec ? { step: dRec[1] } : {}) },
    role: 'input',
  });
  if (i > 0) {
    const aRec = unitRecord(ctx.records, k, 'a', l);
    links.push({
      selection: { q: 'a', layer: l, unit: i, ...(aRec ? { step: aRec[1] } : {}) },
      role: 'input',
    });
  }
  links.push({ selection: { q: 'D', layer: l, row: j, col: i }, role: 'used-in' });
  const numeric =
    after !== null && a !== null && d !== null && before !== null
      ? [`${name} := ${tex(before)} + ${texFactor(a)} \\cdot ${texFactor(d)} = ${tex(before + a * d)}`]
      : [];
  return {
    title: `Accumulator ${selectionLabel({ q: 'Delta', layer: l, row: j, col: i, step: k })} after sample ${r.sample + 1}`,
    value: after,
    general,
    numeric,
    notes: notes.filter((n) => n),
    links,
    step: { kind: 'accumulate', layer: l, sample: r.sample, label: `accumulating Δ${sup(`(${l})`)}` },
  };
}
