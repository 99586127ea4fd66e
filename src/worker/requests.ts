/**
 * The worker's end of the request/reply channel (src/protocol.ts WorkerRequest): every request is answered exactly once,
 * with its result or why there is none, under the request's `messageId`.
 */
import type { FromWorker, ToWorker, WorkerReplies } from '../protocol';
import { dataFilesFromBytes } from '../format';
import type { TrainingRun } from './run';
import { computeWorksheet } from './worksheetAnswers';
import { Refusal } from './refusal';

type Result = WorkerReplies[keyof WorkerReplies];

/** Answers `message` (from the loaded run where the request needs one) and sends the reply when it is known. */
export function answer(
  message: Extract<ToWorker, { type: 'request' }>,
  run: TrainingRun | null,
  send: (message: FromWorker) => void,
): void {
  const { messageId, request } = message;
  let result: Promise<Result>;
  try {
    if (request.type === 'worksheet')
      result = Promise.resolve(
        computeWorksheet(request.spec, dataFilesFromBytes(request.files), request.tolerance),
      );
    else if (!run) throw new Refusal(`The network is not loaded yet (got "${request.type}").`);
    else result = run.answer(request);
  } catch (e) {
    result = Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
  result.then(
    (r) => send({ type: 'reply', inReplyTo: messageId, ok: true, result: r }),
    (e: unknown) =>
      send({
        type: 'reply',
        inReplyTo: messageId,
        ok: false,
        error: e instanceof Error ? e.message : String(e),
        cancelled: e instanceof Refusal && e.cancelled,
      }),
  );
}
