/**
 * Fuzz cases for the .nn.json reader: property-based texts (fast-check) and mutations of the examples.
 *
 * A case is reproducible from (seed, index) alone: `makeCase(seed, index)` draws one value of `caseArbitrary` with a
 * seed mixed from both. Mutations draw their positions and replacements from a small PRNG seeded by fast-check, so a
 * case is the same on every machine.
 */
import fc from 'fast-check';
import { ACTIVATIONS, GENERATORS, INITS, LOSSES, OPTIMIZERS } from '../../src/shared/names';

export interface FuzzCase {
  /** What kind of input this is, e.g. "valid-ish", "arbitrary-fields", "mutation:truncate:inside-string". */
  inputClass: string;
  /** The text the editor would see (bad UTF-8 already decoded with U+FFFD replacement characters). */
  text: string;
  /** The file's bytes when they are not the UTF-8 encoding of `text` (bad UTF-8 cases); else null. */
  bytes: Uint8Array | null;
}

/** A base text to mutate, with its name. */
export interface BaseText {
  name: string;
  text: string;
}

// ---------------------------------------------------------------- a tiny deterministic PRNG (mulberry32)

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Seed of case `index` of a run with seed `seed` (a 32-bit mix, so neighbouring cases differ). */
export function caseSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}

// ---------------------------------------------------------------- vocabulary

// The format's own name lists (src/shared/names.ts), in their order, so a seed replays the same cases.
/** CSV paths: files of the fixture folder (see fixtures.ts) and paths that must be refused. */
export const CSV_PATHS = [
  'data.csv',
  'labels.csv',
  'noheader.csv',
  'ragged.csv',
  'text.csv',
  'empty.csv',
  'sub/inner.csv',
  'escape.csv',
  'folder.csv',
  'missing.csv',
  '../outside.csv',
  'sub/../data.csv',
  '/etc/passwd',
  'C:\\data.csv',
  '',
];

/** Interesting numbers: limits and their neighbours, overflow, signs, 2^53. */
const NUMBER_TEXTS = [
  '1e308',
  '-1e308',
  '1e309',
  '-1e309',
  '-1',
  '0',
  '-0',
  '1e-400',
  '0.5',
  '1.5',
  '9007199254740992',
  '9007199254740993',
  '2e9',
  '4096',
  '4097',
  '16',
  '17',
  '60000',
  '60001',
  '1000000',
  '1000001',
  '1e21',
  '123456789012345678901234567890',
  '3.14159e2',
];
/** Things that look like numbers to a student but are not JSON. */
const NON_JSON_NUMBERS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '+1',
  '01',
  '.5',
  '1.',
  '0x10',
  '1e',
  '--1',
  '1_000',
  '∞',
];

// ---------------------------------------------------------------- property-based generators

const smallFloat = fc.double({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true });
const unit = fc.double({ min: 0, max: 1, noNaN: true, noDefaultInfinity: true });
/** A plausible value or, sometimes, anything JSON can hold. */
const or = <T>(plausible: fc.Arbitrary<T>, weight = 5): fc.Arbitrary<unknown> =>
  fc.oneof({ weight, arbitrary: plausible }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });

const layerArb = fc.record(
  {
    units: or(
      fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 6 }) }, fc.integer({ min: -2, max: 80 })),
    ),
    activation: or(fc.constantFrom(...ACTIVATIONS)),
    dropout: or(fc.oneof(fc.constant(0), unit)),
  },
  { requiredKeys: [] },
);

const optimizerArb = fc.oneof(
  fc.constantFrom(...OPTIMIZERS),
  fc.record(
    {
      name: or(fc.constantFrom(...OPTIMIZERS)),
      beta: or(unit),
      beta1: or(unit),
      beta2: or(unit),
      rho: or(unit),
      epsilon: or(fc.double({ min: 0, max: 1e-3, noNaN: true })),
    },
    { requiredKeys: [] },
  ),
);

const initArb = fc.oneof(
  fc.constantFrom(...INITS),
  fc.record(
    { name: or(fc.constantFrom(...INITS)), sigma: or(unit), epsilon: or(unit) },
    { requiredKeys: [] },
  ),
);

