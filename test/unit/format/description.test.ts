/** "description" may be an array of lines, so long texts read well in the editor; it is joined on display. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetwork } from '../../../src/format';

const net = (description: unknown): string =>
  JSON.stringify({
    name: 'AND',
    description,
    layers: [{ units: 2 }, { units: 1, activation: 'sigmoid' }],
    data: { generator: 'and' },
  });

test('an array of lines is joined with spaces; an empty line starts a paragraph', () => {
  const r = parseNetwork(net(['The lecture’s AND unit:', '  h = g(−30 + 20 x1 + 20 x2).', '', 'Train it.']));
  assert.ok(r.ok, JSON.stringify(r));
  if (r.ok)
    assert.equal(r.spec.description, 'The lecture’s AND unit: h = g(−30 + 20 x1 + 20 x2).\n\nTrain it.');
  const s = parseNetwork(net('One line.'));
  assert.ok(s.ok && s.spec.description === 'One line.');
});

test('a description that is neither a string nor lines is an error at "description"', () => {
  for (const bad of [[1, 2], { text: 'x' }, 42]) {
    const r = parseNetwork(net(bad));
    assert.equal(r.ok, false, JSON.stringify(bad));
    if (!r.ok)
      assert.ok(
        r.errors.some((e) => /description/.test(e.message)),
        JSON.stringify(r.errors),
      );
  }
});
