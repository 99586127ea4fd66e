/**
 * Checks that need more than the schema: shapes of Θ in the lecture's indices, widths of the data against
 * s_1 and s_L, class counts, loss/activation pairs, validation split, and the size limits (before anything
 * is allocated). Works on the normalized spec plus the raw value (to know what was written explicitly).
 */
import { ACTIVATIONS, validationCount } from './defaults';
import type { JsonDocument } from './json';
import { LIMITS, formatCount } from './limits';
import { classWidth, dataWidths, type RawNetwork } from './normalize';
import { knownSampleCount } from './sampleCount';
import { checkRace } from './race';
import { checkExercises } from './exercises';
import type { DataSpec, NetworkSpec, SpecError } from '../shared/spec';
import { paceLabel, updatesPerSecond } from '../shared/pace';

/** Reports at most this many problems of one kind (e.g. ragged rows) so one mistake does not flood the list. */
const MAX_REPEATS = 5;

class Report {
  readonly items: SpecError[] = [];
  constructor(private readonly doc: JsonDocument) {}
  error(message: string, pointer: string, what?: 'value' | 'key' | 'opening'): void {
    this.items.push(this.doc.error(message, pointer, 'error', what));
  }
  warning(message: string, pointer: string, what?: 'value' | 'key' | 'opening'): void {
    this.items.push(this.doc.error(message, pointer, 'warning', what));
  }
}

/** Θ^(l) in the lecture's 1-based index, for weights[l0]. */
const theta = (l0: number): string => `Θ^(${l0 + 1})`;

/** Parameters of every Θ^(l): s_{l+1} × (s_l + 1). */
export function parameterCount(units: readonly number[]): number {
  let total = 0;
  for (let l = 0; l + 1 < units.length; l++) total += units[l + 1] * (units[l] + 1);
  return total;
}

function checkLayers(spec: NetworkSpec, raw: RawNetwork, r: Report): boolean {
  const L = spec.layers.length;
  const units = spec.layers.map((l) => l.units);
  let sizesOk = true;
  if (L > LIMITS.maxLayers) {
    r.error(`the network has L = ${L} layers; at most ${LIMITS.maxLayers} are allowed`, '/layers');
    sizesOk = false;
  }
  units.forEach((s, i) => {
    if (s > LIMITS.maxUnitsPerLayer) {
      r.error(
        `s_${i + 1} = ${formatCount(s)} units; at most ${formatCount(LIMITS.maxUnitsPerLayer)} per layer`,
        `/layers/${i}/units`,
      );
      sizesOk = false;
    }
  });
  const params = parameterCount(units);
  if (params > LIMITS.maxParameters) {
    const parts = units.slice(1).map((s, l) => `${theta(l)} ${s} × ${units[l] + 1}`);
    r.error(
      `the network has ${formatCount(params)} parameters (${parts.join(', ')}); at most ${formatCount(LIMITS.maxParameters)}`,
      '/layers',
    );
    sizesOk = false;
  }
  if (raw.layers[0].activation !== undefined) {
    r.warning(
      'the input layer has no activation function (a^(1) = x); this "activation" is ignored',
      '/layers/0/activation',
    );
  }
  spec.layers.forEach((layer, i) => {
    const j = i + 1;
    if (layer.dropout > 0 && (i === 0 || i === L - 1)) {
      const which = i === 0 ? 'layer 1 is the input layer' : `layer ${j} is the output layer`;
      r.error(
        `dropout applies to hidden layers only (layers 2 … ${L - 1}); ${which}`,
        `/layers/${i}/dropout`,
      );
    }
    if (layer.activation === 'softmax' && i > 0 && i < L - 1) {
      r.error(
        `softmax belongs on the output layer (layer ${L}); layer ${j} is hidden: use ${ACTIVATIONS.filter((a) => a !== 'softmax' && a !== 'linear').join(', ')}`,
        `/layers/${i}/activation`,
      );
    }
  });
  const out = spec.layers[L - 1];
  const outPointer = `/layers/${L - 1}`;
  if (out.activation === 'softmax' && out.units === 1) {
    r.error(
      'softmax over one output unit is always 1 and cannot learn; use sigmoid for one output, or one output unit per class',
      `${outPointer}/activation`,
    );
  }
  if (spec.loss === 'cross-entropy' && out.activation !== 'sigmoid' && out.activation !== 'softmax') {
    r.error(
      `cross-entropy needs outputs in (0, 1): layer ${L} uses ${out.activation}; use sigmoid or softmax, or "loss": "mse"`,
      raw.layers[L - 1].activation !== undefined ? `${outPointer}/activation` : '/loss',
    );
  }
  return sizesOk;
}

