// npm run bench [-- --quick] [-- --no-browser] [-- --out FILE] [-- --table [FILE]] (reprint an earlier run)
// npm run bench -- --web [--quick] [--write]: training in a browser Web Worker against the Node worker (bench/web.mjs)
//
// Side-by-side benchmarks on this machine, in one run (method: BENCHMARKS.md):
//  1. training throughput (samples/s) of our engine, @tensorflow/tfjs on its pure-JavaScript CPU backend and
//     brain.js on 2-8-8-1 (2-D data, batch 32) and 784-64-10 (10,000 MNIST digits, batch 64), plain gradient descent;
//  2. the machine's Float64 limit: GFLOP/s of a tight JavaScript matrix-multiply kernel, and the fraction of it our
//     784-64-10 training reaches (2·MACs of forward + backward per sample);
//  3. streaming overhead: throughput in the training worker with frames streamed at 30/s vs 1/s (headless);
//  4. memory (RSS, heap) over a long streamed run;
//  5. latency from a worker snapshot to the webview having drawn it, and the webview's frame time, in headless
//     Chromium, for XOR and 784-64-10.
// Every figure: warm-up first, then several counted runs (libraries interleaved run by run so they see the same
// machine load); the median and the spread. Results: bench/results.json (or --out) and a table on stdout.
import { cpus, totalmem, loadavg, platform, release } from 'node:os';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWorker, loadEngine, loadTfjs, root } from './lib/bundle.mjs';
import { repeat, summary, quantile, median, slope } from './lib/stats.mjs';
import { measurePeak } from './lib/peak.mjs';
import * as T from './lib/training.mjs';
import { streamedThroughput } from './lib/stream.mjs';
import { peerLibs, peerResults, startPeers, uptime } from './lib/peers.mjs';
import { peerRows, peerTargets, userPathTable } from './lib/peer-table.mjs';
import { userPath } from './lib/user-path.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const noBrowser = argv.includes('--no-browser');
const outIndex = argv.indexOf('--out');
const outFile = outIndex >= 0 ? argv[outIndex + 1] : join(root, 'bench', 'results.json');
// --only userPath,peak,streaming,memory,webview: the training section and these only (the others are left out).
const onlyIndex = argv.indexOf('--only');
const only = onlyIndex >= 0 ? new Set(argv[onlyIndex + 1].split(',')) : null;
const wanted = (section) => !only || only.has(section);

/** Durations (seconds) and run counts of the two modes. */
const C = quick
  ? {
      warmup: 1.5,
      run: 0.5,
      runs: 3,
      brainSamples: 2000,
      streamPairs: 1,
      streamSeconds: 3,
      memorySeconds: 20,
      viewSeconds: 4,
    }
  : {
      warmup: 5,
      run: 2,
      runs: 7,
      brainSamples: 10000,
      streamPairs: 5,
      streamSeconds: 10,
      memorySeconds: 300,
      viewSeconds: 30,
    };

const log = (...a) => console.error(...a);
const started = Date.now();

/** FLOPs of one training sample of a dense network: 2 · (forward MACs + backward MACs), biases not counted. */
function flopsPerSample(sizes) {
  let macs = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const w = sizes[l] * sizes[l + 1];
    macs += w; // forward: z^(l+1) = Θ^(l) a^(l)
    macs += w; // Δ^(l) += δ^(l+1) (a^(l))ᵀ
    if (l > 0) macs += w; // δ^(l) = (Θ^(l))ᵀ δ^(l+1) (not needed for the input layer)
  }
  return 2 * macs;
}

function machine() {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(info)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const flags = /flags\s*:\s*(.*)/.exec(info)?.[1]?.split(' ') ?? [];
  return {
    cpu: model,
    cores: cpus().length,
    simd: ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f'].filter((f) => flags.includes(f)),
    memoryGB: +(totalmem() / 2 ** 30).toFixed(1),
    os: `${platform()} ${release()}`,
    loadAverageAtStart: loadavg().map((v) => +v.toFixed(2)),
  };
}

