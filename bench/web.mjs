// npm run bench -- --web [--quick] [--out FILE] [--write] [--table [FILE]]   (or: node bench/web.mjs …)
// --table reprints (and with --write writes) the tables of an earlier run instead of running.
//
// The engine's training throughput in a browser Web Worker (Debian's Chromium, headless, through playwright-core)
// against the Node training worker (node:worker_threads), on the two benchmark networks of bench/run.mjs (2-8-8-1,
// batch 32; 784-64-10 on 10,000 MNIST digits, batch 64). Both run the training worker's own bundle, built from src/ as
// scripts/build.mjs builds dist/worker.js and dist/web/worker.js, driven with the same protocol as the extension
// drives it (load, start on ready, an ack per frame), at the max pace and 1 frame/s. The browser's worker is started
// from a Blob URL of its bundle, as src/host/platform/web.ts starts it. Throughput comes from the frames' iteration
// counters. Node and browser runs alternate (ABBA), so both see the same machine load; medians, spreads and the
// machine's load average before and after every run are recorded. Results: bench/web-results.json (or --out); with
// --write, the Markdown goes between the web markers of BENCHMARKS.md. Nothing here asserts a timing.
/* global fetch, Blob, Worker, performance */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import * as prettier from 'prettier';
import { buildWorker, loadEngine, root } from './lib/bundle.mjs';
import { median, summary } from './lib/stats.mjs';
import { streamedThroughput } from './lib/stream.mjs';
import { mnistDir, specOf } from './lib/training.mjs';
import { CHROMIUM, launchChromium } from '../scripts/lib/code-server.mjs';

const log = (...a) => console.error(...a);
const NETS = ['2-8-8-1', '784-64-10'];

/** dist/web/worker.js as scripts/build.mjs bundles it, into the bench's cache (never racing a build of dist/). */
async function buildWebWorker() {
  const outfile = join(root, 'node_modules', '.cache', 'nn-viz-bench', 'worker.web.js');
  await esbuild.build({
    entryPoints: [join(root, 'src', 'worker', 'worker.web.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    outfile,
    logLevel: 'warning',
    absWorkingDir: root,
    mainFields: ['module', 'main'],
  });
  return outfile;
}

/** Serves the worker bundle and the data files' bytes to the page (127.0.0.1, a free port). */
function serve(workerFile, bytes) {
  const routes = new Map([['/', ['text/html', '<!doctype html><title>nn-viz web worker bench</title>']]]);
  routes.set('/worker.js', ['text/javascript', readFileSync(workerFile)]);
  for (const [net, files] of Object.entries(bytes))
    (files.mnist ?? []).forEach((b, d) => routes.set(`/${net}/mnist/${d}`, ['application/octet-stream', b]));
  const server = createServer((req, res) => {
    const r = routes.get(req.url);
    res.writeHead(r ? 200 : 404, { 'content-type': r?.[0] ?? 'text/plain' });
    res.end(r?.[1] ?? 'not found');
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/**
 * In the page: starts the worker from a Blob URL, drives it as the host does, and resolves once it has trained
 * `warmup` seconds; from then on it keeps the time and iteration of every frame. Runs in the browser (serialised by
 * Playwright); stopInPage() ends the run.
 */
async function startInPage({ net, spec, mnist, warmup }) {
  const code = await (await fetch('/worker.js')).blob();
  const files = mnist
    ? {
        mnist: await Promise.all(
          Array.from({ length: 10 }, async (_, d) => {
            const r = await fetch(`/${net}/mnist/${d}`);
            return new Uint8Array(await r.arrayBuffer());
          }),
        ),
      }
    : {};
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: 'nn-viz training worker (bench)' });
  const run = { worker, url, frames: [], errors: [], counting: false, checksum: 0 };
  globalThis.benchRun = run;
  await new Promise((ready, fail) => {
    worker.onerror = (e) => fail(new Error(e.message));
    worker.onmessage = ({ data: msg }) => {
      if (msg.type === 'ready') {
        worker.postMessage({ type: 'start' });
        ready();
      } else if (msg.type === 'frame') {
        const f = msg.frame;
        for (const t of f.theta) run.checksum += t[0];
        if (run.counting) run.frames.push({ at: performance.now(), iteration: f.iteration });
        worker.postMessage({ type: 'ack', frameId: f.frameId });
        if (f.state === 'finished') {
          worker.postMessage({ type: 'reset' });
          worker.postMessage({ type: 'start' });
        }
      } else if (msg.type === 'error') run.errors.push(msg.message);
    };
    worker.postMessage({
      type: 'load',
      spec,
      files,
      frameRate: 1,
      inspected: 0,
      boundaryResolution: 40,
      pace: 'max',
    });
  });
  await new Promise((r) => setTimeout(r, warmup * 1000));
  run.counting = true;
}

function stopInPage() {
  const run = globalThis.benchRun;
  run.counting = false;
  run.worker.postMessage({ type: 'dispose' });
  run.worker.terminate();
  URL.revokeObjectURL(run.url);
  return { frames: run.frames, errors: run.errors, checksum: run.checksum };
}

/** CPU seconds used so far by Chromium's renderer processes (the page and its Web Worker; the others idle). */
async function rendererCpuSeconds(cdp) {
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  return processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.cpuTime, 0);
}

/** Samples trained after `it` updates (every epoch has ceil(m / B) batches, the last one shorter). */
function samplesAt(spec, it) {
  const B = spec.training.batchSize;
  const m = spec.data.samples;
  const perEpoch = Math.ceil(m / B);
  return Math.floor(it / perEpoch) * m + Math.min((it % perEpoch) * B, m);
}

/** One browser run: samples/s between the first and last counted frame, and the same per CPU-second of the renderer. */
async function browserRun(page, cdp, net, spec, C) {
  await page.evaluate(startInPage, { net, spec, mnist: spec.data.kind === 'mnist', warmup: C.warmup });
  const cpu0 = await rendererCpuSeconds(cdp);
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, C.seconds * 1000));
  const cpu1 = await rendererCpuSeconds(cdp);
  const wall = (Date.now() - t0) / 1000;
  const r = await page.evaluate(stopInPage);
  if (r.errors.length) throw new Error(`browser worker on ${net}: ${r.errors.join('; ')}`);
  if (r.frames.length < 2 || !Number.isFinite(r.checksum))
    throw new Error(`browser worker on ${net}: ${r.frames.length} frames, checksum ${r.checksum}`);
  const first = r.frames[0];
  const last = r.frames[r.frames.length - 1];
  const samplesPerSecond =
    (samplesAt(spec, last.iteration) - samplesAt(spec, first.iteration)) / ((last.at - first.at) / 1000);
  // Per CPU-second: the throughput divided by the share of a core the renderer had over the counted window.
  return { samplesPerSecond, samplesPerCpuSecond: samplesPerSecond / ((cpu1 - cpu0) / wall) };
}

