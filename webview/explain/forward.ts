/**
 * Explanations of the forward pass (lecture, "Forward propagation"): a_i^(j) = g(z_i^(j)) and
 * z_i^(j) = Θ^(j−1) row i · [1; a^(j−1)] = Σ_k Θ^(j−1)_{i,k} a_k^(j−1), with a_0^(j−1) = 1 the bias unit. Pure.
 */
import { texEntry } from '../notation';
import type { ExplainContext, ExplainLink, Explanation, SampleSource } from './context';
import { selectionLabel, type Selection } from './selection';
import { gOf, tex, texFactor, texG, texSum, texUnit } from './terms';

/** Links shown to the inputs of a long sum: the first few, so the list stays readable. */
const MAX_LINKS = 6;

function stepOf(src: SampleSource): { step?: number } {
  return src.step === undefined ? {} : { step: src.step };
}

/** z_i^(j) = Σ_{k=0}^{s_{j−1}} Θ^(j−1)_{i,k} a_k^(j−1): symbolic terms, numeric terms, the sum. */
function zTerms(
  src: SampleSource,
  j: number,
  i: number,
): { sym: string; num: string | null; sum: number | null } {
  const l = j - 1;
  const th = src.theta(l)?.[i - 1] ?? null;
  const prev = src.a(l);
  const n = (prev?.length ?? th?.length ?? 1) + (prev ? 1 : 0);
  const aPrev = prev ? [1, ...prev] : null;
  const sym = texSum(th?.length ?? n, (k) => `${texEntry('\\Theta', l, i, k)}\\,${texUnit(l, k)}`);
  if (!th || !aPrev || th.length !== aPrev.length) return { sym, num: null, sum: null };
  const num = texSum(th.length, (k) => `${texFactor(th[k])} \\cdot ${texFactor(aPrev[k])}`);
  let sum = 0;
  for (let k = 0; k < th.length; k++) sum += th[k] * aPrev[k];
  return { sym, num, sum };
}

function zLinks(ctx: ExplainContext, src: SampleSource, j: number, i: number): ExplainLink[] {
  const l = j - 1;
  const links: ExplainLink[] = [];
  const cols = ctx.sizes[l - 1] + 1;
  for (let k = 0; k < Math.min(cols, MAX_LINKS); k++)
    links.push({ selection: { q: 'theta', layer: l, row: i, col: k }, role: 'input' });
  for (let k = 1; k < Math.min(cols, MAX_LINKS); k++)
    links.push({ selection: { q: 'a', layer: l, unit: k, ...stepOf(src) }, role: 'input' });
  return links;
}

const stepTarget = (j: number, src: SampleSource): Explanation['step'] => ({
  kind: j === 1 ? 'input' : 'forward',
  layer: j,
  sample: src.row,
  label: j === 1 ? 'the input a⁽¹⁾ = x' : `the forward pass to layer ${j}`,
});

export function explainZ(ctx: ExplainContext, src: SampleSource, j: number, i: number): Explanation {
  const z = src.z(j)?.[i - 1] ?? null;
  const t = zTerms(src, j, i);
  const name = `z^{(${j})}_{${i}}`;
  const numeric: string[] = [];
  if (t.num) numeric.push(`${name} = ${t.num}`, `\\phantom{${name}} = ${tex(t.sum ?? NaN)}`);
  else if (z !== null) numeric.push(`${name} = ${tex(z)}`);
  const notes = [
    src.says,
    `The bias unit ${j - 1 === 1 ? 'x₀' : `a₀`} = +1 multiplies the bias column (k = 0).`,
  ];
  if (t.sum !== null && z !== null && Math.abs(t.sum - z) > 1e-9 * Math.max(1, Math.abs(z)))
    notes.push(
      `The frame's z = ${tex(z)} was computed with other weights than the Θ shown (they changed since).`,
    );
  if (ctx.sizes[j - 2] + 1 > MAX_LINKS) notes.push(`Links to the first ${MAX_LINKS} terms only.`);
  return {
    title: `Weighted input ${selectionLabel({ q: 'z', layer: j, unit: i })} of unit ${i} in layer ${j}`,
    value: z,
    general: [
      `${name} = \\Theta^{(${j - 1})}_{${i},:} \\begin{bmatrix} 1 \\\\ a^{(${j - 1})} \\end{bmatrix} = \\sum_{k=0}^{s_{${j - 1}}} \\Theta^{(${j - 1})}_{${i}k}\\, a^{(${j - 1})}_k`,
      `${name} = ${t.sym}`,
    ],
    numeric,
    notes,
    links: zLinks(ctx, src, j, i),
    step: stepTarget(j, src),
  };
}

