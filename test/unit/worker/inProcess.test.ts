/**
 * The training worker's loop without a worker: where a browser cannot start a Web Worker, the web extension host runs
 * src/worker/serve.ts in its own thread (src/host/platform/inProcess.ts). The same protocol, the same frames.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNetwork } from '../../../src/format';
import type { Frame, FromWorker } from '../../../src/protocol';
import { startInProcess } from '../../../src/host/platform/inProcess';
import { nextTurn } from '../../../src/worker/immediate';

const root = join(__dirname, '..', '..', '..', '..');

/** Resolves with what `read` finds, polled every millisecond, or fails naming `what` after 60 s. */
function waitFor<T>(read: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  return new Promise((resolve, reject) => {
    const check = () => {
      const v = read();
      if (v !== undefined) resolve(v);
      else if (Date.now() > deadline) reject(new Error(`no ${what} within 60 s`));
      else setTimeout(check, 1);
    };
    check();
  });
}

describe('the training loop in the extension host (no worker)', () => {
  it('loads, trains, streams frames and stops on terminate', async () => {
    const parsed = parseNetwork(readFileSync(join(root, 'examples', 'xor.nn.json'), 'utf8'));
    assert.ok(parsed.ok);
    const received: FromWorker[] = [];
    const gone: string[] = [];
    // Every frame is acknowledged on receipt, as the host does (the worker sends the next one only then).
    const port = startInProcess({
      message: (m) => {
        received.push(m);
        if (m.type === 'frame') port.post({ type: 'ack', frameId: m.frame.frameId });
      },
      gone: (r) => gone.push(r),
    });
    port.post({
      type: 'load',
      spec: parsed.spec,
      files: {},
      frameRate: 60,
      inspected: 1,
      boundaryResolution: 8,
      pace: 'max',
    });
    await waitFor(() => received.find((m) => m.type === 'ready'), "'ready'");
    port.post({ type: 'start' });
    const trained = await waitFor(
      () =>
        received.find((m): m is { type: 'frame'; frame: Frame } => m.type === 'frame' && m.frame.epoch > 0),
      'frame of a trained epoch',
    );
    assert.ok(trained.frame.J > 0 && Number.isFinite(trained.frame.J));

    port.terminate();
    const count = received.length;
    // Let every pending turn of the loop run: nothing more arrives after terminate.
    for (let i = 0; i < 20; i++) await new Promise<void>((r) => nextTurn(r));
    await new Promise<void>((r) => setTimeout(r, 0));
    assert.equal(received.length, count, 'no message after terminate');
    assert.deepEqual(gone, []);
  });
});
