// Realistic ToWebview messages for the browser tests: XOR and XNOR (2-2-1) with the slide's weights, a four-class
// 2-input classifier, and MNIST-sized 784-64-10 frames with random Θ from a seeded generator. Activations, boundaries
// and the step records are computed here with a small forward/backward pass, so every number is consistent.

/** mulberry32: a small seeded generator, so fixtures are the same on every run. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand) {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

const g = {
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: (z) => Math.tanh(z),
  relu: (z) => Math.max(0, z),
  linear: (z) => z,
};

/** Forward pass. theta: array of row-major Θ^(l) (plain arrays). Returns z[j] (j = 0 → z^(2)) and a[j] (a[0] = x). */
export function forward(sizes, acts, theta, x) {
  const a = [x.slice()];
  const z = [];
  for (let l = 0; l < sizes.length - 1; l++) {
    const cols = sizes[l] + 1;
    const rows = sizes[l + 1];
    const prev = [1, ...a[l]];
    const zl = [];
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += theta[l][r * cols + c] * prev[c];
      zl.push(s);
    }
    z.push(zl);
    const act = acts[l + 1];
    if (act === 'softmax') {
      const m = Math.max(...zl);
      const e = zl.map((v) => Math.exp(v - m));
      const sum = e.reduce((p, q) => p + q, 0);
      a.push(e.map((v) => v / sum));
    } else a.push(zl.map(g[act]));
  }
  return { z, a };
}

/** Back-propagation for one sample (cross-entropy with sigmoid/softmax output: δ^(L) = a^(L) − y). */
export function backward(sizes, acts, theta, fw, y) {
  const L = sizes.length;
  const delta = new Array(L - 1);
  delta[L - 2] = fw.a[L - 1].map((v, k) => v - y[k]);
  for (let l = L - 2; l >= 1; l--) {
    const cols = sizes[l] + 1;
    const next = delta[l];
    const d = [];
    for (let i = 1; i < cols; i++) {
      let s = 0;
      for (let r = 0; r < next.length; r++) s += theta[l][r * cols + i] * next[r];
      const av = fw.a[l][i - 1];
      const gp =
        acts[l] === 'tanh'
          ? 1 - av * av
          : acts[l] === 'relu'
            ? fw.z[l - 1][i - 1] > 0
              ? 1
              : 0
            : av * (1 - av);
      d.push(s * gp);
    }
    delta[l - 1] = d;
  }
  return delta;
}

export function spec({ name, sizes, acts, weights = null, data, training = {} }) {
  return {
    name,
    description: `${name} test network`,
    layers: sizes.map((units, l) => ({ units, activation: acts[l] ?? 'sigmoid', dropout: 0 })),
    weights,
    loss: 'cross-entropy',
    data,
    training: {
      learningRate: 0.5,
      lambda: 0,
      epochs: 1000,
      batchSize: 0,
      optimizer: { name: 'gd', beta: 0.9, beta1: 0.9, beta2: 0.999, rho: 0.95, epsilon: 1e-8 },
      init: { name: 'normal', sigma: 1, epsilon: 0.12 },
      seed: 1,
      validationSplit: 0,
      earlyStopping: null,
      ...training,
    },
  };
}

export function documentMessage(s, fileName = 'xor.nn.json', errors = [], warnings = []) {
  return {
    type: 'document',
    document: { fileName, version: 1, spec: errors.length ? null : s, errors, warnings },
  };
}

export function sessionMessage(
  state,
  dataset,
  hyper = { learningRate: 0.5, lambda: 0, batchSize: 0, optimizer: 'gd' },
  message = null,
) {
  return { type: 'session', state, message, dataset, hyper };
}

/** Rows of a matrix (array of arrays) to row-major. */
const flat = (m) => m.flat();

// ------------------------------------------------------------------------------------------------ the slide's networks

const LOGIC_X = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
];

/** XNOR = (x1 AND x2) OR ((NOT x1) AND (NOT x2)): a1 = AND, a2 = NOR, output = OR, as on the slide. */
export const XNOR_THETA = [
  [
    [-30, 20, 20],
    [10, -20, -20],
  ],
  [[-10, 20, 20]],
];
/** XOR = NOT XNOR: the same hidden layer, output = NOR of a1, a2. */
export const XOR_THETA = [XNOR_THETA[0], [[10, -20, -20]]];