/** Training settings in their valid ranges (dependent rules, e.g. early stopping needs a split, may still fail). */
const cleanTrainingArb = fc.record(
  {
    learningRate: fc.double({ min: 1e-4, max: 5, noNaN: true }),
    lambda: fc.double({ min: 0, max: 3, noNaN: true }),
    epochs: fc.integer({ min: 0, max: 1000 }),
    batchSize: fc.oneof(fc.constant('full'), fc.integer({ min: 0, max: 12 })),
    optimizer: optimizerCleanArb(),
    init: fc.constantFrom(...INITS),
    seed: fc.integer({ min: 0, max: 2 ** 31 }),
    validationSplit: fc.oneof(
      { weight: 3, arbitrary: fc.constant(0) },
      fc.double({ min: 0, max: 0.5, noNaN: true }),
    ),
    earlyStopping: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, fc.boolean()),
  },
  { requiredKeys: [] },
);

function optimizerCleanArb(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(...OPTIMIZERS),
    fc.record(
      {
        name: fc.constantFrom(...OPTIMIZERS),
        beta: fc.double({ min: 0, max: 0.99, noNaN: true }),
        beta1: fc.double({ min: 0, max: 0.99, noNaN: true }),
        beta2: fc.double({ min: 0, max: 0.999, noNaN: true }),
        rho: fc.double({ min: 0, max: 0.99, noNaN: true }),
        epsilon: fc.double({ min: 1e-10, max: 1e-3, noNaN: true }),
      },
      { requiredKeys: ['name'] },
    ),
  );
}

const trainingArb = fc.record(
  {
    learningRate: or(fc.double({ min: -0.1, max: 5, noNaN: true })),
    lambda: or(fc.double({ min: -0.1, max: 3, noNaN: true })),
    epochs: or(fc.integer({ min: -1, max: 1000 })),
    batchSize: or(fc.oneof(fc.constant('full'), fc.integer({ min: -1, max: 12 }))),
    optimizer: or(optimizerArb),
    init: or(initArb),
    seed: or(fc.integer()),
    validationSplit: or(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true }))),
    earlyStopping: or(
      fc.oneof(
        fc.boolean(),
        fc.constant(null),
        fc.record(
          {
            patience: or(fc.integer({ min: -1, max: 20 })),
            minDelta: or(fc.double({ min: -1, max: 1, noNaN: true })),
            restoreBest: or(fc.boolean()),
          },
          { requiredKeys: [] },
        ),
      ),
    ),
  },
  { requiredKeys: [] },
);

/** A matrix of `rows` × `cols`; with `ragged`, one case in ten has a row too short or too long. */
const matrixArb = (
  rows: number,
  cols: number,
  cell: fc.Arbitrary<number>,
  ragged = true,
): fc.Arbitrary<number[][]> =>
  fc
    .tuple(
      fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
      fc.nat(20),
    )
    .map(([m, r]) => {
      if (ragged && r === 0 && m.length > 0) m[m.length - 1] = m[m.length - 1].slice(1);
      if (ragged && r === 1 && m.length > 0) m[0] = [...m[0], 0.5];
      return m;
    });

/**
 * A data source for n inputs and K outputs. `clean`: values in their valid ranges, a source that fits n and K
 * where one exists (the network may still be wrong elsewhere); otherwise any field may hold anything.
 */