async function training(E, tf, brainInfo, peers) {
  const out = {};
  for (const name of Object.keys(T.NETWORKS)) {
    log(`training ${name}…`);
    const ds = T.loadData(E, name);
    const libs = {
      ours: T.makeOurs(E, name, ds),
      oursTrainer: T.makeOursTrainer(E, name, ds),
      tfjs: await T.makeTfjs(tf, name, ds),
    };
    if (brainInfo.brain) libs.brainjs = T.makeBrain(brainInfo.brain, name, ds, C.brainSamples);
    Object.assign(libs, await peerLibs(E, name, ds, peers));
    for (const lib of Object.values(libs)) await lib.run(C.warmup);
    const wall = Object.fromEntries(Object.keys(libs).map((k) => [k, []]));
    const cpu = Object.fromEntries(Object.keys(libs).map((k) => [k, []]));
    // Libraries interleaved run by run, so that every library sees the same machine load.
    for (let r = 0; r < C.runs; r++) {
      for (const [k, lib] of Object.entries(libs)) {
        const v = await lib.run(C.run);
        wall[k].push(v.wall);
        cpu[k].push(v.cpu);
      }
    }
    const res = {
      batch: T.NETWORKS[name].batch,
      samples: ds.m,
      flopsPerSample: flopsPerSample(T.NETWORKS[name].sizes),
    };
    for (const [k, lib] of Object.entries(libs)) {
      const J = await lib.check();
      if (!Number.isFinite(J))
        throw new Error(`${k} on ${name}: the trained network gives a non-finite result`);
      res[k] = { samplesPerSecond: summary(wall[k]), samplesPerCpuSecond: summary(cpu[k]), values: wall[k] };
    }
    if (!brainInfo.brain) res.brainjs = { skipped: brainInfo.error };
    const ratio = (k, field) => (res[k]?.[field] ? res.ours[field].median / res[k][field].median : null);
    res.ratio = {
      tfjs: ratio('tfjs', 'samplesPerSecond'),
      brainjs: ratio('brainjs', 'samplesPerSecond'),
      tfjsPerCpuSecond: ratio('tfjs', 'samplesPerCpuSecond'),
      brainjsPerCpuSecond: ratio('brainjs', 'samplesPerCpuSecond'),
      trainerVsTfjs: res.oursTrainer.samplesPerSecond.median / res.tfjs.samplesPerSecond.median,
    };
    peerResults(res, peers);
    for (const lib of Object.values(libs)) lib.dispose?.();
    out[name] = res;
  }
  return out;
}

async function peak(E, ds784) {
  log('Float64 peak…');
  const p = await repeat(() => measurePeak(C.run), { warmup: 1, runs: C.runs });
  // Our 784-64-10 steps measured right after the peak, interleaved, so both see the same load.
  const ours = T.makeOurs(E, '784-64-10', ds784);
  ours.run(C.warmup / 2);
  const gflops = [];
  const peaks = [];
  for (let r = 0; r < C.runs; r++) {
    peaks.push(measurePeak(C.run));
    gflops.push((ours.run(C.run).wall * flopsPerSample(T.NETWORKS['784-64-10'].sizes)) / 1e9);
  }
  const fractions = gflops.map((g, i) => g / peaks[i]);
  return {
    peakGflops: summary([...p.values, ...peaks]),
    ours784Gflops: summary(gflops),
    fractionOfPeak: summary(fractions),
  };
}

async function streaming(workerFile) {
  const out = {};
  for (const name of Object.keys(T.NETWORKS)) {
    log(`streaming ${name}…`);
    const spec = T.specOf(name);
    const headless = [],
      streamed = [],
      headlessCpu = [],
      streamedCpu = [],
      rates = [];
    // Pairs of runs, alternating, so that both conditions see the same machine load.
    for (let r = 0; r < C.streamPairs; r++) {
      const h = await streamedThroughput(workerFile, spec, {
        frameRate: 1,
        seconds: C.streamSeconds,
        warmup: 1.5,
      });
      const s = await streamedThroughput(workerFile, spec, {
        frameRate: 30,
        seconds: C.streamSeconds,
        warmup: 1.5,
      });
      headless.push(h.samplesPerSecond);
      streamed.push(s.samplesPerSecond);
      headlessCpu.push(h.samplesPerCpuSecond);
      streamedCpu.push(s.samplesPerCpuSecond);
      rates.push(s.frameRateSeen);
    }
    out[name] = {
      headless: summary(headless),
      streamed: summary(streamed),
      framesPerSecondStreamed: summary(rates),
      ratio: median(streamed) / median(headless),
      // Each pair ran back to back: the median of the pairs' ratios is less sensitive to the machine's drift.
      pairRatio: median(streamed.map((v, i) => v / headless[i])),
      perCpuSecond: {
        headless: summary(headlessCpu),
        streamed: summary(streamedCpu),
        ratio: median(streamedCpu) / median(headlessCpu),
      },
    };
  }
  return out;
}

