import { spawnSync } from 'node:child_process';

/** Debian's Python with python3-torch and python3-onnx (apt-get install python3-torch python3-onnx). */
export const PYTHON = process.env.NN_VIZ_PYTHON ?? '/usr/bin/python3';

/**
 * Runs one Python program with `input` as JSON on stdin and returns its stdout parsed as JSON. One process for many
 * cases keeps the suite fast (importing torch takes seconds). Throws with Python's stderr when it fails.
 */
export function runPython<T>(code: string, input: unknown, timeoutMs = 240_000): T {
  const r = spawnSync(PYTHON, ['-c', code], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: timeoutMs,
  });
  if (r.error)
    throw new Error(`cannot run ${PYTHON}: ${r.error.message} (apt-get install python3-torch python3-onnx)`);
  if (r.status !== 0) throw new Error(`${PYTHON} exited with ${r.status ?? r.signal}:\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** The largest |a − b| over two nested arrays of numbers of the same shape (Infinity when the shapes differ). */
export function maxDiff(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length)
    return a.reduce((m: number, v, i) => Math.max(m, maxDiff(v, b[i])), 0);
  return Infinity;
}
