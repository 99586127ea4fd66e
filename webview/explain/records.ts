/**
 * The stepper's records as a sample source (the numbers of the sample the stepper is on), and the search for the
 * record that computes a number (the "show in the stepper" link). Pure: no DOM.
 */
import type { StepRecord } from '../../src/protocol';
import { thetaFor } from '../views/stepEquations';
import { frameTheta, plainVector, type ExplainContext, type SampleSource, type StepTarget } from './context';

type Of<K extends StepRecord['kind']> = Extract<StepRecord, { kind: K }>;

function sampleOf(r: StepRecord | undefined): number | null {
  return r && 'sample' in r ? r.sample : null;
}

/** Indices of the records of the same sample loop as record k (same batch and sample). */
export function sameSample(records: StepRecord[], k: number): number[] {
  const r = records[k];
  const s = sampleOf(r);
  if (!r || s === null) return [];
  const batch = r.pos?.batch;
  const out: number[] = [];
  for (let q = 0; q < records.length; q++) {
    const o = records[q];
    if (sampleOf(o) === s && o.pos?.batch === batch && (!r.pos || o.pos?.i === r.pos.i)) out.push(q);
  }
  return out;
}

function find<K extends StepRecord['kind']>(
  records: StepRecord[],
  group: number[],
  kind: K,
  layer: number,
): [Of<K>, number] | null {
  for (const q of group) {
    const r = records[q];
    if (r.kind !== kind) continue;
    const l = r.kind === 'accumulate' ? r.thetaLayer : 'layer' in r ? r.layer : -1;
    if (l === layer) return [r as Of<K>, q];
  }
  return null;
}

/** The record computing a^(j), z^(j) or δ^(j) of the sample of record k, with its index. */
export function unitRecord(
  records: StepRecord[],
  k: number,
  q: 'a' | 'z' | 'delta',
  j: number,
): [StepRecord, number] | null {
  const group = sameSample(records, k);
  if (q === 'delta') return find(records, group, 'outputDelta', j) ?? find(records, group, 'hiddenDelta', j);
  if (j === 1) return find(records, group, 'input', 1);
  return find(records, group, 'forward', j);
}

/** The numbers of the sample of stepper record k; null when record k is not of one sample (D, the update). */
export function recordSource(ctx: ExplainContext, k: number): SampleSource | null {
  const { records } = ctx;
  const row = sampleOf(records[k]);
  if (row === null) return null;
  const L = ctx.sizes.length;
  const group = sameSample(records, k);
  const input = find(records, group, 'input', 1)?.[0] ?? null;
  const fwd = (j: number): Of<'forward'> | null => find(records, group, 'forward', j)?.[0] ?? null;
  const a = (j: number): number[] | null => {
    if (j === 1) return input?.x ?? null;
    const r = fwd(j);
    return r ? (j === L ? r.a.slice() : r.a.slice(1)) : null;
  };
  const delta = (j: number): number[] | null => {
    const r = find(records, group, 'outputDelta', j)?.[0] ?? find(records, group, 'hiddenDelta', j)?.[0];
    return r ? r.delta.slice() : null;
  };
  const out = find(records, group, 'outputDelta', L)?.[0];
  const pos = records[k].pos;
  const x = input?.x ?? null;
  return {
    row,
    step: k,
    says:
      `For sample i = ${row + 1}${x ? ` (x = ${plainVector(x)})` : ''}, as the stepper computed it` +
      (pos ? ` (sample ${pos.i} of the batch of m = ${pos.m}).` : '.'),
    x,
    y: out?.y ?? null,
    a,
    z: (j) => fwd(j)?.z.slice() ?? null,
    delta,
    theta: (l) =>
      thetaFor(records, k, l, {
        sizes: ctx.sizes,
        activations: ctx.activations,
        frameTheta: (t) => frameTheta(ctx, t),
      }),
  };
}

/** The record of `target` to show: of the target's sample when it has one, the newest such record otherwise. */
export function findStep(records: StepRecord[], target: StepTarget): number {
  let fallback = -1;
  for (let q = records.length - 1; q >= 0; q--) {
    const r = records[q];
    if (r.kind !== target.kind) continue;
    const layer =
      'thetaLayer' in r && r.kind !== 'forward' && r.kind !== 'hiddenDelta'
        ? r.thetaLayer
        : 'layer' in r
          ? r.layer
          : 0;
    if (layer !== target.layer) continue;
    if (target.sample === null || sampleOf(r) === target.sample) return q;
    if (fallback < 0) fallback = q;
  }
  return fallback;
}
