/**
 * The validation worker's entry as a Web Worker (the browser build, vscode.dev), started from a Blob URL of the bundle.
 * Built as dist/web/checker.js and started by src/host/platform/web.ts; nothing but this adapter differs from node.ts.
 */
import { answer } from './check';
import type { CheckReply, CheckRequest } from './protocol';

const scope = globalThis as unknown as {
  onmessage: ((event: { data: CheckRequest }) => void) | null;
  postMessage(message: CheckReply): void;
};
scope.onmessage = (event) => {
  const reply = answer(event.data);
  if (reply) scope.postMessage(reply);
};