function checkWeights(spec: NetworkSpec, r: Report): void {
  const w = spec.weights;
  if (!w) return;
  const s = spec.layers.map((l) => l.units);
  const L = s.length;
  if (w.length !== L - 1) {
    const names = s.slice(1).map((_, l) => theta(l));
    r.error(
      `weights has ${w.length} matri${w.length === 1 ? 'x' : 'ces'}; a network of L = ${L} layers needs L − 1 = ${L - 1}: ${names.join(', ')}`,
      '/weights',
    );
    return;
  }
  w.forEach((m, l) => {
    const rows = s[l + 1];
    const cols = s[l] + 1;
    const expected = `${theta(l)} must be ${rows} × ${cols} (s_${l + 2} × (s_${l + 1} + 1))`;
    const widths = m.map((row) => row.length);
    const uniform = widths.every((c) => c === widths[0]);
    const found = `${m.length} × ${uniform ? (widths[0] ?? 0) : 'ragged'}`;
    if (m.length !== rows || (uniform && widths[0] !== cols)) {
      r.error(`${expected}, found ${found}`, `/weights/${l}`);
      return;
    }
    let reported = 0;
    widths.forEach((c, j) => {
      if (c !== cols && reported++ < MAX_REPEATS) {
        r.error(
          `ragged rows: row ${j + 1} of ${theta(l)} has ${c} numbers; every row has s_${l + 1} + 1 = ${cols} (bias weight Θ_${j + 1}0 first)`,
          `/weights/${l}/${j}`,
        );
      }
    });
  });
}

/** Rows of a data matrix must all have `width` numbers. Returns false when it reported a problem. */
function checkRows(
  rows: number[][],
  width: number,
  what: string,
  layer: string,
  pointer: string,
  r: Report,
): boolean {
  const bad = rows.map((row, i) => [row.length, i]).filter(([c]) => c !== width);
  if (bad.length === 0) return true;
  if (bad.length === rows.length && rows.every((row) => row.length === rows[0].length)) {
    r.error(`${what} rows have ${rows[0].length} numbers but ${layer}`, pointer);
    return false;
  }
  for (const [c, i] of bad.slice(0, MAX_REPEATS)) {
    r.error(`${what} row ${i} has ${c} numbers but ${layer}`, `${pointer}/${i}`);
  }
  return false;
}

/** The sizes the data must fit: L, s_1 and s_L, and how the messages name the input and output layers. */
interface Shape {
  L: number;
  s1: number;
  sL: number;
  inputLayer: string;
  outputLayer: string;
}

function checkData(spec: NetworkSpec, r: Report): void {
  const data = spec.data;
  const L = spec.layers.length;
  const s1 = spec.layers[0].units;
  const sL = spec.layers[L - 1].units;
  const shape: Shape = {
    L,
    s1,
    sL,
    inputLayer: `layer 1 has s_1 = ${s1} units`,
    outputLayer: `layer ${L} has s_${L} = ${sL} units`,
  };
  switch (data.kind) {
    case 'inline':
      if (checkInlineInputs(data, shape, r)) checkInlineTargets(spec, data, shape, r);
      return;
    case 'labels':
      if (checkInlineInputs(data, shape, r)) checkLabels(data, shape, r);
      return;
    case 'generator':
      return checkGenerator(data, shape, r);
    case 'mnist':
      return checkMnist(data, shape, r);
    case 'csv':
      return checkCsv(data, shape, r);
  }
}