/**
 * One Node run, in a process of its own session: Linux groups processes by session for CPU scheduling (autogroup), and
 * Chromium starts in a session of its own, so on a shared machine a worker inside this process would get a smaller
 * share of the cores than the browser's. The child is this file with --node-run; it prints its result as JSON.
 */
function nodeRun(workerFile, net, C) {
  const args = [
    fileURLToPath(import.meta.url),
    '--node-run',
    workerFile,
    net,
    String(C.seconds),
    String(C.warmup),
  ];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  return new Promise((ok, fail) =>
    child.on('exit', (code) =>
      code === 0 ? ok(JSON.parse(out)) : fail(new Error(`node run of ${net} exited with ${code}`)),
    ),
  );
}

/** The child's side of nodeRun(): the Node training worker as bench/lib/stream.mjs drives it. */
async function nodeRunChild([workerFile, net, seconds, warmup]) {
  const r = await streamedThroughput(workerFile, specOf(net), {
    frameRate: 1,
    seconds: Number(seconds),
    warmup: Number(warmup),
  });
  process.stdout.write(
    JSON.stringify({ samplesPerSecond: r.samplesPerSecond, samplesPerCpuSecond: r.samplesPerCpuSecond }),
  );
}

const load1 = () => +loadavg()[0].toFixed(2);

export async function webBench({ quick = false } = {}) {
  const C = quick ? { seconds: 3, warmup: 1.5, pairs: 1 } : { seconds: 10, warmup: 2, pairs: 6 };
  const E = await loadEngine();
  const [nodeWorker, webWorker] = await Promise.all([buildWorker(), buildWebWorker()]);
  const specs = Object.fromEntries(NETS.map((n) => [n, specOf(n)]));
  const bytes = Object.fromEntries(NETS.map((n) => [n, E.readDataFileBytes(specs[n], root, mnistDir)]));
  const server = await serve(webWorker, bytes);
  const browser = await launchChromium();
  const R = {
    mode: quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    chromium: `${CHROMIUM} ${browser.version()}`,
    node: process.version,
    runSeconds: C.seconds,
    warmupSeconds: C.warmup,
    loadAverageAtStart: loadavg().map((v) => +v.toFixed(2)),
    networks: {},
  };
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const cdp = await browser.newBrowserCDPSession();
    for (const net of NETS) {
      const runs = { node: [], browser: [], nodeCpu: [], browserCpu: [], load: [] };
      const node = async () => {
        const r = await nodeRun(nodeWorker, net, C);
        runs.node.push(r.samplesPerSecond);
        runs.nodeCpu.push(r.samplesPerCpuSecond);
      };
      const web = async () => {
        const r = await browserRun(page, cdp, net, specs[net], C);
        runs.browser.push(r.samplesPerSecond);
        runs.browserCpu.push(r.samplesPerCpuSecond);
      };
      // ABBA: node, browser, browser, node, … so that neither always runs first after the other.
      for (let p = 0; p < C.pairs; p++) {
        for (const [kind, run] of p % 2
          ? [
              ['browser', web],
              ['node', node],
            ]
          : [
              ['node', node],
              ['browser', web],
            ]) {
          const before = load1();
          await run();
          runs.load.push({ kind, before, after: load1() });
          log(
            `${net} ${kind}: ${Math.round(runs[kind].at(-1)).toLocaleString('en-US')} samples/s (load ${before})`,
          );
        }
      }
      const pairRatios = runs.browser.map((b, i) => b / runs.node[i]);
      R.networks[net] = {
        batch: specs[net].training.batchSize,
        samples: specs[net].data.samples,
        node: {
          samplesPerSecond: summary(runs.node),
          samplesPerCpuSecond: summary(runs.nodeCpu),
          values: runs.node,
        },
        browser: {
          samplesPerSecond: summary(runs.browser),
          samplesPerCpuSecond: summary(runs.browserCpu),
          values: runs.browser,
        },
        ratio: median(runs.browser) / median(runs.node),
        ratioPerCpuSecond: median(runs.browserCpu) / median(runs.nodeCpu),
        pairRatioMedian: median(pairRatios),
        load: runs.load,
      };
    }
  } finally {
    await browser.close();
    server.close();
  }
  R.loadAverageAtEnd = loadavg().map((v) => +v.toFixed(2));
  return R;
}

