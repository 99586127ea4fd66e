// The rows and targets the peers (peers.mjs) and the user's path (user-path.mjs) add to bench/run.mjs's tables.

/** Training-table rows for the added libs; `cell(net, key)` and `both(net, ratioKey)` are run.mjs's formatters. */
export function peerRows(R, cell, both) {
  const L = [];
  const row = (label, k) => L.push(`| ${label} | ${cell('2-8-8-1', k)} | ${cell('784-64-10', k)} |`);
  row('ours (engine steps), JavaScript kernels only', 'oursJs');
  row('ours (Trainer = `nn-viz train`), JavaScript kernels only', 'oursTrainerJs');
  row(`PyTorch ${R.versions.torch ?? ''} float64 (Debian python3-torch)`, 'torch64');
  row(`PyTorch ${R.versions.torch ?? ''} float32`, 'torch32');
  row(`tfjs ${R.versions.tfjsWasm ?? ''} (wasm backend, XNNPACK SIMD, Float32)`, 'tfjsWasm');
  const ratio = (label, k) => L.push(`| ${label} | ${both('2-8-8-1', k)} | ${both('784-64-10', k)} |`);
  ratio('Trainer ÷ PyTorch float64', 'trainerVsTorch64');
  ratio('Trainer ÷ tfjs-wasm', 'trainerVsTfjsWasm');
  ratio('Trainer ÷ brain.js', 'trainerVsBrainjs');
  ratio('WASM ÷ JS kernels, engine steps', 'wasmVsJsSteps');
  ratio('WASM ÷ JS kernels, Trainer', 'wasmVsJsTrainer');
  ratio('Trainer ÷ engine steps', 'trainerVsSteps');
  return L;
}

/** The user's path table: `nn-viz train` and the headless worker, JS vs WASM kernels. */
export function userPathTable(R, fmt, pct) {
  const U = R.userPath;
  if (!U) return [];
  const L = [
    '| User path (samples/s, median) | kernels | `nn-viz train` (per-epoch rate) | worker, headless | worker per CPU-second |',
    '|---|---|---|---|---|',
  ];
  for (const [net, u] of Object.entries(U)) {
    for (const k of ['js', 'wasm']) {
      L.push(
        `| ${net} | ${k === 'js' ? 'JavaScript' : 'auto (WASM)'} | ${fmt(u.cli[k].median)} ${pct(u.cli[k])} | ${fmt(u.worker[k].median)} ${pct(u.worker[k])} | ${fmt(u.workerPerCpuSecond[k].median)} |`,
      );
    }
    L.push(
      `| ${net} | WASM ÷ JS | ${fmt(u.cli.wasm.median / u.cli.js.median, 2)}× | ${fmt(u.worker.wasm.median / u.worker.js.median, 2)}× | ${fmt(u.workerPerCpuSecond.wasm.median / u.workerPerCpuSecond.js.median, 2)}× |`,
    );
  }
  return L;
}

/** The targets (#15) for the peers. */
export function peerTargets(R, fmt) {
  const t = [];
  const r = R.training['784-64-10'].ratio;
  const add = (target, value, perCpu, limit) =>
    t.push({
      target,
      value: `${fmt(value, 2)}× (per CPU-second ${fmt(perCpu, 2)}×)`,
      met: value === null ? null : value >= limit,
    });
  add(
    '`nn-viz train` 784-64-10 ≥ 1.5× PyTorch float64, 1 thread',
    r.trainerVsTorch64,
    r.trainerVsTorch64PerCpuSecond,
    1.5,
  );
  add('`nn-viz train` 784-64-10 ≥ 3× tfjs-wasm', r.trainerVsTfjsWasm, r.trainerVsTfjsWasmPerCpuSecond, 3);
  const s = R.training['2-8-8-1'].ratio;
  add('small network (2-8-8-1) engine steps ≥ 2× brain.js', s.brainjs, s.brainjsPerCpuSecond, 2);
  add(
    'small network (2-8-8-1) `nn-viz train` ≥ 2× brain.js',
    s.trainerVsBrainjs,
    s.trainerVsBrainjsPerCpuSecond,
    2,
  );
  return t;
}
