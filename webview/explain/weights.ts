/**
 * Explanations of a weight Θ^(l)_{ji}, its gradient D^(l)_{ji} and its last change (lecture, "Back propagation
 * algorithm"): D_{ji} = Δ_{ji}/m + (λ/m) Θ_{ji} off the bias column (i ≠ 0), D_{j0} = Δ_{j0}/m, and the update
 * Θ := Θ − αD. The slide prints "+ λΘ"; the derivative of (λ/2m) Σ Θ² is (λ/m) Θ, which is what the engine computes.
 * D and the update come from the last batch: they depend on all of its samples, not on the inspected one. Pure.
 */
import { fmt, sub, sup, texEntry } from '../notation';
import { frameSource, type ExplainContext, type ExplainLink, type Explanation } from './context';
import { selectionLabel } from './selection';
import { tex, texFactor, texUnit } from './terms';

interface Entry {
  l: number;
  j: number;
  i: number;
}

function at(ctx: ExplainContext, m: ArrayLike<number>[] | null | undefined, e: Entry): number | null {
  const cols = ctx.sizes[e.l - 1] + 1;
  const v = m?.[e.l - 1]?.[(e.j - 1) * cols + e.i];
  return v === undefined ? null : v;
}

/** The m of D's 1/m: the batch's size, with what is known about it. */
export function batchM(ctx: ExplainContext): { m: number | null; note: string } {
  const m = ctx.m;
  const B = ctx.batchSize;
  if (m === null) return { m: null, note: 'The number of training samples m is not known yet.' };
  if (B <= 0 || B >= m) return { m, note: `m = ${m}: every training sample (full batch).` };
  const rest = m % B;
  return {
    m: B,
    note:
      `m = ${B}, the batch size` +
      (rest
        ? ` (the last batch of an epoch has ${rest} sample${rest === 1 ? '' : 's'}, and then m = ${rest}).`
        : '.'),
  };
}

const SLIDE_NOTE =
  'The slide prints “+ λΘ”; the derivative of the regularization term (λ/2m) Σ Θ² is (λ/m) Θ, which is what is computed here (so D = ∂J/∂Θ holds).';

function values(
  ctx: ExplainContext,
  e: Entry,
): { theta: number | null; D: number | null; change: number | null; before: number | null } {
  const theta = at(ctx, ctx.frame?.theta, e);
  const D = at(ctx, ctx.frame?.D, e);
  const change = at(ctx, ctx.frame?.update, e);
  const before = theta !== null && change !== null ? theta - change : null;
  return { theta, D, change, before };
}

export function explainD(ctx: ExplainContext, e: Entry): Explanation {
  const { l, j, i } = e;
  const v = values(ctx, e);
  const D = texEntry('D', l, j, i);
  const Delta = texEntry('\\Delta', l, j, i);
  const Th = texEntry('\\Theta', l, j, i);
  const reg = i !== 0;
  const general = [
    reg
      ? `${D} = \\dfrac{1}{m} ${Delta} + \\dfrac{\\lambda}{m} ${Th} \\quad (i \\neq 0)`
      : `${D} = \\dfrac{1}{m} ${Delta} \\quad (i = 0,\\ \\text{the bias column is not regularized})`,
    `${Delta} = \\sum_{t=1}^{m} ${texUnit(l, i)}^{(t)}\\, \\delta^{(${l + 1})(t)}_{${j}}, \\qquad \\dfrac{\\partial J(\\Theta)}{\\partial ${Th}} = ${D}`,
  ];
  const { m, note } = batchM(ctx);
  const notes = [
    'D depends on the whole batch, not on one sample: Δ sums the term a δ of each of its m samples.',
    note,
  ];
  if (reg && ctx.lambda !== 0) notes.push(SLIDE_NOTE);
  const numeric: string[] = [];
  if (v.D === null)
    notes.push('No gradient yet: D appears after the first update (or step through it in the stepper).');
  else if (m !== null) {
    const lam = reg ? ctx.lambda : 0;
    const th = v.before ?? v.theta;
    if (th !== null) {
      const regTerm = (lam / m) * th;
      const dm = v.D - regTerm;
      numeric.push(
        lam !== 0
          ? `${D} = \\dfrac{1}{${m}} ${Delta} + \\dfrac{${fmt(lam)}}{${m}} \\cdot ${texFactor(th)} = ${tex(dm)} + ${texFactor(regTerm)} = ${tex(v.D)}`
          : `${D} = \\dfrac{1}{${m}} ${Delta} = ${tex(v.D)}`,
        `${Delta} = ${m} \\cdot ${texFactor(dm)} = ${tex(dm * m)} \\quad (\\text{from } D)`,
      );
      notes.push(
        `Θ here is the weight before the last update (${fmt(th, 4)}), which D was computed at.`,
        'The panel has the forward and backward pass of the inspected sample only, not of every sample of the batch, so it cannot show Δ’s sum term by term: Δ is derived from D. The stepper’s “accumulate Δ” steps show each sample’s term.',
      );
    }
  }
  const links: ExplainLink[] = [{ selection: { q: 'theta', layer: l, row: j, col: i }, role: 'input' }];
  if (frameSource(ctx)) {
    links.push({ selection: { q: 'delta', layer: l + 1, unit: j }, role: 'input' });
    if (i > 0) links.push({ selection: { q: 'a', layer: l, unit: i }, role: 'input' });
  }
  links.push({ selection: { q: 'update', layer: l, row: j, col: i }, role: 'used-in' });
  return {
    title: `Gradient ${selectionLabel({ q: 'D', layer: l, row: j, col: i })} of the last update`,
    value: v.D,
    general,
    numeric,
    notes,
    links,
    step: {
      kind: 'gradient',
      layer: l,
      sample: null,
      label: `the gradient D${sup(`(${l})`)} after the loop`,
    },
  };
}

