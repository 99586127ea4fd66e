/** The optional "race" field of .nn.json: parsed with defaults, refused with located errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNetwork } from '../../../src/format';

const base = {
  layers: [{ units: 2 }, { units: 2 }, { units: 1 }],
  data: { generator: 'xor' },
};
const parse = (race: unknown, extra: Record<string, unknown> = {}) =>
  parseNetwork(JSON.stringify({ ...base, ...extra, race }, null, 2));

describe('format: race', () => {
  it('parses every kind; "full" is batch size 0; absent or null is no race', () => {
    const ok = (race: unknown) => {
      const r = parse(race);
      assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
      return r.spec.race;
    };
    assert.deepEqual(ok({ vary: 'learningRate', values: [0.01, 0.5, 20] }), {
      vary: 'learningRate',
      values: [0.01, 0.5, 20],
    });
    assert.deepEqual(ok({ vary: 'batchSize', values: ['full', 1, 8] }), {
      vary: 'batchSize',
      values: [0, 1, 8],
    });
    assert.deepEqual(ok({ vary: 'optimizer', values: ['gd', 'adam'] }), {
      vary: 'optimizer',
      values: ['gd', 'adam'],
    });
    assert.deepEqual(ok({ vary: 'activation', values: ['linear', 'relu'] }), {
      vary: 'activation',
      values: ['linear', 'relu'],
    });
    assert.equal(ok(null), null);
    const none = parseNetwork(JSON.stringify(base));
    assert.ok(none.ok);
    assert.equal(none.spec.race, null);
  });

  it('refuses bad values at their exact place, and more runs than the limit with the limit', () => {
    const errs = (race: unknown, extra?: Record<string, unknown>) => {
      const r = parse(race, extra);
      assert.ok(!r.ok);
      return r.errors.map((e) => `${e.pointer} ${e.message}`);
    };
    assert.deepEqual(errs({ vary: 'learningRate', values: [0.5, -1] }), [
      '/race/values/1 a learning rate α must be a number in (0, 1000], got -1',
    ]);
    assert.deepEqual(errs({ vary: 'optimizer', values: ['gd', 'sgd'] }), [
      '/race/values/1 unknown optimizer "sgd"; one of gd, momentum, adagrad, adadelta, rmsprop, adam',
    ]);
    assert.deepEqual(errs({ vary: 'batchSize', values: ['full', 0] }), ['/race/values/1 0 is listed twice']);
    assert.deepEqual(errs({ vary: 'learningRate', values: [1, 2, 3, 4, 5, 6, 7] }), [
      '/race/values a race runs at most 6 networks at once; this one asks for 7',
    ]);
    assert.deepEqual(
      errs(
        { vary: 'init', values: ['zeros', 'normal'] },
        {
          weights: [
            [
              [0, 1, 1],
              [0, 1, 1],
            ],
            [[0, 1, 1]],
          ],
        },
      ),
      [
        '/race/vary varying the init rule needs a file without "weights" (the init rule is used only when Θ is not given)',
      ],
    );
    assert.deepEqual(errs({ vary: 'activation', values: ['linear', 'softmax'] }), [
      `/race/values/1 a hidden layer's g must be one of sigmoid, tanh, relu, linear, got "softmax"`,
    ]);
    // Located: line and column of the offending value.
    const r = parse({ vary: 'learningRate', values: [0.5, -1] });
    assert.ok(!r.ok);
    const text = JSON.stringify({ ...base, race: { vary: 'learningRate', values: [0.5, -1] } }, null, 2);
    assert.equal(text.slice(r.errors[0].offset, r.errors[0].offset + r.errors[0].length), '-1');
    // The schema: unknown kinds and fields.
    const schema = parse({ vary: 'momentum', values: [1, 2] });
    assert.ok(!schema.ok);
    assert.match(schema.errors[0].pointer, /^\/race\/vary/);
    const extraField = parse({ vary: 'optimizer', values: ['gd', 'adam'], seeds: 2 });
    assert.ok(!extraField.ok);
    assert.match(extraField.errors[0].message, /seeds/);
  });
});
