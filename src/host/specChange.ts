/**
 * What a running session does when its document's text changes (pure, so it can be tested without VS Code).
 * - 'none': nothing that the session uses changed (formatting, name, description, exercises), or only
 *   "training.speed" (the session takes the pace from its spec at once).
 * - 'hyper': only α, λ, B or the optimizer changed: applied live, training goes on.
 * - 'ownSave': only "weights" changed, to the weights this session saved: nothing to do.
 * - 'reload': anything else (layers, data, loss, init, seed, weights typed by the user…): the session reloads.
 */
import type { Hyper, NetworkSpec } from '../protocol';

export type SpecChange =
  { kind: 'none' } | { kind: 'hyper'; hyper: Partial<Hyper> } | { kind: 'ownSave' } | { kind: 'reload' };

const HYPER_KEYS = ['learningRate', 'lambda', 'batchSize'] as const;

export function classifySpecChange(
  before: NetworkSpec,
  after: NetworkSpec,
  savedWeights: number[][][] | null,
): SpecChange {
  const strip = (s: NetworkSpec) => ({
    ...s,
    name: '',
    description: '',
    weights: null,
    exercises: [],
    training: { ...s.training, learningRate: 0, lambda: 0, batchSize: 0, optimizer: null, speed: undefined },
  });
  if (JSON.stringify(strip(before)) !== JSON.stringify(strip(after))) return { kind: 'reload' };
  // A new optimizer name is applied live with that optimizer's defaults (the parser fills them in, so its other fields
  // differ too); other fields changed under the same name reload.
  const nameChanged = before.training.optimizer.name !== after.training.optimizer.name;
  if (!nameChanged && JSON.stringify(before.training.optimizer) !== JSON.stringify(after.training.optimizer))
    return { kind: 'reload' };
  const weightsSame = JSON.stringify(before.weights) === JSON.stringify(after.weights);
  if (!weightsSame) {
    const own = savedWeights !== null && JSON.stringify(after.weights) === JSON.stringify(savedWeights);
    if (!own) return { kind: 'reload' };
  }
  const hyper: Partial<Hyper> = {};
  for (const k of HYPER_KEYS) if (before.training[k] !== after.training[k]) hyper[k] = after.training[k];
  if (nameChanged) hyper.optimizer = after.training.optimizer.name;
  if (Object.keys(hyper).length > 0) return { kind: 'hyper', hyper };
  return weightsSame ? { kind: 'none' } : { kind: 'ownSave' };
}
