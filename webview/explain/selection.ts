/**
 * What the student selected to explain: one number of the panel, named in the lecture's 1-based indices.
 *
 * - a, z, δ: unit i of layer j (a_i^(j), z_i^(j), δ_i^(j)); layer 1 is x (a^(1) = x, no z or δ there).
 * - Θ, D, update, Δ: the entry in row j (1-based, unit j of layer l+1) and column i (0 = bias) of Θ^(l), its gradient
 *   D^(l), its last change, and the stepper's accumulator Δ^(l).
 * - J: the cost J(Θ).
 * `step` is the index of a stepper record the number was read from (the stepper's sample); without it a, z and δ are
 * the inspected sample's (the frame's). Δ only exists in the stepper, so it always has a step.
 */
import { sub, sup } from '../notation';

export type UnitQuantity = 'a' | 'z' | 'delta';
export type EntryQuantity = 'theta' | 'D' | 'update';

export type Selection =
  | { q: UnitQuantity; layer: number; unit: number; step?: number }
  | { q: EntryQuantity; layer: number; row: number; col: number }
  | { q: 'Delta'; layer: number; row: number; col: number; step: number }
  | { q: 'J' };

/** The quantity's name in plain Unicode text, for buttons, breadcrumbs and accessible names: a₂⁽²⁾, Θ₂₁⁽¹⁾, J(Θ). */
export function selectionLabel(s: Selection): string {
  switch (s.q) {
    case 'J':
      return 'J(Θ)';
    case 'a':
      return s.layer === 1 ? `x${sub(s.unit)}` : `a${sub(s.unit)}${sup(`(${s.layer})`)}`;
    case 'z':
      return `z${sub(s.unit)}${sup(`(${s.layer})`)}`;
    case 'delta':
      return `δ${sub(s.unit)}${sup(`(${s.layer})`)}`;
    default: {
      const symbol = { theta: 'Θ', D: 'D', update: 'ΔΘ', Delta: 'Δ' }[s.q];
      const sep = s.row >= 10 || s.col >= 10 ? ',' : '';
      return `${symbol}${sub(s.row)}${sep}${sub(s.col)}${sup(`(${s.layer})`)}`;
    }
  }
}

/** The same name as KaTeX source: a^{(2)}_{2}, \Theta^{(1)}_{21}, \Delta\Theta…, J(\Theta). */
export function selectionTex(s: Selection): string {
  switch (s.q) {
    case 'J':
      return 'J(\\Theta)';
    case 'a':
      return s.layer === 1 ? `x_{${s.unit}}` : `a^{(${s.layer})}_{${s.unit}}`;
    case 'z':
      return `z^{(${s.layer})}_{${s.unit}}`;
    case 'delta':
      return `\\delta^{(${s.layer})}_{${s.unit}}`;
    default: {
      const sep = s.row >= 10 || s.col >= 10 ? ',' : '';
      const idx = `_{${s.row}${sep}${s.col}}`;
      if (s.q === 'theta') return `\\Theta^{(${s.layer})}${idx}`;
      if (s.q === 'D') return `D^{(${s.layer})}${idx}`;
      if (s.q === 'Delta') return `\\Delta^{(${s.layer})}${idx}`;
      return `\\Delta\\Theta^{(${s.layer})}${idx}`;
    }
  }
}

/** A stable key (equality of selections, test ids). */
export function selectionKey(s: Selection): string {
  switch (s.q) {
    case 'J':
      return 'J';
    case 'a':
    case 'z':
    case 'delta':
      return `${s.q}:${s.layer}:${s.unit}${s.step !== undefined ? `@${s.step}` : ''}`;
    case 'Delta':
      return `Delta:${s.layer}:${s.row}:${s.col}@${s.step}`;
    default:
      return `${s.q}:${s.layer}:${s.row}:${s.col}`;
  }
}

/** Why a selection does not fit the network (sizes s_1 … s_L), or null when it does. */
export function selectionProblem(s: Selection, sizes: readonly number[]): string | null {
  const L = sizes.length;
  if (s.q === 'J') return L >= 2 ? null : 'the network has no layers yet';
  if ('unit' in s) {
    const min = s.q === 'a' ? 1 : 2;
    if (!Number.isInteger(s.layer) || s.layer < min || s.layer > L)
      return `${s.q === 'delta' ? 'δ' : s.q} exists for layers ${min} … ${L}, not layer ${s.layer}`;
    const n = sizes[s.layer - 1];
    if (!Number.isInteger(s.unit) || s.unit < 1 || s.unit > n)
      return `layer ${s.layer} has units 1 … ${n}, not ${s.unit}`;
    return null;
  }
  if (!Number.isInteger(s.layer) || s.layer < 1 || s.layer >= L)
    return `Θ^(l) exists for l = 1 … ${L - 1}, not l = ${s.layer}`;
  const rows = sizes[s.layer];
  const cols = sizes[s.layer - 1] + 1;
  if (!Number.isInteger(s.row) || s.row < 1 || s.row > rows) return `row j is 1 … ${rows}, not ${s.row}`;
  if (!Number.isInteger(s.col) || s.col < 0 || s.col >= cols)
    return `column i is 0 … ${cols - 1}, not ${s.col}`;
  return null;
}
