import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetwork, type SpecError } from '../../../src/format';

const XNOR = `{
  "name": "XNOR",
  "layers": [{ "units": 2 }, { "units": 2, "activation": "sigmoid" }, { "units": 1, "activation": "sigmoid" }],
  "weights": [[[-30, 20, 20], [10, -20, -20]], [[-10, 20, 20]]],
  "loss": "cross-entropy",
  "data": { "inputs": [[0,0],[0,1],[1,0],[1,1]], "targets": [[1],[0],[0],[1]] },
  "training": { "lambda": 0, "seed": 1 }
}`;

function errorsOf(text: string): SpecError[] {
  const r = parseNetwork(text);
  assert.equal(r.ok, false, 'expected errors');
  return r.ok ? [] : r.errors.filter((e) => e.severity === 'error');
}

/** The single error (asserts there is exactly one). */
function onlyError(text: string): SpecError {
  const errors = errorsOf(text);
  assert.equal(errors.length, 1, JSON.stringify(errors, null, 1));
  return errors[0];
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function where(text: string, needle: string, from = 0): { line: number; column: number; offset: number } {
  const offset = text.indexOf(needle, from);
  assert.ok(offset >= 0, `${needle} not in text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1, offset };
}

test('the XNOR network parses with every default filled in', () => {
  const r = parseNetwork(XNOR);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.deepEqual(r.warnings, []);
  const s = r.spec;
  assert.equal(s.name, 'XNOR');
  assert.equal(s.description, '');
  assert.deepEqual(
    s.layers.map((l) => [l.units, l.activation, l.dropout]),
    [
      [2, 'linear', 0],
      [2, 'sigmoid', 0],
      [1, 'sigmoid', 0],
    ],
  );
  assert.deepEqual(s.weights, [
    [
      [-30, 20, 20],
      [10, -20, -20],
    ],
    [[-10, 20, 20]],
  ]);
  assert.deepEqual(s.training, {
    learningRate: 0.5,
    lambda: 0,
    epochs: 1000,
    batchSize: 0,
    optimizer: { name: 'gd', beta: 0.9, beta1: 0.9, beta2: 0.999, rho: 0.95, epsilon: 1e-8 },
    init: { name: 'normal', sigma: 1, epsilon: 0.12 },
    seed: 1,
    validationSplit: 0,
    earlyStopping: null,
  });
  assert.deepEqual(s.data, {
    kind: 'inline',
    inputs: [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ],
    targets: [[1], [0], [0], [1]],
  });
});

test('optimizer, init, batchSize and earlyStopping forms are normalized', () => {
  const text = `{"layers":[{"units":2},{"units":1}],"data":{"generator":"xor"},
  "training":{"batchSize":"full","optimizer":{"name":"adam","beta1":0.8},"init":{"name":"normal","sigma":0.5},
  "validationSplit":0.25,"earlyStopping":{"patience":3}}}`;
  const r = parseNetwork(text);
  assert.ok(r.ok, JSON.stringify(r));
  if (!r.ok) return;
  assert.equal(r.spec.training.batchSize, 0);
  assert.deepEqual(r.spec.training.optimizer, {
    name: 'adam',
    beta: 0.9,
    beta1: 0.8,
    beta2: 0.999,
    rho: 0.95,
    epsilon: 1e-8,
  });
  assert.deepEqual(r.spec.training.init, { name: 'normal', sigma: 0.5, epsilon: 0.12 });
  assert.deepEqual(r.spec.training.earlyStopping, { patience: 3, minDelta: 0, restoreBest: true });
  assert.deepEqual(r.spec.data, {
    kind: 'generator',
    generator: 'xor',
    samples: 4,
    noise: 0,
    classes: 2,
    seed: 1,
  });
  const rms = parseNetwork(
    `{"layers":[{"units":2},{"units":1}],"data":{"generator":"xor"},"training":{"optimizer":"adadelta","earlyStopping":true,"validationSplit":0.5}}`,
  );
  assert.ok(rms.ok);
  if (rms.ok) {
    assert.equal(rms.spec.training.optimizer.epsilon, 1e-6);
    assert.deepEqual(rms.spec.training.earlyStopping, { patience: 10, minDelta: 0, restoreBest: true });
  }
});

test('labels + classes, csv and mnist sources are normalized', () => {
  const labels = parseNetwork(`{"layers":[{"units":1},{"units":3,"activation":"softmax"}],
    "data":{"inputs":[[0],[1],[2]],"labels":[0,2,1],"classes":["a","b","c"]}}`);
  assert.ok(labels.ok);
  if (labels.ok)
    assert.deepEqual(labels.spec.data, {
      kind: 'labels',
      inputs: [[0], [1], [2]],
      labels: [0, 2, 1],
      classes: ['a', 'b', 'c'],
    });
  const csv = parseNetwork(
    `{"layers":[{"units":2},{"units":1}],"data":{"csv":"d/p.csv","labelColumn":"class"}}`,
  );
  assert.ok(csv.ok);
  if (csv.ok) {
    assert.deepEqual(csv.spec.data, {
      kind: 'csv',
      path: 'd/p.csv',
      header: true,
      targetColumns: [],
      labelColumn: 'class',
      classes: null,
    });
  }
  const mnist = parseNetwork(
    `{"layers":[{"units":784},{"units":10,"activation":"softmax"}],"data":{"mnist":{}}}`,
  );
  assert.ok(mnist.ok);
  if (mnist.ok) assert.deepEqual(mnist.spec.data, { kind: 'mnist', samples: 10000, size: 28 });
});

test('a syntax error is located', () => {
  const text = '{\n  "layers": [\n    { "units": 2 }\n    { "units": 1 }\n  ]\n}';
  const e = errorsOf(text)[0];
  assert.match(e.message, /comma/);
  assert.equal(e.line, 4);
  assert.equal(e.column, 5);
});

test('NaN, Infinity and -Infinity get a specific message at their position', () => {
  for (const word of ['NaN', 'Infinity', '-Infinity']) {
    const text = XNOR.replace('[-10, 20, 20]', `[${word}, 20, 20]`);
    const e = onlyError(text);
    const w = where(text, word);
    assert.ok(e.message.startsWith(`JSON has no ${word}; write a number`), e.message);
    assert.equal(e.line, w.line);
    assert.equal(e.column, w.column);
    assert.equal(e.offset, w.offset);
    assert.equal(e.length, word.length);
  }
});

test('a number overflowing to Infinity is refused', () => {
  const text = XNOR.replace('[-10, 20, 20]', '[-10, 1e999, 20]');
  const e = onlyError(text);
  assert.match(e.message, /1e999 is too large/);
  assert.equal(e.pointer, '/weights/1/0/1');
  assert.equal(e.column, where(text, '1e999').column);
});

test('comments and trailing commas are JSON errors', () => {
  const comment = onlyError(XNOR.replace('"name": "XNOR",', '"name": "XNOR", // the slide'));
  assert.match(comment.message, /no comments/);
  assert.equal(comment.line, 2);
  const trailing = XNOR.replace('"seed": 1 }', '"seed": 1, }');
  const e = onlyError(trailing);
  assert.match(e.message, /trailing comma/);
  assert.equal(e.line, 7);
});

test('duplicate keys are reported at the second key, naming the first', () => {
  const text = XNOR.replace('"loss": "cross-entropy",', '"loss": "cross-entropy", "loss": "mse",');
  const e = onlyError(text);
  const second = where(text, '"loss"', where(text, '"loss"').offset + 1);
  assert.match(e.message, /duplicate key "loss" \(first written at line 5, column 3\)/);
  assert.equal(e.pointer, '/loss');
  assert.equal(e.line, second.line);
  assert.equal(e.column, second.column);
});

test('missing required fields are reported ("data" is optional: a network without it only predicts)', () => {
  const errors = errorsOf('{"name": "x"}');
  assert.deepEqual(
    errors.map((e) => [e.message, e.pointer, e.line, e.column]),
    [['the file is missing the required property "layers"', '', 1, 1]],
  );
  const none = parseNetwork('{"layers": [{"units": 2}, {"units": 1}], "weights": [[[0, 1, 1]]]}');
  assert.ok(none.ok && none.spec.data.kind === 'none');
  const units = onlyError(
    '{"layers": [{"units": 2}, {"activation": "sigmoid"}], "data": {"generator": "xor"}}',
  );
  assert.equal(units.message, 'layers[1] is missing the required property "units"');
  assert.equal(units.pointer, '/layers/1');
  const data = onlyError('{"layers": [{"units": 2}, {"units": 1}],\n "data": {}}');
  assert.match(data.message, /data needs one source/);
  assert.deepEqual([data.line, data.column], [2, 2]);
});

test('wrong types are reported at the value', () => {
  const text = '{"layers": [{"units": "2"}, {"units": 1}], "data": {"generator": "xor"}}';
  const e = onlyError(text);
  assert.equal(e.message, 'layers[0].units must be a whole number, found a string ("2")');
  assert.equal(e.pointer, '/layers/0/units');
  assert.equal(e.column, where(text, '"2"').column);
  const lr = onlyError(
    '{"layers": [{"units": 2}, {"units": 1}], "data": {"generator": "xor"}, "training": {"learningRate": "fast"}}',
  );
  assert.match(lr.message, /training.learningRate must be a number/);
});

test('unknown properties are located at their key with a suggestion', () => {
  const text = '{"layers": [{"units": 2}, {"units": 1}], "data": {"generator": "xor"}, "trainig": {}}';
  const e = onlyError(text);
  assert.match(e.message, /unknown property "trainig" at the top level \(did you mean "training"\?\)/);
  assert.equal(e.pointer, '/trainig');
  assert.equal(e.column, where(text, '"trainig"').column);
  assert.equal(e.length, '"trainig"'.length);
});

test('an unknown activation lists the valid ones', () => {
  const text = XNOR.replace(
    '{ "units": 1, "activation": "sigmoid" }',
    '{ "units": 1, "activation": "sigmod" }',
  );
  const e = onlyError(text);
  assert.equal(
    e.message,
    'unknown activation "sigmod" (did you mean "sigmoid"?); valid activations: sigmoid, tanh, relu, linear, softmax',
  );
  assert.equal(e.pointer, '/layers/2/activation');
  assert.deepEqual([e.line, e.column], [3, where(text, '"sigmod"').column]);
});

test('a misspelt optimizer name in the object form points at the name', () => {
  const e = onlyError(
    '{"layers":[{"units":2},{"units":1}],"data":{"generator":"xor"},"training":{"optimizer":{"name":"adamm"}}}',
  );
  assert.match(e.message, /unknown optimizer "adamm" \(did you mean "adam"\?\)/);
  assert.equal(e.pointer, '/training/optimizer/name');
  const b = onlyError(
    '{"layers":[{"units":2},{"units":1}],"data":{"generator":"xor"},"training":{"batchSize":"half"}}',
  );
  assert.match(b.message, /batchSize must be "full" or a whole number/);
});

test('softmax on a hidden layer and on a single output are errors', () => {
  const hidden = XNOR.replace(
    '{ "units": 2, "activation": "sigmoid" }',
    '{ "units": 2, "activation": "softmax" }',
  );
  const e = onlyError(hidden);
  assert.match(e.message, /softmax belongs on the output layer \(layer 3\); layer 2 is hidden/);
  assert.equal(e.pointer, '/layers/1/activation');
  const single = XNOR.replace(
    '{ "units": 1, "activation": "sigmoid" }',
    '{ "units": 1, "activation": "softmax" }',
  );
  const s = onlyError(single);
  assert.match(s.message, /softmax over one output unit is always 1/);
  assert.equal(s.pointer, '/layers/2/activation');
});

test('a weight matrix of the wrong shape names the expected s_{l+1} × (s_l + 1)', () => {
  const text = XNOR.replace('[[-10, 20, 20]]', '[[-10, 20]]');
  const e = onlyError(text);
  assert.equal(e.message, 'Θ^(2) must be 1 × 3 (s_3 × (s_2 + 1)), found 1 × 2');
  assert.equal(e.pointer, '/weights/1');
  assert.equal(e.column, where(text, '[[-10, 20]]').column);
  const rows = onlyError(XNOR.replace('[[-30, 20, 20], [10, -20, -20]]', '[[-30, 20, 20]]'));
  assert.equal(rows.message, 'Θ^(1) must be 2 × 3 (s_2 × (s_1 + 1)), found 1 × 3');
  const count = onlyError(XNOR.replace(', [[-10, 20, 20]]]', ']'));
  assert.match(
    count.message,
    /weights has 1 matrix; a network of L = 3 layers needs L − 1 = 2: Θ\^\(1\), Θ\^\(2\)/,
  );
});

test('ragged weight rows are reported per row', () => {
  const text = XNOR.replace('[10, -20, -20]', '[10, -20]');
  const e = onlyError(text);
  assert.match(e.message, /ragged rows: row 2 of Θ\^\(1\) has 2 numbers; every row has s_1 \+ 1 = 3/);
  assert.equal(e.pointer, '/weights/0/1');
  assert.equal(e.column, where(text, '[10, -20]').column);
});

test('data widths must match s_1 and s_L', () => {
  const inputs = onlyError(XNOR.replace('[[0,0],[0,1],[1,0],[1,1]]', '[[0,0],[0,1,1],[1,0],[1,1]]'));
  assert.equal(inputs.message, 'inputs row 1 has 3 numbers but layer 1 has s_1 = 2 units');
  assert.equal(inputs.pointer, '/data/inputs/1');
  const all = onlyError(XNOR.replace('[[1],[0],[0],[1]]', '[[1,0],[0,1],[0,1],[1,0]]'));
  assert.equal(all.message, 'targets rows have 2 numbers but layer 3 has s_3 = 1 units');
  const count = onlyError(XNOR.replace('[[1],[0],[0],[1]]', '[[1],[0],[0]]'));
  assert.match(count.message, /targets has 3 rows but inputs has 4/);
  const gen = onlyError('{"layers":[{"units":3},{"units":1}],"data":{"generator":"xor"}}');
  assert.match(gen.message, /the xor generator makes x with 2 numbers; layer 1 has s_1 = 3 units/);
  assert.equal(gen.pointer, '/layers/0/units');
  const mnist = onlyError(
    '{"layers":[{"units":784},{"units":10,"activation":"softmax"}],"data":{"mnist":{"size":20}}}',
  );
  assert.match(mnist.message, /20×20 pixels give n = 400 inputs; layer 1 has s_1 = 784/);
});

test('cross-entropy targets outside [0, 1] are errors at the cell', () => {
  const text = XNOR.replace('[[1],[0],[0],[1]]', '[[1],[0],[2],[1]]');
  const e = onlyError(text);
  assert.match(e.message, /y = 2 is outside \[0, 1\]/);
  assert.equal(e.pointer, '/data/targets/2/0');
  assert.equal(e.column, where(text, '[2]').column + 1);
  const mse = parseNetwork(text.replace('"cross-entropy"', '"mse"'));
  assert.ok(mse.ok);
});

test('cross-entropy needs sigmoid or softmax outputs', () => {
  const e = onlyError(
    XNOR.replace('{ "units": 1, "activation": "sigmoid" }', '{ "units": 1, "activation": "relu" }'),
  );
  assert.match(e.message, /cross-entropy needs outputs in \(0, 1\): layer 3 uses relu/);
  assert.equal(e.pointer, '/layers/2/activation');
});

const LABELS = (labels: string, classes: string, out = 4) => `{
  "layers": [{"units": 1}, {"units": ${out}, "activation": "softmax"}],
  "data": {"inputs": [[0],[1],[2],[3]], "labels": ${labels}, "classes": ${classes}}
}`;

test('labels out of range and class counts', () => {
  const four = '["pedestrian","car","motorcycle","truck"]';
  assert.ok(parseNetwork(LABELS('[0,1,2,3]', four)).ok);
  const text = LABELS('[0,1,4,3]', four);
  const e = onlyError(text);
  assert.equal(e.message, 'label 4 is out of range: classes has 4 names, so labels are 0 … 3');
  assert.equal(e.pointer, '/data/labels/2');
  assert.deepEqual([e.line, e.column], [3, where(text, '4,3]').column]);
  const k = onlyError(LABELS('[0,1,2,0]', '["a","b","c"]'));
  assert.equal(k.message, '3 classes need s_2 = 3 output units; layer 2 has 4');
  assert.equal(k.pointer, '/data/classes');
  // Two classes may use a single sigmoid output.
  const two = `{"layers": [{"units": 1}, {"units": 1}], "data": {"inputs": [[0],[1]], "labels": [0,1], "classes": ["no","yes"]}}`;
  assert.ok(parseNetwork(two).ok);
});

test('dropout on the input or output layer is an error', () => {
  const input = onlyError(XNOR.replace('[{ "units": 2 },', '[{ "units": 2, "dropout": 0.2 },'));
  assert.match(
    input.message,
    /dropout applies to hidden layers only \(layers 2 … 2\); layer 1 is the input layer/,
  );
  assert.equal(input.pointer, '/layers/0/dropout');
  const output = onlyError(
    XNOR.replace(
      '{ "units": 1, "activation": "sigmoid" }',
      '{ "units": 1, "activation": "sigmoid", "dropout": 0.5 }',
    ),
  );
  assert.match(output.message, /layer 3 is the output layer/);
  assert.ok(
    parseNetwork(
      XNOR.replace(
        '{ "units": 2, "activation": "sigmoid" }',
        '{ "units": 2, "activation": "sigmoid", "dropout": 0.5 }',
      ),
    ).ok,
  );
});

test('validationSplit must leave training samples; early stopping needs a split', () => {
  const none = onlyError(XNOR.replace('"lambda": 0,', '"lambda": 0, "validationSplit": 0.9,'));
  assert.match(none.message, /holds out round\(4 × 0.9\) = 4, leaving no training samples/);
  assert.equal(none.pointer, '/training/validationSplit');
  const es = onlyError(XNOR.replace('"lambda": 0,', '"lambda": 0, "earlyStopping": true,'));
  assert.match(es.message, /early stopping watches the validation cost/);
  const warn = parseNetwork(XNOR.replace('"lambda": 0,', '"lambda": 0, "validationSplit": 0.1,'));
  assert.ok(warn.ok);
  if (warn.ok) assert.match(warn.warnings[0].message, /holds out none/);
});

test('the input layer activation is ignored with a warning; zeros init warns about symmetry', () => {
  const r = parseNetwork(XNOR.replace('[{ "units": 2 },', '[{ "units": 2, "activation": "relu" },'));
  assert.ok(r.ok);
  if (r.ok) {
    assert.equal(r.warnings.length, 1);
    assert.equal(r.warnings[0].severity, 'warning');
    assert.equal(r.warnings[0].pointer, '/layers/0/activation');
    assert.equal(r.spec.layers[0].activation, 'linear');
  }
  const z = parseNetwork(
    '{"layers":[{"units":2},{"units":2},{"units":1}],"data":{"generator":"xor"},"training":{"init":"zeros"}}',
  );
  assert.ok(z.ok);
  if (z.ok) assert.match(z.warnings[0].message, /symmetry/);
});

test('csv paths must stay inside the folder (checked while parsing too)', () => {
  const abs = onlyError('{"layers":[{"units":2},{"units":1}],"data":{"csv":"/etc/passwd","labelColumn":0}}');
  assert.match(abs.message, /relative to this file's folder, not absolute/);
  assert.equal(abs.pointer, '/data/csv');
  const up = onlyError(
    '{"layers":[{"units":2},{"units":1}],"data":{"csv":"data/../../x.csv","labelColumn":0}}',
  );
  assert.match(up.message, /may not contain "\.\."/);
  const neither = onlyError('{"layers":[{"units":2},{"units":1}],"data":{"csv":"a.csv"}}');
  assert.match(neither.message, /needs "targetColumns".*or "labelColumn"/);
});

test('never throws on arbitrary input', () => {
  for (const text of [
    '',
    ' ',
    'null',
    '[]',
    '42',
    '"x"',
    '{',
    '{"layers": null, "data": 1}',
    '\u0000',
    '{"a":'.repeat(5),
  ]) {
    const r = parseNetwork(text);
    assert.equal(r.ok, false);
    if (!r.ok) assert.ok(r.errors.length > 0 && r.errors.every((e) => e.line >= 1 && e.column >= 1));
  }
});