/** Θ_after = Θ_before − α D for plain gradient descent; other optimizers scale the step from running averages. */
function updateLines(
  ctx: ExplainContext,
  e: Entry,
  lhs: string,
): { general: string[]; numeric: string[]; notes: string[] } {
  const v = values(ctx, e);
  const D = texEntry('D', e.l, e.j, e.i);
  const Th = texEntry('\\Theta', e.l, e.j, e.i);
  const gd = ctx.optimizer === 'gd';
  const general = gd
    ? [`${Th} := ${Th} - \\alpha\\, ${D}`]
    : [`${Th} := ${Th} - \\alpha \\cdot (\\text{${ctx.optimizer} step from } ${D})`];
  const notes: string[] = [];
  const numeric: string[] = [];
  if (v.change === null || v.before === null || v.theta === null) {
    notes.push(
      'No update yet: Θ is still its initial value (the file’s weights or the seeded initialization).',
    );
    return { general, numeric, notes };
  }
  if (gd && v.D !== null) {
    const step = -ctx.alpha * v.D;
    if (lhs === 'change')
      numeric.push(`\\Delta${Th} = -${fmt(ctx.alpha)} \\cdot ${texFactor(v.D)} = ${tex(step)}`);
    numeric.push(
      `${Th} := ${tex(v.before)} - ${fmt(ctx.alpha)} \\cdot ${texFactor(v.D)} = ${tex(v.before + step)}`,
    );
    if (Math.abs(step - v.change) > 1e-9 + 1e-6 * Math.abs(v.change))
      notes.push(
        `The recorded change was ${fmt(v.change, 4)}, not −αD: α = ${fmt(ctx.alpha)} may have been changed since that update.`,
      );
  } else {
    numeric.push(`${Th} := ${tex(v.before)} + ${texFactor(v.change)} = ${tex(v.theta)}`);
    if (!gd)
      notes.push(
        `The ${ctx.optimizer} optimizer scales each weight’s step from D and its running averages, which the panel does not have; it shows the change made.`,
      );
  }
  notes.push(
    `α = ${fmt(ctx.alpha)} is the learning rate. One update per batch: it depends on the whole batch through D.`,
  );
  return { general, numeric, notes };
}

export function explainUpdate(ctx: ExplainContext, e: Entry): Explanation {
  const v = values(ctx, e);
  const u = updateLines(ctx, e, 'change');
  const Th = texEntry('\\Theta', e.l, e.j, e.i);
  return {
    title: `Last change of ${selectionLabel({ q: 'theta', layer: e.l, row: e.j, col: e.i })}`,
    value: v.change,
    general: [
      ...u.general,
      `\\Delta${Th} = ${Th}_{\\text{after}} - ${Th}_{\\text{before}}${ctx.optimizer === 'gd' ? ` = -\\alpha\\, ${texEntry('D', e.l, e.j, e.i)}` : ''}`,
    ],
    numeric: u.numeric,
    notes: u.notes,
    links: [
      { selection: { q: 'D', layer: e.l, row: e.j, col: e.i }, role: 'input' },
      { selection: { q: 'theta', layer: e.l, row: e.j, col: e.i }, role: 'used-in' },
    ],
    step: { kind: 'update', layer: e.l, sample: null, label: `the update of Θ${sup(`(${e.l})`)}` },
  };
}

export function explainTheta(ctx: ExplainContext, e: Entry): Explanation {
  const { l, j, i } = e;
  const v = values(ctx, e);
  const u = updateLines(ctx, e, 'theta');
  const Th = texEntry('\\Theta', l, j, i);
  const general = [...u.general, `z^{(${l + 1})}_{${j}} = \\cdots + ${Th}\\, ${texUnit(l, i)} + \\cdots`];
  const numeric = [...u.numeric];
  const src = frameSource(ctx);
  const ai = i === 0 ? 1 : (src?.a(l)?.[i - 1] ?? null);
  if (v.theta !== null && ai !== null)
    numeric.push(
      `${Th}\\, ${texUnit(l, i)} = ${texFactor(v.theta)} \\cdot ${texFactor(ai)} = ${tex(v.theta * ai)}`,
    );
  const from = i === 0 ? `the bias unit of layer ${l}` : `unit ${i} of layer ${l}`;
  const links: ExplainLink[] = [
    { selection: { q: 'D', layer: l, row: j, col: i }, role: 'input' },
    { selection: { q: 'update', layer: l, row: j, col: i }, role: 'input' },
    { selection: { q: 'z', layer: l + 1, unit: j }, role: 'used-in' },
  ];
  if (i > 0) links.push({ selection: { q: 'a', layer: l, unit: i }, role: 'used-in' });
  return {
    title: `Weight ${selectionLabel({ q: 'theta', layer: l, row: j, col: i })}: from ${from} to unit ${j} of layer ${l + 1}`,
    value: v.theta,
    general,
    numeric,
    notes: [
      `Θ${sup(`(${l})`)} is ${ctx.sizes[l]} × ${ctx.sizes[l - 1] + 1} (s${sub(l + 1)} × (s${sub(l)} + 1), bias column first): row j = ${j} is unit ${j} of layer ${l + 1}, column i = ${i} is ${from}.`,
      ...u.notes,
      ...(src ? [`Its term in z uses ${src.says.charAt(0).toLowerCase()}${src.says.slice(1)}`] : []),
    ],
    links,
    step: { kind: 'update', layer: l, sample: null, label: `the update of Θ${sup(`(${l})`)}` },
  };
}