export function logicNet(kind) {
  const targets = kind === 'xnor' ? [[1], [0], [0], [1]] : [[0], [1], [1], [0]];
  const theta = kind === 'xnor' ? XNOR_THETA : XOR_THETA;
  const sizes = [2, 2, 1];
  const acts = ['sigmoid', 'sigmoid', 'sigmoid'];
  return {
    name: kind.toUpperCase(),
    fileName: `${kind}.nn.json`,
    sizes,
    acts,
    theta: theta.map(flat),
    inputs: LOGIC_X,
    targets,
    extent: [-0.5, 1.5, -0.5, 1.5],
    spec: spec({
      name: kind.toUpperCase(),
      sizes,
      acts,
      weights: theta,
      data: { kind: 'inline', inputs: LOGIC_X, targets },
    }),
    dataset: {
      m: 4,
      n: 2,
      K: 1,
      validationM: 0,
      imageShape: null,
      classNames: null,
      inputs: LOGIC_X,
      targets,
    },
  };
}

/** Four Gaussian blobs in the plane, a 2-5-4 network with a softmax output and seeded weights. */
export function fourClassNet() {
  const rand = rng(4);
  const centres = [
    [-1, -1],
    [1, -1],
    [-1, 1],
    [1, 1],
  ];
  const inputs = [];
  const targets = [];
  for (let k = 0; k < 4; k++)
    for (let i = 0; i < 12; i++) {
      inputs.push([
        +(centres[k][0] + gaussian(rand) * 0.35).toFixed(3),
        +(centres[k][1] + gaussian(rand) * 0.35).toFixed(3),
      ]);
      targets.push([0, 1, 2, 3].map((c) => (c === k ? 1 : 0)));
    }
  const sizes = [2, 5, 4];
  const acts = ['sigmoid', 'tanh', 'softmax'];
  // Hand-made weights that separate the quadrants: hidden units detect x1 > 0 and x2 > 0.
  const theta = [
    [0, 3, 0.2, 0, 0.2, 3, 0.5, 2, 2, -0.5, 2, -2, 0.3, -1, 1],
    [
      0.2, -3, -3, -1, 0.5, 0.3, -0.2, 3, -3, 0.4, 0.1, 0.2, -0.1, -3, 3, -0.2, 0.4, -0.2, 0.1, 3, 3, 1.2,
      -0.3, 0.1,
    ],
  ];
  return {
    name: 'Four classes',
    fileName: 'four-class.nn.json',
    sizes,
    acts,
    theta,
    inputs,
    targets,
    extent: [-2.2, 2.2, -2.2, 2.2],
    spec: spec({
      name: 'Four classes',
      sizes,
      acts,
      data: { kind: 'generator', generator: 'gaussian', samples: 48, noise: 0.35, classes: 4, seed: 4 },
    }),
    dataset: {
      m: 48,
      n: 2,
      K: 4,
      validationM: 0,
      imageShape: null,
      classNames: ['A', 'B', 'C', 'D'],
      inputs,
      targets,
    },
  };
}

/**
 * Two interleaved spirals of 300 points (60 held out for validation), a 2-8-1 tanh network with seeded weights that
 * gets many of them wrong: the boundary view must draw every point, validation points apart, misclassified marked.
 */
export function spiralNet(m = 300) {
  const rand = rng(9);
  const inputs = [];
  const targets = [];
  for (let i = 0; i < m; i++) {
    const k = i % 2;
    const t = (i / m) * 3 * Math.PI + 0.5;
    const r = t / (3 * Math.PI);
    const a = t + k * Math.PI;
    inputs.push([
      +(r * Math.cos(a) + gaussian(rand) * 0.02).toFixed(4),
      +(r * Math.sin(a) + gaussian(rand) * 0.02).toFixed(4),
    ]);
    targets.push([k]);
  }
  const isValidation = inputs.map((_, i) => i % 5 === 4);
  const sizes = [2, 8, 1];
  const acts = ['sigmoid', 'tanh', 'sigmoid'];
  const theta = [
    Array.from({ length: 8 * 3 }, () => (rand() - 0.5) * 8),
    Array.from({ length: 9 }, () => (rand() - 0.5) * 4),
  ];
  return {
    name: 'Spiral',
    fileName: 'spiral.nn.json',
    sizes,
    acts,
    theta,
    inputs,
    targets,
    extent: [-1.3, 1.3, -1.3, 1.3],
    spec: spec({
      name: 'Spiral',
      sizes,
      acts,
      data: { kind: 'generator', generator: 'spiral', samples: m, seed: 9 },
    }),
    dataset: {
      m: m - isValidation.filter(Boolean).length,
      n: 2,
      K: 1,
      validationM: isValidation.filter(Boolean).length,
      imageShape: null,
      classNames: ['arm A', 'arm B'],
      inputs,
      targets,
      isValidation,
    },
  };
}