function dataArb(n: number, K: number, clean: boolean): fc.Arbitrary<unknown> {
  const val = <T>(plausible: fc.Arbitrary<T>): fc.Arbitrary<unknown> => (clean ? plausible : or(plausible));
  const m = fc.integer({ min: 1, max: 12 });
  const inline = m.chain((rows) =>
    fc.record({ inputs: matrixArb(rows, n, smallFloat, !clean), targets: matrixArb(rows, K, unit, !clean) }),
  );
  const classCount = K === 1 ? 2 : K;
  const labels = m.chain((rows) =>
    fc.record({
      inputs: matrixArb(rows, n, smallFloat, !clean),
      labels: fc.array(fc.integer({ min: clean ? 0 : -1, max: classCount - (clean ? 1 : 0) }), {
        minLength: rows,
        maxLength: rows,
      }),
      classes: clean
        ? fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), {
            minLength: classCount,
            maxLength: classCount,
          })
        : fc.array(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: classCount + 1 }),
    }),
  );
  const fitting =
    n === 1 && K === 1
      ? ['not']
      : n === 2 && K === 1
        ? ['and', 'or', 'xor', 'xnor', 'circle', 'spiral', 'gaussian']
        : n === 2
          ? ['spiral', 'gaussian']
          : GENERATORS;
  const generator = fc.record(
    {
      generator: val(fc.constantFrom(...(clean ? fitting : GENERATORS))),
      samples: val(fc.integer({ min: clean ? 1 : -1, max: 400 })),
      noise: val(fc.double({ min: clean ? 0 : -0.1, max: 1, noNaN: true })),
      classes: clean ? fc.constant(Math.max(2, K)) : or(fc.integer({ min: 1, max: 17 })),
      seed: val(fc.integer({ min: clean ? 0 : -5, max: 2 ** 31 })),
    },
    { requiredKeys: ['generator'] },
  );
  const csv = clean
    ? fc.oneof(
        fc.record({
          csv: fc.constantFrom(
            'data.csv',
            'sub/inner.csv',
            'ragged.csv',
            'text.csv',
            'missing.csv',
            'escape.csv',
            '../outside.csv',
          ),
          targetColumns: fc.constant(['y']),
        }),
        fc.record({
          csv: fc.constant('noheader.csv'),
          header: fc.constant(false),
          targetColumns: fc.constant([2]),
        }),
        fc.record({ csv: fc.constant('labels.csv'), labelColumn: fc.constant('label') }),
      )
    : fc.record(
        {
          csv: or(fc.constantFrom(...CSV_PATHS), 10),
          header: or(fc.boolean()),
          targetColumns: or(
            fc.array(fc.oneof(fc.constantFrom('y', 'x1', 'nope'), fc.integer({ min: -1, max: 4 })), {
              maxLength: 3,
            }),
          ),
          labelColumn: or(fc.oneof(fc.constantFrom('label', 'y', 'x2'), fc.integer({ min: -1, max: 4 }))),
          classes: or(fc.array(fc.constantFrom('a', 'b', 'c', '0', '1'), { maxLength: 4 })),
        },
        { requiredKeys: ['csv'] },
      );
  // MNIST reads all 10,000 digits whatever `samples` is (about 1.5 s), so it is drawn rarely.
  const mnist = fc.record({
    mnist: fc.record(
      {
        samples: val(fc.integer({ min: clean ? 1 : -1, max: 60 })),
        size: val(fc.integer({ min: clean ? 1 : 0, max: clean ? 28 : 29 })),
      },
      { requiredKeys: [] },
    ),
  });
  const sources = fc.oneof(
    { weight: 30, arbitrary: inline },
    { weight: 15, arbitrary: labels },
    { weight: 30, arbitrary: generator },
    { weight: 20, arbitrary: csv },
    { weight: 1, arbitrary: mnist },
  );
  return clean ? sources : or(sources, 20);
}

/** Θ^(1..L−1) of the right shapes (s_{l+1} × (s_l + 1)), or slightly wrong ones. */
function weightsArb(units: number[]): fc.Arbitrary<unknown> {
  const shapes = units.slice(1).map((s, l) => [s, units[l] + 1] as const);
  const right = fc.tuple(...shapes.map(([r, c]) => matrixArb(r, c, smallFloat, false)));
  const wrong = fc.tuple(...shapes.map(([r, c]) => matrixArb(r, c + 1, smallFloat)));
  return fc.oneof(
    { weight: 12, arbitrary: right },
    { weight: 1, arbitrary: wrong },
    { weight: 1, arbitrary: right.map((w) => w.slice(1)) },
  );
}

/** Layer i of L with s = u units: no activation on the input layer, softmax only on the output layer. */
function layerOf(u: number, i: number, L: number): fc.Arbitrary<unknown> {
  if (i === 0) return fc.record({ units: fc.constant(u) });
  if (i === L - 1)
    return fc.record({
      units: fc.constant(u),
      activation: fc.constantFrom('sigmoid', 'sigmoid', 'softmax', 'linear', 'tanh'),
    });
  return fc.record(
    {
      units: fc.constant(u),
      activation: fc.constantFrom('sigmoid', 'tanh', 'relu', 'linear'),
      dropout: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.9, noNaN: true })),
    },
    { requiredKeys: ['units'] },
  );
}