const fmt = (v, d = 0) => v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const spread = (s) => `±${fmt((100 * s.spread) / 2)}%`;

/** The section of BENCHMARKS.md written by --write (between the web markers). */
export function webTable(R) {
  const loads = Object.values(R.networks).flatMap((n) => n.load.flatMap((l) => [l.before, l.after]));
  const L = [
    `${R.mode === 'quick' ? 'Quick' : 'Full'} run of ${R.date.slice(0, 16).replace('T', ' ')} UTC; ${R.chromium}, Node ${R.node}; ` +
      `${R.runSeconds} s counted per run after ${R.warmupSeconds} s warm-up; load average (1 min) from ${fmt(Math.min(...loads), 1)} to ${fmt(Math.max(...loads), 1)} on ${cpus().length} cores during the runs.`,
    '',
    `| Training worker (samples/s, median of ${R.networks['2-8-8-1'].node.values.length} runs each, ± half the spread) | 2-8-8-1, batch 32 | 784-64-10, batch 64 |`,
    '| --- | --- | --- |',
  ];
  const cell = (net, k) => {
    const s = R.networks[net][k].samplesPerSecond;
    const c = R.networks[net][k].samplesPerCpuSecond;
    return `${fmt(s.median)} ${spread(s)}; per CPU-s ${fmt(c.median)}`;
  };
  L.push(`| Node worker (node:worker_threads) | ${cell('2-8-8-1', 'node')} | ${cell('784-64-10', 'node')} |`);
  L.push(
    `| browser Web Worker (Chromium, Blob URL) | ${cell('2-8-8-1', 'browser')} | ${cell('784-64-10', 'browser')} |`,
  );
  const ratio = (net) =>
    `${fmt(100 * R.networks[net].ratio)}% (median of pairs ${fmt(100 * R.networks[net].pairRatioMedian)}%; per CPU-second ${fmt(100 * R.networks[net].ratioPerCpuSecond)}%)`;
  L.push(`| browser ÷ Node (target ≥ 80%) | ${ratio('2-8-8-1')} | ${ratio('784-64-10')} |`);
  return L.join('\n');
}

/** `text` as prettier formats `file` with the project's settings, so that `npm run lint` passes on what is written. */
async function formatted(file, text, parser) {
  return prettier.format(text, { ...(await prettier.resolveConfig(file)), parser });
}

/** Replaces the text between <!-- web:begin --> and <!-- web:end --> in BENCHMARKS.md. */
async function writeSection(markdown) {
  const file = join(root, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const re = /(<!-- web:begin -->)[\s\S]*?(<!-- web:end -->)/;
  if (!re.test(text)) throw new Error('BENCHMARKS.md has no <!-- web:begin --> … <!-- web:end --> section');
  writeFileSync(file, await formatted(file, text.replace(re, `$1\n\n${markdown}\n\n$2`), 'markdown'));
}

export async function main(argv = process.argv.slice(2)) {
  if (argv[0] === '--node-run') return nodeRunChild(argv.slice(1));
  const outIndex = argv.indexOf('--out');
  const outFile = outIndex >= 0 ? argv[outIndex + 1] : join(root, 'bench', 'web-results.json');
  const tableIndex = argv.indexOf('--table');
  const R =
    tableIndex >= 0
      ? JSON.parse(
          readFileSync(
            argv[tableIndex + 1]?.startsWith('--') === false ? argv[tableIndex + 1] : outFile,
            'utf8',
          ),
        )
      : await webBench({ quick: argv.includes('--quick') });
  if (tableIndex < 0) writeFileSync(outFile, await formatted(outFile, JSON.stringify(R), 'json'));
  const md = webTable(R);
  console.log(md);
  if (argv.includes('--write')) await writeSection(md);
  if (tableIndex < 0) log(`\nwritten ${outFile}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