/** A 28×28 "digit": a seven drawn as two strokes, with a little seeded noise. */
export function digitImage(seed = 7) {
  const rand = rng(seed);
  const img = new Array(784).fill(0);
  const dot = (r, c, v) => {
    if (r >= 0 && r < 28 && c >= 0 && c < 28) img[r * 28 + c] = Math.max(img[r * 28 + c], v);
  };
  for (let c = 6; c <= 21; c++) for (let w = 0; w < 2; w++) dot(6 + w, c, 0.95);
  for (let r = 8; r <= 23; r++) {
    const c = Math.round(21 - (r - 8) * 0.55);
    for (let w = -1; w <= 0; w++) dot(r, c + w, 0.9);
    dot(r, c + 1, 0.4);
  }
  for (let i = 0; i < 784; i++) if (img[i] === 0 && rand() < 0.02) img[i] = 0.1;
  return img;
}

export function mnistNet() {
  const rand = rng(784);
  const sizes = [784, 64, 10];
  const acts = ['sigmoid', 'sigmoid', 'sigmoid'];
  const theta = [];
  for (let l = 0; l < 2; l++) {
    const n = sizes[l + 1] * (sizes[l] + 1);
    const sigma = 1 / Math.sqrt(sizes[l] + 1);
    theta.push(Array.from({ length: n }, () => gaussian(rand) * sigma * 2));
  }
  const classNames = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  return {
    name: 'MNIST',
    fileName: 'mnist.nn.json',
    sizes,
    acts,
    theta,
    inputs: null,
    targets: null,
    extent: null,
    spec: spec({
      name: 'MNIST',
      sizes,
      acts,
      data: { kind: 'mnist', samples: 1000, size: 28 },
      training: { batchSize: 32, learningRate: 0.1 },
    }),
    dataset: {
      m: 1000,
      n: 784,
      K: 10,
      validationM: 200,
      imageShape: [28, 28],
      classNames,
      inputs: null,
      targets: null,
    },
  };
}

// ------------------------------------------------------------------------------------------------ frames

/**
 * `epochs` points of a falling cost curve. `exactEvery`: only every so many epochs (and the last) is evaluated exactly,
 * the others carry a running estimate without validation cost or accuracies, as a worker at full speed sends them.
 */
export function history(epochs, { validation = false, accuracy = true, seed = 3, exactEvery = 1 } = {}) {
  const rand = rng(seed);
  const h = { epoch: [], J: [], validationJ: [], accuracy: [], validationAccuracy: [], estimated: [] };
  for (let e = 1; e <= epochs; e++) {
    const exact = e % exactEvery === 0 || e === epochs;
    h.epoch.push(e);
    const J = 0.69 * Math.exp(-e / 25) + 0.03 + rand() * 0.01;
    h.J.push(J);
    h.estimated.push(!exact);
    h.validationJ.push(validation && exact ? J + 0.02 + Math.max(0, (e - 60) * 0.002) : null);
    h.accuracy.push(accuracy && exact ? Math.min(1, 0.5 + 0.5 * (1 - Math.exp(-e / 20))) : null);
    h.validationAccuracy.push(
      validation && accuracy && exact ? Math.min(1, 0.48 + 0.45 * (1 - Math.exp(-e / 20))) : null,
    );
  }
  return h;
}

function sliceHistory(h, start) {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, v.slice(start)]));
}

/** The class decision of an output vector, as src/worker/grid.ts makes it: [output, confidence, margin]. */
function decide(out) {
  if (out.length === 1) return [out[0], null, Math.abs(out[0] - 0.5)];
  let best = 0;
  for (let k = 1; k < out.length; k++) if (out[k] > out[best]) best = k;
  const second = Math.max(...out.filter((_, k) => k !== best));
  return [best, out[best], out[best] - second];
}