/** A network that is valid or close to it: random L, s_l, g, loss, optimizer, data and training. */
export const validishArb: fc.Arbitrary<unknown> = fc
  .array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 5 })
  .chain((units) =>
    fc.record(
      {
        name: fc.string({ maxLength: 20 }),
        description: fc.string({ maxLength: 40 }),
        layers: fc.tuple(...units.map((u, i) => layerOf(u, i, units.length))),
        weights: weightsArb(units),
        loss: fc.constantFrom('cross-entropy', 'cross-entropy', 'mse'),
        data: dataArb(units[0], units[units.length - 1], true),
        training: cleanTrainingArb,
      },
      { requiredKeys: ['layers', 'data'] },
    ),
  );

/** Every known field present or not, each holding a plausible value or an arbitrary JSON value. */
export const arbitraryFieldsArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  {
    weight: 6,
    arbitrary: fc.record(
      {
        $schema: fc.jsonValue({ maxDepth: 1 }),
        name: or(fc.string()),
        description: or(fc.string({ unit: 'binary' })),
        layers: or(fc.array(or(layerArb), { maxLength: 6 })),
        weights: or(
          fc.array(fc.array(fc.array(or(smallFloat, 10), { maxLength: 4 }), { maxLength: 4 }), {
            maxLength: 4,
          }),
        ),
        loss: or(fc.constantFrom(...LOSSES)),
        data: dataArb(2, 1, false),
        training: or(trainingArb),
        extra: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
  },
);

// ---------------------------------------------------------------- mutations

type Mutated = { text: string; bytes?: Uint8Array; kind?: string };
type Mutation = (text: string, rng: Rng, extra: unknown) => Mutated;

/** Positions of one kind in a JSON text, for truncation. */
function positionsOf(text: string, kind: string): number[] {
  const out: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (kind === 'inside-string') out.push(i);
      if (c === '\\') {
        if (kind === 'inside-escape') out.push(i + 1);
        i++;
      } else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      continue;
    }
    if (kind === 'after-open' && (c === '{' || c === '[')) out.push(i + 1);
    if (kind === 'after-colon' && c === ':') out.push(i + 1);
    if (kind === 'after-comma' && c === ',') out.push(i + 1);
    if (kind === 'before-close' && (c === '}' || c === ']')) out.push(i);
    if (kind === 'inside-number' && /[0-9.eE+-]/.test(c)) out.push(i);
  }
  return out;
}

const TRUNCATIONS = [
  'anywhere',
  'after-open',
  'after-colon',
  'after-comma',
  'before-close',
  'inside-string',
  'inside-escape',
  'inside-number',
];

/** Every JSON pointer path of a value (objects and arrays, up to `max` paths). */
function paths(
  v: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
  max = 2000,
): (string | number)[][] {
  if (out.length >= max) return out;
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out, max));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) paths(x, [...prefix, k], out, max);
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return root;
}

const WRONG_VALUES: unknown[] = [
  null,
  true,
  false,
  'x',
  '',
  '1',
  0,
  -1,
  1.5,
  1e308,
  [],
  {},
  [[]],
  [null],
  { units: 2 },
];

/** Replaces the i-th match of `re` in `text` with `replacement`. */
function replaceMatch(text: string, re: RegExp, rng: Rng, replacement: (m: string) => string): string {
  const matches = [...text.matchAll(re)];
  if (matches.length === 0) return text;
  const m = rng.pick(matches);
  const at = m.index ?? 0;
  return text.slice(0, at) + replacement(m[0]) + text.slice(at + m[0].length);
}

