/**
 * The host's request/reply channel to a training worker (src/host/workerClient.ts), against the real worker loop
 * (src/worker/serve.ts) run in process: replies find their request by id whatever their order, a refused request says
 * why, a newer loss-surface request cancels the older one, and a stopped worker rejects every request still open.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNetwork } from '../../../src/format';
import type { FromWorker, NetworkSpec, WorkerReply } from '../../../src/protocol';
import { WorkerClient, WorkerRequestError } from '../../../src/host/workerClient';
import { startInProcess } from '../../../src/host/platform/inProcess';
import type { Platform } from '../../../src/host/platform/types';

function example(name: string): NetworkSpec {
  const parsed = parseNetwork(readFileSync(join(__dirname, '../../../../examples', name), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.spec;
}

/** A platform whose workers run the worker's own message loop in this process (what the web build falls back to). */
const inProcess: Platform = {
  kind: 'web',
  startWorker: (events) => Promise.resolve(startInProcess(events)),
  startChecker: () => {
    throw new Error('no checker in these tests');
  },
  liveWorkers: () => 0,
};

/** A client with XOR loaded; resolves once the worker is ready. */
async function loaded(spec = example('xor.nn.json')) {
  const messages: Exclude<FromWorker, WorkerReply>[] = [];
  const gone: string[] = [];
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const client = new WorkerClient({
    platform: inProcess,
    start: { maxOldGenerationSizeMb: 256, document: 'memory:/xor.nn.json' },
    stallMs: 60_000,
    expectsMessages: () => false,
    onMessage: (m) => {
      messages.push(m);
      if (m.type === 'ready') ready();
      if (m.type === 'frame') client.post({ type: 'ack', frameId: m.frame.frameId });
    },
    onGone: (reason) => gone.push(reason),
  });
  client.post({
    type: 'load',
    spec,
    files: {},
    frameRate: 30,
    inspected: 0,
    boundaryResolution: 8,
    pace: 'max',
  });
  await isReady;
  return { client, messages, gone, spec };
}

describe('the request/reply channel to the training worker', () => {
  it('answers each request under its own id, whatever else is open', async () => {
    const { client, spec } = await loaded();
    const [weights, check, again] = await Promise.all([
      client.request({ type: 'getWeights' }),
      client.request({ type: 'gradientCheck' }),
      client.request({ type: 'getWeights' }),
    ]);
    assert.equal(weights.length, spec.layers.length - 1, 'one Θ per layer transition');
    assert.equal(weights[0].length, spec.layers[1].units, 'Θ^(1) has s_2 rows');
    assert.equal(weights[0][0].length, spec.layers[0].units + 1, '… of s_1 + 1 columns (the bias first)');
    assert.deepEqual(again, weights, 'the same Θ twice: nothing trained in between');
    assert.equal(
      check.passed,
      true,
      `backprop agrees with central differences (${check.relativeDifference.join(', ')})`,
    );
    assert.equal(client.openRequests, 0);
    client.terminate();
  });

  it('a refused request rejects with the worker’s reason; a newer surface request cancels the older one', async () => {
    const { client } = await loaded();
    const bad = client.request({
      type: 'surface',
      request: {
        requestId: 1,
        axes: { kind: 'weights', a: { layer: 1, row: 9, col: 0 }, b: { layer: 1, row: 1, col: 0 } },
        resolution: 11,
        range: 1,
      },
    });
    await assert.rejects(
      bad,
      (e: unknown) => e instanceof WorkerRequestError && /row j must be 1\.\.2/.test(e.message),
    );
    const older = client.request({
      type: 'surface',
      request: { requestId: 2, axes: { kind: 'random', seed: 1 }, resolution: 101, range: 1 },
    });
    const newer = client.request({
      type: 'surface',
      request: { requestId: 3, axes: { kind: 'random', seed: 1 }, resolution: 5, range: 1 },
    });
    await assert.rejects(older, (e: unknown) => e instanceof WorkerRequestError && e.cancelled);
    const slice = await newer;
    assert.equal(slice.requestId, 3);
    assert.equal(slice.J.length, 5 * 5);
    client.terminate();
  });

  it('a worker stopped or restarted before it answers rejects every open request, saying so', async () => {
    const { client } = await loaded();
    const open = [
      client.request({ type: 'gradientCheck' }),
      client.request({
        type: 'surface',
        request: { requestId: 1, axes: { kind: 'random', seed: 1 }, resolution: 101, range: 1 },
      }),
    ];
    client.terminate('The training worker was restarted.');
    for (const p of open)
      await assert.rejects(
        p,
        (e: unknown) =>
          e instanceof WorkerRequestError &&
          /got no answer\. The training worker was restarted\./.test(e.message),
      );
    await assert.rejects(client.request({ type: 'getWeights' }), /not running/);
    assert.equal(client.openRequests, 0);
  });

  it('a request the worker does not answer in time is rejected with the time it waited', async () => {
    const { client } = await loaded();
    // A slice of 101 × 101 rows takes longer than a millisecond.
    const slow = client.request(
      {
        type: 'surface',
        request: { requestId: 1, axes: { kind: 'random', seed: 1 }, resolution: 101, range: 1 },
      },
      { timeoutMs: 1 },
    );
    await assert.rejects(slow, /The loss surface got no answer\. The training worker took longer than 1 ms/);
    client.terminate();
  });
});