function boundaryOf(net, theta, resolution = 100) {
  const [x0, x1, y0, y1] = net.extent;
  const n = resolution;
  const output = new Array(n * n);
  const margin = new Array(n * n);
  const confidence = net.sizes.at(-1) > 1 ? new Array(n * n) : null;
  const hidden = net.sizes.slice(1, -1).map((s) => Array.from({ length: s }, () => new Array(n * n)));
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      const x = [x0 + ((c + 0.5) / n) * (x1 - x0), y0 + ((r + 0.5) / n) * (y1 - y0)];
      const fw = forward(net.sizes, net.acts, theta, x);
      const [o, conf, mg] = decide(fw.a.at(-1));
      output[r * n + c] = o;
      margin[r * n + c] = mg;
      if (confidence) confidence[r * n + c] = conf;
      hidden.forEach((layer, h) => layer.forEach((map, u) => (map[r * n + c] = fw.a[h + 1][u])));
    }
  const predicted = net.inputs
    ? net.inputs.map((x) => decide(forward(net.sizes, net.acts, theta, x).a.at(-1))[0])
    : null;
  return { resolution: n, extent: net.extent, output, confidence, margin, hidden, predicted };
}

/**
 * One frame of `net` (plain arrays; the harness turns them into typed arrays in the page, as the host sends them).
 * `epochs`: history length so far; `historyStart`: where this frame's points begin.
 */
export function frame(
  net,
  {
    frameId = 1,
    state = 'running',
    epochs = 0,
    historyStart = 0,
    inspected = 0,
    theta = net.theta,
    withD = true,
    dropped = null,
    earlyStopEpoch = null,
    fullHistory = null,
    estimated = false,
    evaluatedEpoch = epochs,
  } = {},
) {
  const x = net.inputs ? net.inputs[inspected] : digitImage(inspected + 7);
  const y = net.targets ? net.targets[inspected] : [0, 0, 0, 0, 0, 0, 0, 1, 0, 0];
  const fw = forward(net.sizes, net.acts, theta, x);
  const delta = backward(net.sizes, net.acts, theta, fw, y);
  const h = fullHistory ?? history(epochs, { validation: net.dataset.validationM > 0 });
  const J = h.J.length ? h.J[h.J.length - 1] : 0.693;
  const small = net.inputs && net.inputs.length <= 16;
  return {
    type: 'frame',
    frame: {
      frameId,
      state,
      epoch: epochs,
      iteration: epochs * 4,
      J,
      validationJ: net.dataset.validationM > 0 && h.validationJ.length ? h.validationJ.at(-1) : null,
      accuracy: h.accuracy.length ? h.accuracy.at(-1) : null,
      validationAccuracy: null,
      estimated,
      evaluatedEpoch,
      samplesPerSecond: 12345,
      theta,
      D: withD ? theta.map((t, l) => t.map((v, k) => ((k * 7 + l * 3) % 11) / 110 - 0.05)) : null,
      update: withD ? theta.map((t, l) => t.map((v, k) => -(((k * 5 + l) % 9) / 900 - 0.005))) : null,
      inspected: { index: inspected, x, y, z: fw.z, a: fw.a, delta },
      dropped,
      boundary: net.extent ? boundaryOf(net, theta) : null,
      table: small ? { a: net.inputs.map((xi) => forward(net.sizes, net.acts, theta, xi).a) } : null,
      historyStart,
      history: sliceHistory(h, historyStart),
      earlyStopEpoch,
      message: null,
    },
  };
}

// ------------------------------------------------------------------------------------------------ step records

/**
 * The slide's loop for one XOR sample (x = (1, 0), y = 1) with moderate weights, so the numbers are visible:
 * input, forward ×2, outputDelta, hiddenDelta, accumulate ×2, gradient ×2, update ×2 (m = 1, λ = 0.1, α = 0.5).
 */
/** N of the slide's loop for sample i of m in L layers (the engine's stepsInSample). */
export function stepsInSample(i, m, L) {
  return (i === 1 ? 1 : 0) + 3 * L - 2 + (i === m ? 2 * (L - 1) : 0);
}

/**
 * The records of one XOR sample (m = 1) through the update, with their positions in the loop. Without `zeroDelta` the
 * "Set Δ := 0" record (step 1) is left out, as when the history starts after it.
 */
