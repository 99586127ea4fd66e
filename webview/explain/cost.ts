/**
 * The explanation of J(Θ) (lecture, "Neural network cost function"):
 *   J(Θ) = −1/m Σ_t Σ_k [y_k log(h_Θ(x^(t)))_k + (1 − y_k) log(1 − h_Θ(x^(t))_k)] + λ/(2m) Σ_l Σ_j Σ_{i≥1} (Θ_ji^(l))²
 * for sigmoid outputs; −1/m Σ_t Σ_k y_k log h_k for softmax outputs; 1/(2m) Σ_t Σ_k (h_k − y_k)² for the squared
 * error (src/engine/losses.ts). J is over the m training samples (the validation part excluded). Pure: no DOM.
 */
import { fmt } from '../notation';
import { frameSource, frameTheta, type ExplainContext, type ExplainLink, type Explanation } from './context';
import { tex, texFactor, texSum } from './terms';

/** log(1 + e^x) without overflow: −log σ(z) = softplus(−z), −log(1 − σ(z)) = softplus(z). */
function softplus(x: number): number {
  return (x > 0 ? x : 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

const EPS = 1e-12;
const clamp = (h: number): number => Math.min(1 - EPS, Math.max(EPS, h));

/** One sample's cost (not divided by m, no λ term), as the engine computes it (losses.ts sampleCost). */
export function sampleCost(loss: string, g: string, z: number[], h: number[], y: number[]): number {
  let s = 0;
  if (loss === 'mse') {
    for (let k = 0; k < h.length; k++) s += 0.5 * (h[k] - y[k]) ** 2;
    return s;
  }
  if (g === 'softmax') {
    const max = Math.max(...z);
    const logSum = max + Math.log(z.reduce((acc, v) => acc + Math.exp(v - max), 0));
    for (let k = 0; k < z.length; k++) if (y[k] !== 0) s -= y[k] * (z[k] - logSum);
    return s;
  }
  for (let k = 0; k < h.length; k++) {
    if (g === 'sigmoid')
      s += (y[k] !== 0 ? y[k] * softplus(-z[k]) : 0) + (y[k] !== 1 ? (1 - y[k]) * softplus(z[k]) : 0);
    else s -= y[k] * Math.log(clamp(h[k])) + (1 - y[k]) * Math.log(1 - clamp(h[k]));
  }
  return s;
}

/** λ/(2m) Σ Θ² over every Θ but the bias column, and Σ Θ² itself. */
export function regularization(ctx: ExplainContext, m: number): { sumSq: number; term: number } {
  let sumSq = 0;
  for (let l = 1; l < ctx.sizes.length; l++)
    for (const row of frameTheta(ctx, l) ?? []) for (let i = 1; i < row.length; i++) sumSq += row[i] * row[i];
  return { sumSq, term: ctx.lambda === 0 ? 0 : (ctx.lambda / (2 * m)) * sumSq };
}

function generalLines(ctx: ExplainContext): string[] {
  const g = ctx.activations[ctx.sizes.length - 1];
  const h = '(h_\\Theta(x^{(t)}))_k';
  const reg =
    '\\dfrac{\\lambda}{2m} \\sum_{l=1}^{L-1} \\sum_{i=1}^{s_l} \\sum_{j=1}^{s_{l+1}} \\big(\\Theta^{(l)}_{ji}\\big)^2';
  if (ctx.loss === 'mse')
    return [
      `J(\\Theta) = \\dfrac{1}{2m} \\sum_{t=1}^{m} \\sum_{k=1}^{K} \\big(${h} - y^{(t)}_k\\big)^2 + ${reg}`,
    ];
  if (g === 'softmax')
    return [`J(\\Theta) = -\\dfrac{1}{m} \\sum_{t=1}^{m} \\sum_{k=1}^{K} y^{(t)}_k \\log ${h} + ${reg}`];
  return [
    `J(\\Theta) = -\\dfrac{1}{m} \\sum_{t=1}^{m} \\sum_{k=1}^{K} \\Big[y^{(t)}_k \\log ${h} + (1 - y^{(t)}_k) \\log\\big(1 - ${h}\\big)\\Big]`,
    `\\qquad + ${reg}`,
  ];
}

/** Every training sample's cost at the frame's Θ, when the frame carries every sample's activations. */
function costsOfAll(ctx: ExplainContext): { row: number; cost: number }[] | null {
  const table = ctx.frame?.table;
  const L = ctx.sizes.length;
  const th = frameTheta(ctx, L - 1);
  if (!table || !ctx.targets || !th) return null;
  const g = ctx.activations[L - 1] ?? 'sigmoid';
  const out: { row: number; cost: number }[] = [];
  for (let t = 0; t < table.a.length; t++) {
    if (ctx.isValidation?.[t]) continue;
    const prev = [1, ...(table.a[t][L - 2] ?? [])];
    const z = th.map((row) => row.reduce((s, w, k) => s + w * (prev[k] ?? 0), 0));
    const y = ctx.targets[t];
    if (!y) return null;
    out.push({ row: t, cost: sampleCost(ctx.loss, g, z, table.a[t][L - 1], y) });
  }
  return out;
}

/** The inspected sample's own term, written out for one output: −[y log h + (1 − y) log(1 − h)] or ½(h − y)². */
function sampleLine(ctx: ExplainContext, row: number, h: number[], y: number[], c: number): string {
  const name = `\\text{sample } i = ${row + 1}:\\ `;
  const g = ctx.activations[ctx.sizes.length - 1];
  if (h.length === 1 && ctx.loss === 'mse')
    return `${name}\\tfrac{1}{2}(${tex(h[0])} - ${tex(y[0])})^2 = ${tex(c)}`;
  if (h.length === 1 && g !== 'softmax')
    return `${name}-\\big[${tex(y[0])} \\log ${texFactor(h[0])} + ${tex(1 - y[0])} \\log (1 - ${texFactor(h[0])})\\big] = ${tex(c)}`;
  return `${name}\\text{its cost} = ${tex(c)}`;
}

export function explainJ(ctx: ExplainContext): Explanation {
  const J = ctx.frame?.J ?? null;
  const m = ctx.m;
  const L = ctx.sizes.length;
  const notes = [
    `J depends on every training sample (m = ${m ?? '?'}) and on every Θ: it is not a number of one sample.`,
    `Loss: ${ctx.loss === 'mse' ? 'the squared error (1/2m) Σ (h − y)²' : ctx.activations[L - 1] === 'softmax' ? 'cross-entropy over the softmax outputs' : 'cross-entropy (the lecture’s)'}; λ = ${fmt(ctx.lambda)}.`,
  ];
  if (ctx.frame && J === null)
    notes.push(
      'Training diverged: J is not a finite number (NaN or ±∞). Reset starts over from the initial Θ.',
    );
  const numeric: string[] = [];
  const links: ExplainLink[] = [];
  if (m !== null && m > 0) {
    const reg = regularization(ctx, m);
    const regLine =
      ctx.lambda === 0
        ? '0 \\quad (\\lambda = 0)'
        : `\\dfrac{${fmt(ctx.lambda)}}{2 \\cdot ${m}} \\cdot ${tex(reg.sumSq)} = ${tex(reg.term)}`;
    numeric.push(`\\dfrac{\\lambda}{2m} \\sum \\Theta^2 = ${regLine}`);
    const all = costsOfAll(ctx);
    if (all && all.length === m) {
      const sum = all.reduce((s, c) => s + c.cost, 0);
      const total = sum / m + reg.term;
      numeric.push(
        `J(\\Theta) = \\dfrac{1}{${m}} \\big(${texSum(all.length, (t) => tex(all[t].cost))}\\big) + ${tex(reg.term)}`,
        `\\phantom{J(\\Theta)} = ${tex(sum / m)} + ${tex(reg.term)} = ${tex(total)}`,
      );
      notes.push(
        `Each term is one training sample’s cost at the current Θ (samples ${all
          .map((c) => c.row + 1)
          .slice(0, 8)
          .join(', ')}${all.length > 8 ? ', …' : ''}).`,
      );
      if (J !== null && ctx.frame?.estimated === true)
        notes.push(
          `The status shows J ≈ ${fmt(J, 4)}: a running estimate (the mean of epoch ${ctx.frame.epoch}’s batch costs, each at the Θ of its batch, plus the λ term), because training at full speed evaluates J exactly only every few epochs. Pause for the exact J.`,
        );
      else if (J !== null && Math.abs(total - J) > 1e-6 * Math.max(1, Math.abs(J)))
        notes.push(
          `The status shows J = ${fmt(J, 4)}, evaluated at the end of epoch ${ctx.frame?.epoch ?? '?'}; Θ has changed since, so the sum at the current Θ differs.`,
        );
    } else if (J !== null) {
      const rel = ctx.frame?.estimated === true ? '\\approx' : '=';
      numeric.push(`J(\\Theta) ${rel} ${tex(J - reg.term)} + ${tex(reg.term)} ${rel} ${tex(J)}`);
      if (rel !== '=')
        notes.push(
          'J is a running estimate while training at full speed (the mean of the epoch’s batch costs, each at the Θ of its batch): pause for the exact J.',
        );
      notes.push(
        'The sum over the samples needs every sample’s h_Θ(x); the panel has them only for data sets of at most 16 samples, so the data term is shown as J minus the regularization term.',
      );
    }
  } else notes.push('The number of training samples m is not known yet.');
  const src = frameSource(ctx);
  const h = src?.a(L);
  const z = src?.z(L);
  if (src && h && z && src.y) {
    const c = sampleCost(ctx.loss, ctx.activations[L - 1] ?? 'sigmoid', z, h, src.y);
    numeric.push(sampleLine(ctx, src.row, h, src.y, c));
    notes.push(
      `${src.says} Its own cost is ${fmt(c, 4)}${src.y.length === 1 ? ` (h = ${fmt(h[0], 4)}, y = ${fmt(src.y[0])})` : ''}.`,
    );
    for (let k = 1; k <= Math.min(ctx.sizes[L - 1], 6); k++)
      links.push({ selection: { q: 'a', layer: L, unit: k }, role: 'input' });
  }
  notes.push(
    'The stepper does not compute J: the engine evaluates it on the training set at the end of each epoch.',
  );
  return { title: 'The cost J(Θ)', value: J, general: generalLines(ctx), numeric, notes, links, step: null };
}