async function memory(workerFile) {
  log(`memory over a ${C.memorySeconds} s streamed run…`);
  const r = await streamedThroughput(workerFile, T.specOf('784-64-10'), {
    frameRate: 30,
    seconds: C.memorySeconds,
    warmup: 2,
    memory: true,
  });
  const m = r.memory;
  const half = m.slice(Math.floor(m.length / 2));
  const rssSlope = slope(
    half.map((s) => s.t / 60),
    half.map((s) => s.rssMB),
  );
  const heapSlope = slope(
    half.map((s) => s.t / 60),
    half.map((s) => s.mainHeapMB),
  );
  const round = (v) => +v.toFixed(1);
  return {
    seconds: C.memorySeconds,
    samplesPerSecond: r.samplesPerSecond,
    rssMB: {
      first: round(m[0].rssMB),
      last: round(m[m.length - 1].rssMB),
      max: round(Math.max(...m.map((s) => s.rssMB))),
    },
    mainHeapMB: {
      first: round(m[0].mainHeapMB),
      last: round(m[m.length - 1].mainHeapMB),
      max: round(Math.max(...m.map((s) => s.mainHeapMB))),
    },
    secondHalfSlopeMBPerMinute: { rss: round(rssSlope), mainHeap: +heapSlope.toFixed(2) },
    samples: m.map((s) => ({
      t: +s.t.toFixed(1),
      rssMB: round(s.rssMB),
      mainHeapMB: +s.mainHeapMB.toFixed(2),
    })),
  };
}

async function browser(E, workerFile) {
  let env;
  try {
    const { openBrowser, streamToView } = await import('./lib/browser.mjs');
    env = await openBrowser();
    const xor = E.parseNetwork(readFileSync(join(root, 'examples', 'xor.nn.json'), 'utf8'));
    if (!xor.ok) throw new Error('examples/xor.nn.json does not parse');
    // Enough epochs to keep streaming (the stream restarts the run when the budget is spent anyway).
    const xorSpec = { ...xor.spec, training: { ...xor.spec.training, epochs: 1_000_000 } };
    const out = {};
    for (const [name, spec, fileName] of [
      ['xor-2-2-1', xorSpec, 'xor.nn.json'],
      ['784-64-10', T.specOf('784-64-10'), 'mnist.nn.json'],
    ]) {
      log(`webview ${name}…`);
      const r = await streamToView(env, workerFile, spec, { seconds: C.viewSeconds, warmup: 2, fileName });
      const stat = (v) => ({
        median: +median(v).toFixed(2),
        p95: +quantile(v, 0.95).toFixed(2),
        n: v.length,
      });
      out[name] = {
        latencyMs: stat(r.latencies),
        frameTimeMs: stat(r.frameTimes),
        drawn: r.drawn,
        replacedWhileDrawing: r.replaced,
        problems: r.problems,
      };
    }
    return out;
  } catch (e) {
    return { skipped: `browser run failed: ${e.message}` };
  } finally {
    await env?.close();
  }
}

function fmt(v, digits = 0) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
const pct = (s) => `±${fmt((100 * s.spread) / 2, 0)}%`;

