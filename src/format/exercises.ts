/**
 * The optional top-level "exercises" of a .nn.json: a worksheet of questions whose answers the engine computes at the
 * file's Θ (never written in the file).
 *
 *   {"exercises": [
 *     {"quantity": "a", "layer": 2, "sample": 3, "unit": 1, "prompt": "What does hidden unit 1 output for x = (1, 0)?"},
 *     {"quantity": "delta", "layer": 3, "sample": 1},
 *     {"quantity": "D", "layer": 1, "unit": [2, 0]},
 *     {"quantity": "J"}
 *   ]}
 *
 * The schema checks the shape; the checks here (the engine's checkQuestion) say, at the exact field, what is out of
 * range for this network.
 */
import { checkQuestion } from '../engine/answers';
import { LIMITS } from './limits';
import { knownSampleCount } from './sampleCount';
import type { ExerciseQuantity, ExerciseSpec, NetworkSpec } from '../shared/spec';

/** The raw value of one exercise the schema lets through. */
export interface RawExercise {
  quantity: ExerciseQuantity;
  layer?: number;
  sample?: number;
  unit?: number | [number, number];
  prompt?: string;
}

/** A problem at a pointer below "/exercises". */
export interface ExerciseProblem {
  message: string;
  pointer: string;
}

export function normalizeExercises(raw: readonly RawExercise[] | undefined): ExerciseSpec[] {
  return (raw ?? []).map((e) => ({
    quantity: e.quantity,
    layer: e.layer ?? null,
    sample: e.sample ?? null,
    unit: e.unit ?? null,
    prompt: e.prompt ?? null,
  }));
}

/** Problems of the exercises against the network (its layers and, when known without reading files, its m). */
export function checkExercises(spec: NetworkSpec): ExerciseProblem[] {
  const exercises = spec.exercises ?? [];
  if (exercises.length > LIMITS.maxExercises) {
    return [
      {
        message: `a worksheet holds at most ${LIMITS.maxExercises} exercises; this one has ${exercises.length}`,
        pointer: '/exercises',
      },
    ];
  }
  const sizes = spec.layers.map((l) => l.units);
  const m = knownSampleCount(spec.data);
  const out: ExerciseProblem[] = [];
  exercises.forEach((e, k) => {
    const p = checkQuestion(e, sizes, m);
    if (!p) return;
    // The field at fault when it was written; the exercise itself when it is missing.
    const written = p.field === 'quantity' || e[p.field] !== null;
    out.push({
      message: `exercise ${k + 1}: ${p.message}`,
      pointer: written ? `/exercises/${k}/${p.field}` : `/exercises/${k}`,
    });
  });
  return out;
}