const NUMBER_RE = /-?\d+(\.\d+)?([eE][+-]?\d+)?/g;
const STRING_RE = /"(?:[^"\\]|\\.)*"/g;
const VALUE_START_RE = /:\s*|\[\s*/g;

function insertAt(text: string, rng: Rng, piece: string): string {
  const at = rng.int(text.length + 1);
  return text.slice(0, at) + piece + text.slice(at);
}

const BAD_UTF8: number[][] = [
  [0xff],
  [0xfe, 0xfe],
  [0xc3], // a lead byte without its continuation
  [0x80], // a lone continuation byte
  [0xc0, 0xaf], // overlong "/"
  [0xed, 0xa0, 0x80], // an encoded surrogate
  [0xe2, 0x82], // truncated 3-byte sequence
  [0xf8, 0x88, 0x80, 0x80, 0x80], // 5-byte form
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
];

export const MUTATIONS: Record<string, Mutation> = {
  truncate: (text, rng) => {
    const kind = rng.pick(TRUNCATIONS);
    const at = kind === 'anywhere' ? [rng.int(text.length + 1)] : positionsOf(text, kind);
    const cut = at.length > 0 ? rng.pick(at) : rng.int(text.length + 1);
    return { text: text.slice(0, cut), kind };
  },
  'wrong-type': (text, rng, extra) => {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return { text: text.replace(/:\s*[^,{}[\]]+/, ': ' + JSON.stringify(extra)) };
    }
    const p = rng.pick(paths(v));
    const value = rng.next() < 0.6 ? rng.pick(WRONG_VALUES) : extra;
    return { text: JSON.stringify(setAt(v, p, value), null, rng.next() < 0.5 ? 2 : undefined) };
  },
  'huge-number': (text, rng) => {
    let t = text;
    const times = 1 + rng.int(3);
    for (let i = 0; i < times; i++) t = replaceMatch(t, NUMBER_RE, rng, () => rng.pick(NUMBER_TEXTS));
    return { text: t };
  },
  'non-json-number': (text, rng) => ({
    text: replaceMatch(text, NUMBER_RE, rng, () => rng.pick(NON_JSON_NUMBERS)),
  }),
  'deep-nesting': (text, rng) => {
    const depth = rng.pick([33, 200, 10_000, 100_000]);
    const open = rng.pick(['[', '{"a":', '[{"b":']);
    const close = open === '[' ? ']' : open === '{"a":' ? '}' : '}]';
    const balanced = rng.next() < 0.6;
    const piece = open.repeat(depth) + (balanced ? '1' + close.repeat(depth) : '');
    return {
      text: replaceMatch(text, VALUE_START_RE, rng, (m) => m + piece + (balanced ? ',' : '')),
      kind: `${depth}${balanced ? '' : '-unclosed'}`,
    };
  },
  'enormous-string': (text, rng) => {
    // 10 MB stays under the 16 MiB limit (read, then refused or kept as a name); 17 MB is refused before parsing.
    const size = rng.pick([10_000_000, 17_000_000]);
    const big = '"' + 'ab\u00e9\u4e2d'.repeat(size / 4) + '"';
    return { text: replaceMatch(text, STRING_RE, rng, () => big), kind: `${size / 1e6}MB` };
  },
  'duplicate-key': (text, rng, extra) => ({
    text: replaceMatch(
      text,
      /"[A-Za-z$]+"\s*:/g,
      rng,
      (m) => `${m} ${JSON.stringify(extra) ?? 'null'}, ${m}`,
    ),
  }),
  ragged: (text, rng) => {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return { text: text.replace(/\[\s*-?\d[^\]]*\]/, '[1]') };
    }
    const rows = paths(v).filter((p) => {
      let n: unknown = v;
      for (const s of p) n = (n as Record<string | number, unknown>)[s];
      return Array.isArray(n) && n.every((x) => typeof x === 'number') && p.length > 1;
    });
    if (rows.length === 0) return { text };
    const p = rng.pick(rows);
    let row: unknown = v;
    for (const s of p) row = (row as Record<string | number, unknown>)[s];
    const r = row as number[];
    const next = rng.next() < 0.5 ? r.slice(0, -1) : [...r, 0.25, -3];
    return { text: JSON.stringify(setAt(v, p, next), null, 2) };
  },
  'bad-utf8': (text, rng) => {
    const bytes = Buffer.from(text, 'utf8');
    const times = 1 + rng.int(3);
    let out: Uint8Array = bytes;
    for (let i = 0; i < times; i++) {
      const at = rng.int(out.length + 1);
      const bad = rng.pick(BAD_UTF8);
      out = Buffer.concat([out.subarray(0, at), Buffer.from(bad), out.subarray(at)]);
    }
    return { text: new TextDecoder('utf-8').decode(out), bytes: out };
  },
  'lone-surrogate': (text, rng) => {
    const which = rng.int(3);
    if (which === 0)
      return { text: insertAt(text, rng, rng.pick(['\ud800', '\udfff', '\udbff'])), kind: 'raw' };
    if (which === 1)
      return {
        text: replaceMatch(text, STRING_RE, rng, (m) => m.slice(0, -1) + '\ud83d"'),
        kind: 'in-string',
      };
    return { text: replaceMatch(text, STRING_RE, rng, (m) => m.slice(0, -1) + '\\ud800"'), kind: 'escaped' };
  },
  bom: (text, rng) =>
    rng.next() < 0.7
      ? { text: '\ufeff' + text, kind: 'leading' }
      : { text: insertAt(text, rng, '\ufeff'), kind: 'inside' },
  'control-chars': (text, rng) => {
    let t = text;
    const times = 1 + rng.int(4);
    for (let i = 0; i < times; i++) {
      const c = rng.pick([0, 1, 7, 8, 9, 11, 12, 13, 27, 31, 127, 0x85, 0x2028, 0x2029, 0xfffe]);
      t = insertAt(t, rng, String.fromCharCode(c));
    }
    return { text: t };
  },
  line: (text, rng) => {
    const style = rng.pick(['\r\n', '\r', '\u2028']);
    return { text: text.replace(/\n/g, style), kind: JSON.stringify(style) };
  },
  havoc: (text, rng) => {
    let t = text;
    const times = 1 + rng.int(8);
    for (let i = 0; i < times; i++) {
      const at = rng.int(t.length + 1);
      const op = rng.int(3);
      if (op === 0) t = t.slice(0, at) + t.slice(at + 1 + rng.int(4));
      else if (op === 1)
        t =
          t.slice(0, at) +
          rng.pick(['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '0', '-', 'e', 'null']) +
          t.slice(at);
      else {
        const from = rng.int(t.length);
        t = t.slice(0, at) + t.slice(from, from + 1 + rng.int(20)) + t.slice(at);
      }
    }
    return { text: t };
  },
  splice: (text, rng, extra) => {
    const other = typeof extra === 'string' ? extra : (JSON.stringify(extra) ?? '');
    const at = rng.int(text.length + 1);
    return { text: text.slice(0, at) + other + text.slice(at + rng.int(40)) };
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);
/** Mutations that make texts of megabytes; drawn less often so a 10,000-case run stays a few minutes. */
const HEAVY = new Set(['enormous-string', 'deep-nesting']);

function mutationArb(bases: readonly BaseText[]): fc.Arbitrary<FuzzCase> {
  const light = MUTATION_NAMES.filter((n) => !HEAVY.has(n));
  const heavy = MUTATION_NAMES.filter((n) => HEAVY.has(n));
  return fc
    .record({
      base: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...bases) },
        {
          weight: 2,
          arbitrary: validishArb.map((v) => ({ name: 'valid-ish', text: JSON.stringify(v, null, 2) })),
        },
      ),
      op: fc.oneof(
        { weight: 20, arbitrary: fc.constantFrom(...light) },
        { weight: 1, arbitrary: fc.constantFrom(...heavy) },
      ),
      seed: fc.integer(),
      rounds: fc.oneof(
        { weight: 4, arbitrary: fc.constant(1) },
        { weight: 1, arbitrary: fc.integer({ min: 2, max: 4 }) },
      ),
      extra: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ unit: 'binary', maxLength: 20 })),
    })
    .map(({ base, op, seed, rounds, extra }) => {
      const rng = new Rng(seed);
      let out: Mutated = MUTATIONS[op](base.text, rng, extra);
      let label = `mutation:${op}${out.kind ? ':' + out.kind : ''}`;
      // Further light rounds on top (not after bad UTF-8, whose bytes are the point).
      for (let r = 1; r < rounds && !out.bytes && out.text.length < 1_000_000; r++) {
        const next = rng.pick(light);
        out = MUTATIONS[next](out.text, rng, extra);
        label += `+${next}`;
      }
      return { inputClass: `${label} of ${base.name}`, text: out.text, bytes: out.bytes ?? null };
    });
}

/** All cases: valid-ish networks, arbitrary values in every field, mutations of the bases. */
export function caseArbitrary(bases: readonly BaseText[]): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: validishArb.map((v) => ({
        inputClass: 'valid-ish',
        text: JSON.stringify(v, null, 2),
        bytes: null,
      })),
    },
    {
      weight: 2,
      arbitrary: arbitraryFieldsArb.map((v) => ({
        inputClass: 'arbitrary-fields',
        text: JSON.stringify(v) ?? 'undefined',
        bytes: null,
      })),
    },
    { weight: 5, arbitrary: mutationArb(bases) },
  );
}

/** Case `index` of the run with `seed`. */
export function makeCase(arb: fc.Arbitrary<FuzzCase>, seed: number, index: number): FuzzCase {
  return fc.sample(arb, { seed: caseSeed(seed, index), numRuns: 1 })[0];
}