/** The results as Markdown tables (printed, and pasted into BENCHMARKS.md). */
export function table(R) {
  const L = [];
  L.push(
    `Mode: ${R.mode}; ${R.machine.cpu}, ${R.machine.cores} cores; load average at start ${R.machine.loadAverageAtStart.join(' ')}`,
  );
  if (R.uptimeAtStart) L.push('', `\`uptime\` at start: ${R.uptimeAtStart}; at end: ${R.uptimeAtEnd}`);
  L.push('');
  L.push(
    '| Training (samples/s, median of runs, ± half the spread) | 2-8-8-1, batch 32 | 784-64-10, batch 64 |',
  );
  L.push('|---|---|---|');
  const tr = R.training;
  const cell = (net, k) => {
    const x = tr[net][k];
    if (!x || x.skipped) return `skipped: ${x?.skipped ?? 'n/a'}`;
    return `${fmt(x.samplesPerSecond.median)} ${pct(x.samplesPerSecond)}; per CPU-s ${fmt(x.samplesPerCpuSecond.median)}`;
  };
  L.push(
    `| ours (engine steps; kernels: auto = WASM where faster) | ${cell('2-8-8-1', 'ours')} | ${cell('784-64-10', 'ours')} |`,
  );
  L.push(
    `| ours (Trainer, exact J/accuracy every epoch, as \`nn-viz train --json\`; auto) | ${cell('2-8-8-1', 'oursTrainer')} | ${cell('784-64-10', 'oursTrainer')} |`,
  );
  L.push(
    `| tfjs ${R.versions.tfjs} (cpu backend, Float32) | ${cell('2-8-8-1', 'tfjs')} | ${cell('784-64-10', 'tfjs')} |`,
  );
  L.push(
    `| brain.js ${R.versions.brainjs ?? '—'} (batch 1, Float32) | ${cell('2-8-8-1', 'brainjs')} | ${cell('784-64-10', 'brainjs')} |`,
  );
  const both = (net, k) =>
    `${fmt(tr[net].ratio[k], 1)}× (per CPU-second ${fmt(tr[net].ratio[`${k}PerCpuSecond`], 1)}×)`;
  L.push(`| ours ÷ tfjs | ${both('2-8-8-1', 'tfjs')} | ${both('784-64-10', 'tfjs')} |`);
  L.push(`| ours ÷ brain.js | ${both('2-8-8-1', 'brainjs')} | ${both('784-64-10', 'brainjs')} |`);
  if (tr['784-64-10'].ratio.trainerVsTorch64 !== undefined) L.push(...peerRows(R, cell, both));
  L.push('');
  if (R.userPath) L.push(...userPathTable(R, fmt, pct), '');
  const P = R.peak;
  if (P) {
    L.push('| Float64 limit | value |');
    L.push('|---|---|');
    L.push(`| JS matmul kernel peak | ${fmt(P.peakGflops.median, 2)} GFLOP/s ${pct(P.peakGflops)} |`);
    L.push(
      `| ours, 784-64-10 training | ${fmt(P.ours784Gflops.median, 2)} GFLOP/s ${pct(P.ours784Gflops)} |`,
    );
    L.push(`| fraction of peak | ${fmt(100 * P.fractionOfPeak.median, 0)}% ${pct(P.fractionOfPeak)} |`);
    L.push('');
  }
  if (R.streaming) {
    L.push(
      '| Worker throughput (samples/s) | 1 frame/s (headless) | 30 frames/s streamed | frames/s seen | streamed ÷ headless | same, per CPU-second |',
    );
    L.push('|---|---|---|---|---|---|');
    for (const [net, s] of Object.entries(R.streaming)) {
      L.push(
        `| ${net} | ${fmt(s.headless.median)} ${pct(s.headless)} | ${fmt(s.streamed.median)} ${pct(s.streamed)} | ${fmt(s.framesPerSecondStreamed.median, 1)} | ${fmt(100 * s.ratio, 0)}%${s.pairRatio ? ` (median of pairs ${fmt(100 * s.pairRatio, 0)}%)` : ''} | ${fmt(100 * s.perCpuSecond.ratio, 0)}% |`,
      );
    }
    L.push('');
  }
  const M = R.memory;
  if (M)
    L.push(
      `Memory over a ${M.seconds} s streamed 784-64-10 run: RSS ${M.rssMB.first} → ${M.rssMB.last} MB (max ${M.rssMB.max}), main heap ${M.mainHeapMB.first} → ${M.mainHeapMB.last} MB; second-half slope RSS ${M.secondHalfSlopeMBPerMinute.rss} MB/min, heap ${M.secondHalfSlopeMBPerMinute.mainHeap} MB/min.`,
    );
  L.push('');
  if (!R.webview) L.push('Webview: not measured (--only)');
  else if (R.webview.skipped) L.push(`Webview: skipped (${R.webview.skipped})`);
  else {
    L.push(
      '| Webview (headless Chromium, no GPU) | latency median | latency p95 | frame time median | frame time p95 | frames drawn |',
    );
    L.push('|---|---|---|---|---|---|');
    for (const [net, w] of Object.entries(R.webview)) {
      L.push(
        `| ${net} | ${fmt(w.latencyMs.median, 1)} ms | ${fmt(w.latencyMs.p95, 1)} ms | ${fmt(w.frameTimeMs.median, 1)} ms | ${fmt(w.frameTimeMs.p95, 1)} ms | ${w.drawn} |`,
      );
    }
  }
  L.push('');
  L.push('| Target | value | met |');
  L.push('|---|---|---|');
  for (const t of R.targets)
    L.push(`| ${t.target} | ${t.value} | ${t.met === null ? 'n/a' : t.met ? 'yes' : 'NO'} |`);
  return L.join('\n');
}