export function xorStepRecords({ lambda = 0.1, alpha = 0.5, zeroDelta = false } = {}) {
  const sizes = [2, 2, 1];
  const acts = ['sigmoid', 'sigmoid', 'sigmoid'];
  const rows = [
    [
      [-1.5, 1.0, 1.2],
      [0.5, -0.8, -0.9],
    ],
    [[0.3, -1.1, 0.9]],
  ];
  const theta = rows.map(flat);
  const x = [1, 0];
  const y = [1];
  const sample = 1;
  const fw = forward(sizes, acts, theta, x);
  const delta = backward(sizes, acts, theta, fw, y);
  const withBias = (v) => [1, ...v];
  const recs = [];
  recs.push({ kind: 'input', sample, layer: 1, x, a: withBias(x) });
  recs.push({
    kind: 'forward',
    sample,
    layer: 2,
    thetaLayer: 1,
    activation: 'sigmoid',
    aPrev: withBias(x),
    z: fw.z[0],
    a: withBias(fw.a[1]),
    dropped: [],
  });
  recs.push({
    kind: 'forward',
    sample,
    layer: 3,
    thetaLayer: 2,
    activation: 'sigmoid',
    aPrev: withBias(fw.a[1]),
    z: fw.z[1],
    a: fw.a[2],
    dropped: [],
  });
  recs.push({
    kind: 'outputDelta',
    sample,
    layer: 3,
    a: fw.a[2],
    y,
    gPrime: null,
    delta: delta[1],
    rule: 'a-y',
  });
  const backprop = [1, 2].map((i) => rows[1][0][i] * delta[1][0]);
  const gPrime = fw.a[1].map((a) => a * (1 - a));
  recs.push({
    kind: 'hiddenDelta',
    sample,
    layer: 2,
    thetaLayer: 2,
    deltaNext: delta[1],
    backprop,
    gPrime,
    delta: delta[0],
  });
  const outer = (d, a) => d.map((di) => a.map((aj) => di * aj));
  const Delta2 = outer(delta[1], withBias(fw.a[1]));
  const Delta1 = outer(delta[0], withBias(x));
  recs.push({
    kind: 'accumulate',
    sample,
    thetaLayer: 2,
    deltaNext: delta[1],
    a: withBias(fw.a[1]),
    Delta: Delta2,
  });
  recs.push({
    kind: 'accumulate',
    sample,
    thetaLayer: 1,
    deltaNext: delta[0],
    a: withBias(x),
    Delta: Delta1,
  });
  const m = 1;
  const D = (Delta, th) =>
    Delta.map((row, r) => row.map((v, c) => v / m + (c === 0 ? 0 : (lambda / m) * th[r][c])));
  const D1 = D(Delta1, rows[0]);
  const D2 = D(Delta2, rows[1]);
  recs.push({ kind: 'gradient', thetaLayer: 1, m, lambda, Delta: Delta1, theta: rows[0], D: D1 });
  recs.push({ kind: 'gradient', thetaLayer: 2, m, lambda, Delta: Delta2, theta: rows[1], D: D2 });
  const upd = (th, d) => th.map((row, r) => row.map((v, c) => v - alpha * d[r][c]));
  recs.push({
    kind: 'update',
    thetaLayer: 1,
    optimizer: 'gd',
    alpha,
    before: rows[0],
    D: D1,
    after: upd(rows[0], D1),
  });
  recs.push({
    kind: 'update',
    thetaLayer: 2,
    optimizer: 'gd',
    alpha,
    before: rows[1],
    D: D2,
    after: upd(rows[1], D2),
  });
  const n = stepsInSample(1, 1, 3);
  const all = [{ kind: 'zeroDelta', m, shapes: rows.map((t) => [t.length, t[0].length]) }, ...recs].map(
    (r, q) => ({ ...r, pos: { batch: 1, i: 1, m, k: q + 1, n } }),
  );
  return { records: zeroDelta ? all : all.slice(1), theta, sizes, acts };
}

/** A document with parse errors (as the host reports them). */
export function invalidDocument(fileName = 'broken.nn.json') {
  return {
    type: 'document',
    document: {
      fileName,
      version: 3,
      spec: null,
      errors: [
        {
          message: 'Expected a comma or closing brace',
          pointer: '',
          offset: 120,
          length: 1,
          line: 7,
          column: 5,
          severity: 'error',
        },
        {
          message: 'layers[1].units must be a whole number ≥ 1, got 0',
          pointer: '/layers/1/units',
          offset: 80,
          length: 1,
          line: 4,
          column: 34,
          severity: 'error',
        },
      ],
      warnings: [],
    },
  };
}
