/**
 * The sentences of the activations panel, chosen so that they agree with the loss and the output actually in use
 * (the stepper's δ rules, src/engine/losses.ts outputRule):
 *   hidden layer j:                      δ^(j) = (Θ^(j))ᵀ δ^(j+1) .* g'(z^(j))  → saturated units learn slowly;
 *   output, cross-entropy with sigmoid:  δ^(L) = a^(L) − y                      → g' cancels, no slow-down;
 *   output, cross-entropy with softmax:  δ^(L) = a^(L) − y                      → the Jacobian cancels;
 *   output, squared error:               δ^(L) = (a^(L) − y) .* g'(z^(L))       → saturated outputs learn slowly.
 */
import { sup } from '../notation';

export interface NoteInput {
  /** g of the layer. */
  name: string;
  /** The lecture's layer j (2 … L) and L. */
  layer: number;
  L: number;
  loss: string;
  /** Units of the inspected sample in the shaded (flat) region, and the layer's s_j. */
  saturated: number;
  units: number;
}

/** Whether g′ scales this layer's δ, so its flat region is where learning slows (and is shaded). */
export function saturationSlows(name: string, layer: number, L: number, loss: string): boolean {
  if (name === 'linear') return false;
  if (layer < L) return true;
  if (loss === 'cross-entropy' && (name === 'sigmoid' || name === 'softmax')) return false;
  return true;
}

export function activationNote(o: NoteInput): string {
  const j = sup(`(${o.layer})`);
  const units = `${o.saturated} of ${o.units} unit${o.units === 1 ? '' : 's'}`;
  if (o.name === 'linear') return `z${j} of the inspected sample marked; g′(z) = 1 never saturates.`;
  if (o.name === 'softmax') {
    const head = `Softmax couples the outputs: each a${j} depends on every z${j}, so there is no curve g(z) per unit. The bars are this sample’s output vector (they add up to 1); the dashed box is y.`;
    return o.loss === 'cross-entropy'
      ? `${head} With cross-entropy, δ${j} = a${j} − y: the Jacobian ∂a/∂z cancels, so a confident wrong output still gets the whole error.`
      : `${head} With the squared error, δ${j} = (∂a/∂z)ᵀ (a${j} − y): when one output nears 1 the Jacobian nears 0 and learning slows.`;
  }
  if (o.layer < o.L)
    return `${units} saturated for this sample (g′(z) < 10 % of its peak, shaded): δ${j} = (Θ${j})ᵀ δ${sup(`(${o.layer + 1})`)} .* g′(z${j}) is scaled down, so they learn slowly.`;
  if (!saturationSlows(o.name, o.layer, o.L, o.loss))
    return `Output layer, cross-entropy: δ${j} = a${j} − y, so g′(z) cancels and a saturated output that is wrong still gets the whole error; saturation does not slow the output layer (${units} in the flat part of g for this sample).`;
  return `${units} saturated for this sample (shaded): with ${o.loss === 'mse' ? 'the squared error' : 'this cost'}, δ${j} = (a${j} − y) .* g′(z${j}) is scaled down, so saturated outputs learn slowly.`;
}
