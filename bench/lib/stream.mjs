// The training worker driven as src/host/session.ts drives it (node:worker_threads: post 'load', then 'start' when it
// is 'ready', and 'ack' every frame), with frames streamed to a consumer. Measures training throughput from the
// frames' iteration counters, and memory (RSS of the process, which includes the worker, and the heaps).
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { mnistDir } from './training.mjs';
import { loadEngine, root } from './bundle.mjs';

/**
 * Starts a worker on `spec` at `frameRate` and resolves once it is training. `onFrame(frame, receivedAt)` is called
 * for every frame; the worker is acknowledged right after it returns, as the host does on receipt.
 */
export async function startWorker(workerFile, spec, frameRate, onFrame = () => {}) {
  const worker = new Worker(workerFile, { resourceLimits: { maxOldGenerationSizeMb: 1024 } });
  const errors = [];
  let ready;
  let info = null;
  const isReady = new Promise((resolve, reject) => {
    ready = resolve;
    worker.once('error', reject);
  });
  worker.on('message', (msg) => {
    if (msg.type === 'ready') {
      info = msg;
      worker.postMessage({ type: 'start' });
      ready();
    } else if (msg.type === 'frame') {
      const at = performance.timeOrigin + performance.now();
      onFrame(msg.frame, at);
      worker.postMessage({ type: 'ack', frameId: msg.frame.frameId });
      // A small network can spend its epoch budget within a run: start it over so the stream never stops.
      if (msg.frame.state === 'finished') {
        worker.postMessage({ type: 'reset' });
        worker.postMessage({ type: 'start' });
      }
    } else if (msg.type === 'error') errors.push(msg.message);
  });
  worker.postMessage({
    type: 'load',
    spec,
    files: (await loadEngine()).readDataFileBytes(spec, root, mnistDir),
    frameRate,
    inspected: 0,
    boundaryResolution: 40,
    pace: 'max', // throughput is measured at the max pace (as fast as the machine trains)
  });
  await isReady;
  return {
    worker,
    errors,
    /** The worker's 'ready' message (a DatasetInfo). */
    info,
    async stop() {
      worker.postMessage({ type: 'dispose' });
      await worker.terminate();
    },
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Trains `seconds` (after `warmup` seconds) in a worker at `frameRate`, consuming every frame as the host does
 * (reads Θ, D, the inspected sample: the data a view would draw). Returns samples/s between the first and last
 * counted frame, the frames received and memory samples taken every second when `memory` is set.
 */
export async function streamedThroughput(
  workerFile,
  spec,
  { frameRate, seconds, warmup = 1, memory = false },
) {
  const B = spec.training.batchSize;
  const m = spec.data.samples;
  // Samples trained after `it` updates: every epoch has ceil(m / B) batches, the last one shorter.
  const perEpoch = Math.ceil(m / B);
  const samplesAt = (it) => Math.floor(it / perEpoch) * m + Math.min((it % perEpoch) * B, m);
  const frames = [];
  let counting = false;
  let checksum = 0;
  const w = await startWorker(workerFile, spec, frameRate, (f, at) => {
    // The consumer's work: touch what a view draws (Θ heat maps, D, the inspected sample).
    for (const t of f.theta) checksum += t[0];
    if (f.D) for (const d of f.D) checksum += d[0];
    if (counting) frames.push({ at, iteration: f.iteration, cpu: process.cpuUsage() });
  });
  await sleep(warmup * 1000);
  counting = true;
  const mem = [];
  const t0 = Date.now();
  while (Date.now() - t0 < seconds * 1000) {
    await sleep(Math.min(1000, seconds * 1000 - (Date.now() - t0)));
    if (memory) {
      const u = process.memoryUsage();
      mem.push({ t: (Date.now() - t0) / 1000, rssMB: u.rss / 2 ** 20, mainHeapMB: u.heapUsed / 2 ** 20 });
    }
  }
  counting = false;
  await w.stop();
  if (w.errors.length) throw new Error(`worker error: ${w.errors.join('; ')}`);
  if (frames.length < 2)
    throw new Error(`only ${frames.length} frames in ${seconds} s at frameRate ${frameRate}`);
  const first = frames[0],
    last = frames[frames.length - 1];
  const samplesPerSecond =
    (samplesAt(last.iteration) - samplesAt(first.iteration)) / ((last.at - first.at) / 1000);
  const frameRateSeen = (frames.length - 1) / ((last.at - first.at) / 1000);
  // Samples per CPU-second of the whole process (worker + the consuming main thread): insensitive to other
  // processes competing for the cores, and it charges the consumer's work to streaming.
  const cpuSeconds = (last.cpu.user + last.cpu.system - first.cpu.user - first.cpu.system) / 1e6;
  const samplesPerCpuSecond = (samplesAt(last.iteration) - samplesAt(first.iteration)) / cpuSeconds;
  if (!Number.isFinite(checksum)) throw new Error('frames carried non-finite Θ');
  return { samplesPerSecond, samplesPerCpuSecond, frames: frames.length, frameRateSeen, memory: mem };
}
