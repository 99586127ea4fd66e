// The validation worker and its client (issue 16): documents are parsed in a worker_threads Worker, the newest text of a
// document replaces a waiting older one, a stopped or stuck worker fails the request with a message and is restarted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CheckClient } from '../../../src/check/client';
import { startNodeWorker } from '../../../src/check/nodePort';
import type { CheckReply, CheckRequest, WorkerPort } from '../../../src/check/protocol';

const root = resolve(__dirname, '..', '..', '..', '..');
const script = resolve(__dirname, '..', '..', '..', 'src', 'check', 'node.js');
const xor = readFileSync(resolve(root, 'examples', 'xor.nn.json'), 'utf8');

test('a document is parsed and validated in the worker, with located errors', async () => {
  const client = new CheckClient(() => startNodeWorker(script));
  try {
    const ok = await client.parse('xor', [xor.slice(0, 100), xor.slice(100)]);
    assert.equal(ok?.ok, true);
    const broken = xor.replace('"loss": "cross-entropy",', '"loss": "cross-entropy"');
    const bad = await client.parse('xor', [broken]);
    assert.equal(bad?.ok, false);
    const first = bad && !bad.ok ? bad.errors[0] : null;
    assert.equal(first?.line, broken.slice(0, broken.indexOf('"data"')).split('\n').length);
    assert.equal(bad && !bad.ok ? bad.syntax : undefined, true, 'marked as a JSON syntax error');
    const where = await client.locate(xor, ['/training/learningRate', '/nowhere/at/all']);
    assert.equal(where[0]?.offset, xor.indexOf('2', xor.indexOf('"learningRate"') + 15));
    assert.ok(where[1], 'a missing pointer is located at its deepest existing ancestor');
  } finally {
    client.dispose();
  }
});

test('the newest text of a document replaces a waiting older one; other documents keep their turn', async () => {
  const client = new CheckClient(() => startNodeWorker(script));
  try {
    const texts = [1, 2, 3].map((n) => xor.replace('"learningRate": 2', `"learningRate": ${n}`));
    const first = client.parse('a', [texts[0]]); // in flight
    const second = client.parse('a', [texts[1]]); // waiting, then replaced
    const other = client.parse('b', [texts[1]]);
    const third = client.parse('a', [texts[2]]);
    const [r1, r2, rb, r3] = await Promise.all([first, second, other, third]);
    assert.equal(r2, null, 'the replaced text is never checked');
    assert.equal(r1?.ok && r1.spec.training.learningRate, 1);
    assert.equal(rb?.ok && rb.spec.training.learningRate, 2);
    assert.equal(r3?.ok && r3.spec.training.learningRate, 3);
    assert.equal(client.answered, 3);
  } finally {
    client.dispose();
  }
});

/** A port whose worker never answers and can be made to stop. */
function silentPort(): WorkerPort & { exit(why: string): void; posted: CheckRequest[] } {
  let onExit: (why: string) => void = () => undefined;
  const posted: CheckRequest[] = [];
  return {
    posted,
    post: (m) => void posted.push(m),
    onMessage: (_listener: (m: CheckReply) => void) => undefined,
    onExit: (l) => void (onExit = l),
    terminate: () => undefined,
    exit: (why) => onExit(why),
  };
}

test('a worker that stops fails its request with the reason, and the next request starts a new one', async () => {
  const ports: ReturnType<typeof silentPort>[] = [];
  const client = new CheckClient(() => {
    const p = silentPort();
    ports.push(p);
    return p;
  });
  const pending = client.parse('a', [xor]);
  ports[0].exit('the validation worker ran out of memory');
  const r = await pending;
  assert.equal(r?.ok, false);
  assert.match(
    r && !r.ok ? r.errors[0].message : '',
    /could not be checked: the validation worker ran out of memory/,
  );
  void client.parse('a', [xor]);
  assert.equal(ports.length, 2, 'a fresh worker was started');
  client.dispose();
});

test('a request the worker does not answer in time fails, and the worker is replaced', async () => {
  const ports: ReturnType<typeof silentPort>[] = [];
  const client = new CheckClient(() => {
    const p = silentPort();
    ports.push(p);
    return p;
  }, 50);
  const r = await client.parse('a', [xor]);
  assert.match(r && !r.ok ? r.errors[0].message : '', /took longer than 0 s and was stopped/);
  void client.parse('a', [xor]);
  assert.equal(ports.length, 2);
  client.dispose();
});
