/** The validation worker's entry under node:worker_threads (desktop VS Code, code-server): the only Node API it uses. */
import { parentPort } from 'node:worker_threads';
import { answer } from './check';
import type { CheckRequest } from './protocol';

parentPort?.on('message', (request: CheckRequest) => {
  const reply = answer(request);
  if (reply) parentPort?.postMessage(reply);
});
