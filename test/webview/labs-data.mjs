// Real lab messages for the browser tests, computed by the extension's own worker code: the examples are parsed,
// trained and sliced by src/worker/surface.ts and raced by src/worker/race.ts (bundled here with esbuild), so the
// pictures show what the extension would show.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './harness.mjs';

const ENTRY = `
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNetwork, loadDataset } from './src/format';
import { nodeDataFiles } from './src/format/nodeFiles';
import { Trainer, ThetaTrail } from './src/engine';
import { SurfaceJob } from './src/worker/surface';
import { RaceRunner } from './src/worker/race';

function load(name) {
  const file = path.join(ROOT, 'examples', name + '.nn.json');
  const p = parseNetwork(fs.readFileSync(file, 'utf8'));
  if (!p.ok) throw new Error(name + ': ' + p.errors[0].message);
  return { spec: p.spec, dataset: loadDataset(p.spec, nodeDataFiles(path.dirname(file), '')) };
}

/** Trains an example for some epochs (keeping the trail) and computes a slice; resolves with every message sent. */
export function surface(name, epochs, request) {
  const { spec, dataset } = load(name);
  const t = new Trainer(spec, dataset);
  const trail = new ThetaTrail();
  trail.record(0, t.theta, t.evaluate().J);
  // the per-epoch history, as the host collects it from the epochs' results (the Trainer keeps none)
  const history = { epoch: [], J: [], validationJ: [], accuracy: [], validationAccuracy: [] };
  for (let e = 0; e < epochs; e++) {
    const r = t.runEpoch();
    trail.record(r.epoch, t.theta, r.J);
    for (const k of Object.keys(history)) history[k].push(r[k]);
  }
  const sent = [];
  return new Promise((resolve) => {
    SurfaceJob.start({ requestId: 1, ...request }, t, trail, (m) => sent.push(m), () => resolve({ sent, theta: t.theta.map((m) => Array.from(m.data)), history }));
  });
}

/** The DatasetInfo the worker reports for an example (small datasets: every sample). */
export function datasetInfo(name) {
  const { dataset: d } = load(name);
  const rows = (A, w) => Array.from({ length: d.m }, (_, i) => Array.from(A.subarray(i * w, (i + 1) * w)));
  return { m: d.m, n: d.n, K: d.K, validationM: 0, imageShape: null, classNames: d.classNames, inputs: rows(d.X, d.n), targets: rows(d.Y, d.K), isValidation: null };
}

/** Runs an example's race to the end; resolves with every race frame. */
export function race(name, vary) {
  const { spec, dataset } = load(name);
  const frames = [];
  return new Promise((resolve) => {
    RaceRunner.start(1, vary ? { ...spec.race, vary } : spec.race, spec, dataset, (m) => {
      if (m.type === 'raceFrame') {
        frames.push(m.frame);
        if (m.frame.state !== 'running') resolve(frames);
      }
    }, () => 20);
  });
}
`;

let mod = null;
function labs() {
  if (mod) return mod;
  const out = esbuild.buildSync({
    stdin: { contents: ENTRY, resolveDir: root, sourcefile: 'labs-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    define: { ROOT: JSON.stringify(root) },
    logLevel: 'silent',
    mainFields: ['module', 'main'],
  });
  const dir = mkdtempSync(join(tmpdir(), 'nnviz-labs-'));
  const file = join(dir, 'labs.cjs');
  writeFileSync(file, out.outputFiles[0].text);
  mod = createRequire(import.meta.url)(file);
  return mod;
}

/** Plain JSON (typed arrays as arrays), as the harness sends messages. */
const plain = (v) => JSON.parse(JSON.stringify(v, (_k, x) => (ArrayBuffer.isView(x) ? Array.from(x) : x)));

export async function surfaceMessages(name, epochs, request) {
  const r = await labs().surface(name, epochs, request);
  return { messages: r.sent.map(plain), theta: r.theta, history: plain(r.history) };
}

export async function raceFrames(name, vary) {
  return (await labs().race(name, vary)).map(plain);
}

export function datasetInfo(name) {
  return labs().datasetInfo(name);
}