type DataOf<K extends DataSpec['kind']> = Extract<DataSpec, { kind: K }>;

/** The inline numbers' count and the inputs x^(i); false when nothing more is worth checking. */
function checkInlineInputs(data: DataOf<'inline' | 'labels'>, shape: Shape, r: Report): boolean {
  const numbers =
    data.inputs.reduce((a, row) => a + row.length, 0) +
    (data.kind === 'inline' ? data.targets.reduce((a, row) => a + row.length, 0) : data.labels.length);
  if (numbers > LIMITS.maxInlineNumbers) {
    r.error(
      `data holds ${formatCount(numbers)} inline numbers; at most ${formatCount(LIMITS.maxInlineNumbers)} (use a csv file)`,
      '/data',
    );
    return false;
  }
  if (data.inputs.length === 0) {
    r.error('inputs is empty: the training set needs at least one sample x^(1)', '/data/inputs');
    return false;
  }
  checkRows(data.inputs, shape.s1, 'inputs', shape.inputLayer, '/data/inputs', r);
  return true;
}

/** One target row y^(i) of s_L numbers per sample; cross-entropy needs every y in [0, 1]. */
function checkInlineTargets(spec: NetworkSpec, data: DataOf<'inline'>, shape: Shape, r: Report): void {
  const m = data.inputs.length;
  if (data.targets.length !== m) {
    r.error(
      `targets has ${data.targets.length} rows but inputs has ${m}; each x^(i) needs its y^(i)`,
      '/data/targets',
    );
    return;
  }
  if (!checkRows(data.targets, shape.sL, 'targets', shape.outputLayer, '/data/targets', r)) return;
  if (spec.loss !== 'cross-entropy') return;
  let reported = 0;
  data.targets.forEach((row, i) =>
    row.forEach((y, k) => {
      if ((y < 0 || y > 1) && reported++ < MAX_REPEATS) {
        r.error(
          `y = ${y} is outside [0, 1]; cross-entropy needs targets in [0, 1] (use "loss": "mse" for other values)`,
          `/data/targets/${i}/${k}`,
        );
      }
    }),
  );
}

/** One label per sample, each naming one of the classes, and as many classes as the output layer fits. */
function checkLabels(data: DataOf<'labels'>, shape: Shape, r: Report): void {
  const m = data.inputs.length;
  const K = data.classes.length;
  if (data.labels.length !== m) {
    r.error(
      `labels has ${data.labels.length} entries but inputs has ${m}; each x^(i) needs its label`,
      '/data/labels',
    );
  }
  let reported = 0;
  data.labels.forEach((c, i) => {
    if (c >= K && reported++ < MAX_REPEATS) {
      r.error(
        `label ${c} is out of range: classes has ${K} names, so labels are 0 … ${K - 1}`,
        `/data/labels/${i}`,
      );
    }
  });
  checkClassCount(K, shape.sL, shape.L, '/data/classes', r);
}

function checkGenerator(data: DataOf<'generator'>, shape: Shape, r: Report): void {
  const { L, s1, sL } = shape;
  const w = dataWidths(data, sL);
  if (data.samples > LIMITS.maxSamples) {
    r.error(
      `samples = ${formatCount(data.samples)}; at most ${formatCount(LIMITS.maxSamples)}`,
      '/data/samples',
    );
  }
  if (data.classes > LIMITS.maxGeneratorClasses) {
    r.error(
      `classes = ${data.classes}; the generators make at most ${LIMITS.maxGeneratorClasses}`,
      '/data/classes',
    );
  }
  if (w && w.n !== s1) {
    r.error(
      `the ${data.generator} generator makes x with ${w.n} number${w.n === 1 ? '' : 's'}; ${shape.inputLayer}`,
      '/layers/0/units',
    );
  }
  if (data.generator === 'spiral' || data.generator === 'gaussian') {
    checkClassCount(data.classes, sL, L, '/data/classes', r);
  } else if (sL !== 1) {
    r.error(
      `the ${data.generator} generator makes one target y ∈ {0, 1}; ${shape.outputLayer} (use 1)`,
      `/layers/${L - 1}/units`,
    );
  }
}

