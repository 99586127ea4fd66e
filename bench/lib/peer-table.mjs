// The rows and targets the peers (peers.mjs) and the user's path (user-path.mjs) add to bench/run.mjs's tables.

/** Training-table rows for the added libs; `cell(net, key)` and `both(net, ratioKey)` are run.mjs's formatters. */
export function peerRows(R, cell, both) {
  const L = [];
  const row = (label, k) => L.push(`| ${label} | ${cell('2-8-8-1', k)} | ${cell('784-64-10', k)} |`);
  row('ours (engine steps), JavaScript kernels only', 'oursJs');
  row('ours (Trainer, exact J every epoch), JavaScript kernels only', 'oursTrainerJs');
  row('ours (Trainer as the worker runs it: exact J at most 1/20 of the time; auto)', 'oursUserPath');
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
  ratio('Trainer as the worker runs it ÷ engine steps', 'userPathVsSteps');
  ratio('Trainer as the worker runs it ÷ PyTorch float64', 'userPathVsTorch64');
  ratio('Trainer as the worker runs it ÷ tfjs-wasm', 'userPathVsTfjsWasm');
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
    // Against the bare engine steps of the training section (auto kernels, the same run).
    const steps = R.training[net]?.ours;
    if (steps)
      L.push(
        `| ${net} | auto ÷ engine steps | ${pct0(u.cli.wasm.median / steps.samplesPerSecond.median)} | ${pct0(u.worker.wasm.median / steps.samplesPerSecond.median)} | ${pct0(u.workerPerCpuSecond.wasm.median / steps.samplesPerCpuSecond.median)} |`,
      );
  }
  return L;
}

const pct0 = (x) => (x === null ? '—' : `${Math.round(x * 100)}%`);

/**
 * The targets (#15), from the medians of one interleaved training run (so that `--table` reprints them from
 * an earlier results.json). "`nn-viz train`" is the Trainer as the worker and plain `nn-viz train` run it: the
 * running estimate at an epoch's end, an exact evaluation at most a twentieth of the time (makeOursUserPath).
 */
export function peerTargets(R, fmt) {
  const t = [];
  const med = (net, k, field) => R.training[net]?.[k]?.[field]?.median ?? null;
  const ratio = (net, a, b, field = 'samplesPerSecond') => {
    const x = med(net, a, field),
      y = med(net, b, field);
    return x && y ? x / y : null;
  };
  const add = (target, net, a, b, limit, percent = false) => {
    const v = ratio(net, a, b),
      c = ratio(net, a, b, 'samplesPerCpuSecond');
    t.push({
      target,
      value: percent
        ? `${pct0(v)} (per CPU-second ${pct0(c)})`
        : `${fmt(v, 2)}× (per CPU-second ${fmt(c, 2)}×)`,
      met: v === null ? null : v >= limit,
    });
  };
  const user = 'the Trainer as the worker and `nn-viz train` run it';
  add(
    `\`nn-viz train\` 784-64-10 ≥ 1.5× PyTorch float64, 1 thread (${user})`,
    '784-64-10',
    'oursUserPath',
    'torch64',
    1.5,
  );
  add(`\`nn-viz train\` 784-64-10 ≥ 3× tfjs-wasm (${user})`, '784-64-10', 'oursUserPath', 'tfjsWasm', 3);
  add('small network (2-8-8-1) engine steps ≥ 2× brain.js', '2-8-8-1', 'ours', 'brainjs', 2);
  add(
    `small network (2-8-8-1) \`nn-viz train\` ≥ 2× brain.js (${user})`,
    '2-8-8-1',
    'oursUserPath',
    'brainjs',
    2,
  );
  for (const net of ['2-8-8-1', '784-64-10'])
    add(
      `the user's path ≥ 90% of the engine steps (${net}; ${user})`,
      net,
      'oursUserPath',
      'ours',
      0.9,
      true,
    );
  return t;
}