function explainInput(src: SampleSource, i: number): Explanation {
  const x = src.x?.[i - 1] ?? null;
  return {
    title: `Input ${selectionLabel({ q: 'a', layer: 1, unit: i })} (a⁽¹⁾ = x)`,
    value: x,
    general: [`a^{(1)}_{${i}} = x_{${i}}`],
    numeric: x === null ? [] : [`x_{${i}} = ${tex(x)}`],
    notes: [
      src.says,
      'An input is data, not computed: layer 1 passes x on, with the bias unit x₀ = +1 added.',
    ],
    links: [],
    step: stepTarget(1, src),
  };
}

/** Softmax: a_i = e^{z_i} / Σ_k e^{z_k} over the whole output layer. */
function softmaxLines(src: SampleSource, j: number, i: number): string[] {
  const z = src.z(j);
  if (!z) return [];
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  const den = texSum(z.length, (k) => `e^{${tex(z[k])}}`, 4);
  return [`a^{(${j})}_{${i}} = \\dfrac{e^{${tex(z[i - 1])}}}{${den}} = ${tex(e[i - 1] / sum)}`];
}

export function explainA(ctx: ExplainContext, src: SampleSource, j: number, i: number): Explanation {
  if (j === 1) return explainInput(src, i);
  const g = ctx.activations[j - 1] ?? 'sigmoid';
  const a = src.a(j)?.[i - 1] ?? null;
  const z = src.z(j)?.[i - 1] ?? null;
  const t = zTerms(src, j, i);
  const name = `a^{(${j})}_{${i}}`;
  const general = [`${name} = g(z^{(${j})}_{${i}}) = g\\Big(${t.sym}\\Big)`];
  const numeric: string[] = [];
  const links: ExplainLink[] = [];
  const sel = (q: 'z', unit: number): Selection => ({ q, layer: j, unit, ...stepOf(src) });
  if (g === 'softmax') {
    general.push(
      `${name} = \\dfrac{e^{z^{(${j})}_{${i}}}}{\\sum_{k=1}^{s_{${j}}} e^{z^{(${j})}_k}} \\quad (\\text{softmax})`,
    );
    numeric.push(...softmaxLines(src, j, i));
    for (let k = 1; k <= Math.min(ctx.sizes[j - 1], MAX_LINKS); k++)
      links.push({ selection: sel('z', k), role: 'input' });
  } else {
    const gLine = texG(g);
    if (gLine) general.push(gLine);
    if (t.num) numeric.push(`${name} = g\\big(${t.num}\\big)`);
    if (z !== null)
      numeric.push(`\\phantom{${name}} = g(${tex(t.sum ?? z)}) = ${tex(gOf(g, t.sum ?? z) ?? a ?? NaN)}`);
    links.push({ selection: sel('z', i), role: 'input' });
  }
  const zLinksOf = zLinks(ctx, src, j, i);
  return {
    title: `Activation ${selectionLabel({ q: 'a', layer: j, unit: i })} of unit ${i} in layer ${j}`,
    value: a,
    general,
    numeric,
    notes: [
      src.says,
      `g is ${g}, the activation of layer ${j}.${j === ctx.sizes.length ? ' In the output layer a⁽ᴸ⁾ = h_Θ(x).' : ''}`,
    ],
    links: [...links, ...zLinksOf],
    step: stepTarget(j, src),
  };
}