function checkMnist(data: DataOf<'mnist'>, shape: Shape, r: Report): void {
  const n = data.size * data.size;
  if (n !== shape.s1) {
    r.error(
      `MNIST digits of ${data.size}×${data.size} pixels give n = ${n} inputs; ${shape.inputLayer} (set "size" or s_1 = ${n})`,
      '/layers/0/units',
    );
  }
  if (shape.sL !== 10)
    r.error(
      `MNIST has 10 classes (digits 0–9); ${shape.outputLayer} (use 10)`,
      `/layers/${shape.L - 1}/units`,
    );
}

/** A relative path inside the folder tree, and either target columns or one label column (with its classes). */
function checkCsv(data: DataOf<'csv'>, shape: Shape, r: Report): void {
  if (/^([a-zA-Z]:)?[\\/]/.test(data.path)) {
    r.error("the csv path must be relative to this file's folder, not absolute", '/data/csv');
  } else if (data.path.split(/[\\/]/).includes('..')) {
    r.error(
      'the csv path may not contain ".." : the file must be inside this file\'s folder tree',
      '/data/csv',
    );
  }
  const hasTargets = data.targetColumns.length > 0;
  if (hasTargets === (data.labelColumn !== null)) {
    r.error(
      hasTargets
        ? 'give either "targetColumns" or "labelColumn", not both'
        : 'csv data needs "targetColumns" (columns of y) or "labelColumn" (a column of class labels)',
      '/data',
    );
  }
  if (data.classes === null) return;
  if (hasTargets)
    r.error(
      '"classes" names the classes of "labelColumn"; with "targetColumns" leave it out',
      '/data/classes',
    );
  else checkClassCount(data.classes.length, shape.sL, shape.L, '/data/classes', r);
}

function checkClassCount(K: number, sL: number, L: number, pointer: string, r: Report): void {
  if (classWidth(K, sL) !== sL) {
    const need = K === 2 ? `s_${L} = 2 (or 1 sigmoid output)` : `s_${L} = ${K}`;
    r.error(`${K} classes need ${need} output units; layer ${L} has ${sL}`, pointer);
  }
}