function targets(R) {
  const t = [];
  const tr = R.training;
  for (const [net, limit] of [
    ['2-8-8-1', 5],
    ['784-64-10', 1.5],
  ]) {
    const r = tr[net].ratio;
    t.push({
      target: `≥ ${limit}× tfjs-cpu on ${net}`,
      value: `${fmt(r.tfjs, 1)}× (per CPU-second ${fmt(r.tfjsPerCpuSecond, 1)}×)`,
      met: r.tfjs >= limit,
    });
  }
  if (tr['784-64-10'].ratio.trainerVsTorch64 !== undefined) t.push(...peerTargets(R, fmt));
  const f = R.peak?.fractionOfPeak.median;
  if (f !== undefined)
    t.push({ target: '≥ 50% of Float64 peak on 784-64-10', value: `${fmt(100 * f, 0)}%`, met: f >= 0.5 });
  for (const [net, s] of Object.entries(R.streaming ?? {})) {
    t.push({
      target: `streaming ≥ 90% of headless (${net})`,
      value: `${fmt(100 * s.ratio, 0)}% wall clock, ${fmt(100 * s.perCpuSecond.ratio, 0)}% per CPU-second`,
      met: s.ratio >= 0.9,
    });
  }
  if (!R.memory) return t;
  // A short (--quick) run still contains the start-up growth: it cannot show whether memory stays flat.
  const slopes = R.memory.secondHalfSlopeMBPerMinute;
  const longEnough = R.memory.seconds >= 120;
  t.push({
    target: 'memory flat over the streamed run (2nd-half growth ≤ 2 MB/min RSS, ≤ 1 MB/min heap)',
    value: `RSS ${slopes.rss}, heap ${slopes.mainHeap} MB/min${longEnough ? '' : ` (a ${R.memory.seconds} s run is too short to judge)`}`,
    met: longEnough ? slopes.rss <= 2 && slopes.mainHeap <= 1 : null,
  });
  const w = R.webview ?? {};
  const ft = (net, limit) => {
    const x = w[net];
    return {
      target: `webview frame ≤ ${limit} ms (${net}, median)`,
      value: x ? `${fmt(x.frameTimeMs.median, 1)} ms (p95 ${fmt(x.frameTimeMs.p95, 1)})` : 'not measured',
      met: x ? x.frameTimeMs.median <= limit : null,
    };
  };
  t.push(ft('xor-2-2-1', 8));
  t.push(ft('784-64-10', 16));
  return t;
}

async function main() {
  const tableIndex = argv.indexOf('--table');
  if (tableIndex >= 0) {
    // Reprints the tables of an earlier run (e.g. for BENCHMARKS.md) without measuring again.
    const R = JSON.parse(readFileSync(argv[tableIndex + 1] ?? outFile, 'utf8'));
    R.targets = targets(R);
    console.log(table(R));
    return;
  }
  log(`bench (${quick ? 'quick' : 'full'})…`);
  const E = await loadEngine();
  const tf = await loadTfjs();
  const workerFile = await buildWorker();
  const brainInfo = T.findBrain();
  if (!brainInfo.brain) log(`brain.js skipped: ${brainInfo.error}`);
  const R = {
    mode: quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    machine: machine(),
    versions: {
      node: process.version,
      v8: process.versions.v8,
      tfjs: tf.version_core,
      brainjs: brainInfo.version,
    },
    config: C,
  };
  const peers = await startPeers({
    '2-8-8-1': T.loadData(E, '2-8-8-1'),
    '784-64-10': T.loadData(E, '784-64-10'),
  });
  R.versions.torch = peers.torch.version ?? null;
  R.versions.tfjsWasm = peers.tfWasm.version ?? null;
  R.uptimeAtStart = uptime();
  R.training = await training(E, tf, brainInfo, peers);
  peers.torch.stop?.();
  if (wanted('userPath')) R.userPath = await userPath(E, workerFile, C, log);
  if (wanted('peak')) R.peak = await peak(E, T.loadData(E, '784-64-10'));
  if (wanted('streaming')) R.streaming = await streaming(workerFile);
  if (wanted('memory')) R.memory = await memory(workerFile);
  if (wanted('webview')) R.webview = noBrowser ? { skipped: '--no-browser' } : await browser(E, workerFile);
  R.uptimeAtEnd = uptime();
  R.machine.loadAverageAtEnd = loadavg().map((v) => +v.toFixed(2));
  R.targets = targets(R);
  R.seconds = (Date.now() - started) / 1000;
  mkdirSync(dirname(outFile), { recursive: true });
  // Formatted as prettier formats JSON, so `npm run lint` (prettier --check .) accepts the committed results.
  const prettier = await import('prettier');
  writeFileSync(outFile, await prettier.format(JSON.stringify(R), { parser: 'json' }));
  console.log(table(R));
  log(`\nwritten ${outFile} in ${fmt(R.seconds, 0)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // --web: the browser Web Worker against the Node worker instead (bench/web.mjs).
  const run = argv.includes('--web')
    ? () => import('./web.mjs').then((w) => w.main(argv.filter((a) => a !== '--web')))
    : main;
  run().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
