/**
 * The answers of a worksheet (a .nn.json's "exercises"): the engine's answers module (src/engine/answers.ts) at the
 * file's Θ (or the seeded init), loss and λ, on all its samples. The training worker answers a "worksheet" request
 * with it (src/worker/requests.ts).
 */
import { Random, answerQuestion, checkQuestion, createNetwork } from '../engine';
import { DatasetError, loadDataset, type DataFiles, type Dataset, type NetworkSpec } from '../format';
import type { WorksheetInfo, WorksheetItem } from '../protocol';

/** The answers of every exercise; never throws (a problem is reported per item or for the whole sheet). */
export function computeWorksheet(spec: NetworkSpec, files: DataFiles, tolerance: number): WorksheetInfo {
  const exercises = spec.exercises ?? [];
  const lambda = spec.training.lambda;
  const base = { tolerance, lambda, seededInit: spec.weights === null };
  const unanswered = (error: string): WorksheetInfo => ({
    ...base,
    m: null,
    error,
    items: exercises.map((exercise) => ({ exercise, value: null, worked: null, problem: error })),
  });
  let data: Dataset;
  try {
    data = loadDataset(spec, files);
  } catch (e) {
    const why = e instanceof DatasetError ? e.message : String(e);
    return unanswered(`the data could not be loaded, so there are no answers: ${why}`);
  }
  const net = createNetwork(
    spec.layers,
    spec.weights,
    spec.training.init,
    Random.derive(spec.training.seed, 'init'),
  );
  const items = exercises.map((exercise, k): WorksheetItem => {
    const problem = checkQuestion(exercise, net.sizes, data.m);
    if (problem)
      return { exercise, value: null, worked: null, problem: `exercise ${k + 1}: ${problem.message}` };
    try {
      const a = answerQuestion(net, data, spec.loss, lambda, exercise);
      return { exercise, value: a.value, worked: a.worked, problem: null };
    } catch (e) {
      return { exercise, value: null, worked: null, problem: `exercise ${k + 1}: ${String(e)}` };
    }
  });
  return { ...base, m: data.m, error: null, items };
}
