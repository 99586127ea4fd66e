import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ACTIVATIONS, DEFAULTS, GENERATORS, INITS, LOSSES, OPTIMIZERS } from '../../../src/format';

const root = resolve(__dirname, '..', '..', '..', '..');
type Schema = { [k: string]: unknown };
const schema = JSON.parse(readFileSync(resolve(root, 'schemas', 'nn.schema.json'), 'utf8')) as Schema;

function walk(node: unknown, path: string, visit: (s: Schema, path: string) => void): void {
  if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}/${i}`, visit));
  else if (node && typeof node === 'object') {
    const s = node as Schema;
    if (path.endsWith('/properties') || path === '') {
      /* a map of names, or the root */
    }
    visit(s, path);
    for (const [k, v] of Object.entries(s))
      if (!['examples', 'default', 'defaultSnippets', 'enum'].includes(k)) walk(v, `${path}/${k}`, visit);
  }
}

test('the schema is draft-07 and every property has a description and a markdownDescription', () => {
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  const missing: string[] = [];
  walk(schema, '', (s, path) => {
    const props = s.properties as Record<string, Schema | boolean> | undefined;
    if (!props) return;
    // Branches of "data" list their keys with `true`; the descriptions live on data's own properties.
    for (const [name, p] of Object.entries(props)) {
      if (p === true) continue;
      if (typeof p !== 'object' || !p.description || !p.markdownDescription)
        missing.push(`${path}/properties/${name}`);
    }
  });
  assert.deepEqual(missing, []);
});

test('enums of the schema match the format constants and have descriptions', () => {
  const enums: Record<string, string[]> = {};
  walk(schema, '', (s, path) => {
    if (Array.isArray(s.enum) && s.enum.length > 1) {
      enums[path] = s.enum as string[];
      assert.equal((s.enumDescriptions as string[] | undefined)?.length, s.enum.length, path);
    }
  });
  const lists = Object.values(enums).map((e) => e.join(','));
  for (const expected of [ACTIVATIONS, LOSSES, OPTIMIZERS, INITS, GENERATORS])
    assert.ok(lists.includes(expected.join(',')), expected.join(','));
});

test('schema defaults agree with DEFAULTS', () => {
  const props = schema.properties as Record<string, Schema>;
  const training = (props.training.properties ?? {}) as Record<string, Schema>;
  assert.equal(training.learningRate.default, DEFAULTS.training.learningRate);
  assert.equal(training.lambda.default, DEFAULTS.training.lambda);
  assert.equal(training.epochs.default, DEFAULTS.training.epochs);
  assert.equal(training.optimizer.default, DEFAULTS.training.optimizer);
  assert.equal(training.init.default, DEFAULTS.training.init);
  assert.equal(training.seed.default, DEFAULTS.training.seed);
  assert.equal(training.validationSplit.default, DEFAULTS.training.validationSplit);
  assert.equal(props.loss.default, DEFAULTS.loss);
  assert.equal(props.name.default, DEFAULTS.name);
  const layer = ((props.layers.items as Schema).properties ?? {}) as Record<string, Schema>;
  assert.equal(layer.activation.default, DEFAULTS.activation);
});