function checkTraining(spec: NetworkSpec, raw: RawNetwork, r: Report): void {
  const t = spec.training;
  const m = knownSampleCount(spec.data);
  if (t.epochs > LIMITS.maxEpochs) {
    r.error(
      `epochs = ${formatCount(t.epochs)}; at most ${formatCount(LIMITS.maxEpochs)}`,
      '/training/epochs',
    );
  }
  if (t.earlyStopping && t.validationSplit === 0) {
    r.error(
      'early stopping watches the validation cost: set "validationSplit" above 0 (e.g. 0.2)',
      '/training/earlyStopping',
    );
  }
  if (m !== null && t.validationSplit > 0) {
    const held = Math.round(m * t.validationSplit);
    const v = validationCount(m, t.validationSplit);
    if (held >= m) {
      r.error(
        `validationSplit ${t.validationSplit} of m = ${m} samples holds out round(${m} × ${t.validationSplit}) = ${held}, leaving no training samples`,
        '/training/validationSplit',
      );
    } else if (held === 0) {
      r.warning(
        `validationSplit ${t.validationSplit} of m = ${m} samples holds out none (round(m × split) = 0)`,
        '/training/validationSplit',
      );
    }
    if (t.batchSize > m - v) {
      r.warning(
        `batchSize ${t.batchSize} is larger than the ${m - v} training samples; this is full batch`,
        '/training/batchSize',
      );
    }
  } else if (m !== null && t.batchSize > m) {
    r.warning(`batchSize ${t.batchSize} is larger than m = ${m}; this is full batch`, '/training/batchSize');
  }
  if (m !== null) {
    // B of one update: full batch is every training sample.
    const B =
      t.batchSize === 0
        ? m - (t.validationSplit > 0 ? validationCount(m, t.validationSplit) : 0)
        : Math.min(t.batchSize, m);
    const params = parameterCount(spec.layers.map((l) => l.units));
    const work = B * params * 3;
    if (work > LIMITS.maxWorkPerUpdate) {
      r.error(
        `one update would take about ${formatCount(work)} multiply-adds (B = ${formatCount(B)} samples × ${formatCount(params)} parameters × 3); at most ${formatCount(LIMITS.maxWorkPerUpdate)}: use mini-batches (e.g. "batchSize": 64)`,
        '/training/batchSize',
      );
    }
  }
  // A race of init rules is the symmetry demo itself: it trains a random init beside the zeros.
  if (
    t.init.name === 'zeros' &&
    spec.weights === null &&
    spec.layers.length > 2 &&
    raw.race?.vary !== 'init'
  ) {
    const p = typeof raw.training?.init === 'object' ? '/training/init/name' : '/training/init';
    r.warning(
      'with all Θ = 0 every unit of a hidden layer computes the same value and gets the same update, so they never differ (symmetry); use a random init',
      p,
    );
  }
}

/** Dataset size m × (n + K), when m is known. */
function checkDatasetSize(spec: NetworkSpec, r: Report): void {
  const m = knownSampleCount(spec.data);
  const w = dataWidths(spec.data, spec.layers[spec.layers.length - 1].units);
  if (m === null || !w) return;
  const values = m * ((w.n ?? 0) + w.K);
  if (values > LIMITS.maxDatasetValues) {
    r.error(
      `the data set would hold ${formatCount(values)} numbers (m = ${formatCount(m)} × (n + K)); at most ${formatCount(LIMITS.maxDatasetValues)}`,
      '/data',
    );
  }
}

/** A run longer than this at the file's own pace gets a warning (the pace was probably meant for a shorter run). */
const LONG_RUN_SECONDS = 3600;

/** "training.speed": warn when the file's pace makes its own run last over an hour. */
function checkSpeed(spec: NetworkSpec, r: Report): void {
  const t = spec.training;
  const ups = t.speed === undefined ? null : updatesPerSecond(t.speed);
  const m = knownSampleCount(spec.data);
  if (t.speed === undefined || ups === null || m === null) return;
  const mTrain = m - (t.validationSplit > 0 ? validationCount(m, t.validationSplit) : 0);
  const perEpoch = t.batchSize === 0 ? 1 : Math.ceil(mTrain / Math.min(t.batchSize, mTrain));
  const seconds = (t.epochs * perEpoch) / ups;
  if (seconds > LONG_RUN_SECONDS)
    r.warning(
      `at ${paceLabel(t.speed)} the ${formatCount(t.epochs)} epochs of ${formatCount(perEpoch)} update${perEpoch === 1 ? '' : 's'} each take about ${Math.round(seconds / 3600)} h; choose a faster pace for the whole run (the view's pace control changes it any time)`,
      '/training/speed',
    );
}

/** All semantic problems (errors and warnings), in the order checked. */
export function checkSemantics(spec: NetworkSpec, raw: RawNetwork, doc: JsonDocument): SpecError[] {
  const r = new Report(doc);
  const sizesOk = checkLayers(spec, raw, r);
  if (sizesOk) checkWeights(spec, r);
  checkData(spec, r);
  checkTraining(spec, raw, r);
  checkSpeed(spec, r);
  checkDatasetSize(spec, r);
  if (raw.race) for (const p of checkRace(raw.race, spec)) r.error(p.message, p.pointer);
  for (const p of checkExercises(spec)) r.error(p.message, p.pointer);
  return r.items;
}
