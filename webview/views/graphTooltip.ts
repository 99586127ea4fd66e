/** The graph's hover texts: a unit's z, a and δ, or a weight's Θ, D and last update, in the lecture's notation. */
import type cytoscape from 'cytoscape';
import type { ViewFrame } from '../../src/protocol';
import { fmt, sub, sup, thetaLabel, unitLabel } from '../notation';
import type { Topology } from './graphScene';

/** Tooltip text: the unit's z, a, δ, or the weight's Θ, D and last update. */
export function describeElement(
  ele: cytoscape.SingularElementArgument,
  f: ViewFrame | null,
  t: Topology | null,
): string {
  const d = ele.data() as { layer?: number; unit?: number; t?: number; row?: number; col?: number };
  if (!t) return '';
  if (ele.isNode()) {
    const layer = d.layer ?? 1;
    const unit = d.unit ?? 0;
    if (unit === 0) return `+1: bias unit ${unitLabel(layer, 0)} = 1 (layer ${layer})`;
    if (unit === -1) {
      const ins = f?.inspected;
      return `Input x of sample ${ins ? ins.index + 1 : '—'}: ${t.imageShape?.[1]}×${t.imageShape?.[0]} = ${t.sizes[0]} pixels x₁…x${t.sizes[0]}`;
    }
    const lines = [`${unitLabel(layer, unit)} — unit ${unit} of layer ${layer}`];
    const ins = f?.inspected;
    if (ins) {
      const l = layer - 1;
      if (l > 0) lines.push(`z${sub(unit)}${sup(`(${layer})`)} = ${fmt(ins.z[l - 1]?.[unit - 1] ?? NaN, 4)}`);
      lines.push(
        `${layer === 1 ? 'x' : 'a'}${sub(unit)}${layer === 1 ? '' : sup(`(${layer})`)} = ${fmt(ins.a[l]?.[unit - 1] ?? NaN, 4)}`,
      );
      if (l > 0 && ins.delta[l - 1])
        lines.push(`δ${sub(unit)}${sup(`(${layer})`)} = ${fmt(ins.delta[l - 1][unit - 1], 4)}`);
      lines.push(`(sample ${ins.index + 1})`);
    } else lines.push('No inspected sample yet.');
    const l = layer - 1;
    if (l > 0 && f?.dropped?.[l - 1]?.[unit - 1] === 1) lines.push('Dropped by dropout in the last step.');
    return lines.join('\n');
  }
  const t0 = d.t ?? 0;
  const row = d.row ?? 0;
  const col = d.col ?? 0;
  const l = t0 + 1;
  const cols = t.sizes[t0] + 1;
  if (col === -1) {
    const th = f?.theta[t0];
    let ss = 0;
    if (th) for (let i = 1; i < cols; i++) ss += th[row * cols + i] ** 2;
    const rms = Math.sqrt(ss / (cols - 1));
    const ins = f?.inspected;
    let s = NaN;
    if (th && ins) {
      s = 0;
      for (let i = 1; i < cols; i++) s += th[row * cols + i] * ins.x[i - 1];
    }
    return [
      `${cols - 1} weights ${thetaLabel(l, row + 1, 1)} … ${thetaLabel(l, row + 1, cols - 1)} into ${unitLabel(l + 1, row + 1)}`,
      `Σᵢ Θ${sub(row + 1)}ᵢ${sup(`(${l})`)} xᵢ = ${fmt(s, 4)} (the picture's part of z${sub(row + 1)}${sup(`(${l + 1})`)})`,
      `RMS of the row: ${fmt(rms, 4)}`,
    ].join('\n');
  }
  const at = row * cols + col;
  const lines = [
    `${thetaLabel(l, row + 1, col)} = ${fmt(f?.theta[t0]?.[at] ?? NaN, 4)}`,
    `from ${col === 0 ? `bias +1 (${unitLabel(l, 0)})` : unitLabel(l, col)} to ${unitLabel(l + 1, row + 1)}`,
  ];
  if (f?.D) lines.push(`${thetaLabel(l, row + 1, col, 'D')} = ${fmt(f.D[t0][at], 4)}`);
  if (f?.update) lines.push(`last update: ${fmt(f.update[t0][at], 4)}`);
  return lines.join('\n');
}
