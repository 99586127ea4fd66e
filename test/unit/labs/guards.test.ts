/** The labs' messages from the webview are validated as strictly as the others. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFromWebview } from '../../../src/protocolGuards';

const ok = (m: unknown) => {
  const r = checkFromWebview(m);
  assert.ok(r.ok, JSON.stringify(r));
  return r.message;
};
const bad = (m: unknown, reason: RegExp) => {
  const r = checkFromWebview(m);
  assert.ok(!r.ok, `accepted ${JSON.stringify(m)}`);
  assert.match(r.reason, reason);
};

describe('protocol guards: labs', () => {
  it('surface: weight or random axes, odd resolution 5..101, range in (0, 1000]', () => {
    const w = { kind: 'weights', a: { layer: 1, row: 1, col: 0 }, b: { layer: 2, row: 1, col: 2 } };
    assert.deepEqual(ok({ type: 'surface', axes: w, resolution: 41, range: 3 }), {
      type: 'surface',
      axes: w,
      resolution: 41,
      range: 3,
    });
    ok({ type: 'surface', axes: { kind: 'random', seed: 4 }, resolution: 5, range: 0.5 });
    bad({ type: 'surface', axes: { kind: 'random', seed: 4 }, resolution: 40, range: 1 }, /odd/);
    bad(
      { type: 'surface', axes: { kind: 'random', seed: 4 }, resolution: 103, range: 1 },
      /odd whole number from 5 to 101/,
    );
    bad({ type: 'surface', axes: { kind: 'random', seed: -1 }, resolution: 5, range: 1 }, /seed/);
    bad(
      { type: 'surface', axes: { kind: 'random', seed: 1, extra: 1 }, resolution: 5, range: 1 },
      /unexpected field "extra"/,
    );
    bad({ type: 'surface', axes: { kind: 'random', seed: 1 }, resolution: 5, range: Infinity }, /range/);
    bad({ type: 'surface', axes: { kind: 'random', seed: 1 }, resolution: 5, range: 0 }, /range/);
    bad({ type: 'surface', axes: { kind: 'pca' }, resolution: 5, range: 1 }, /axes.kind/);
    bad(
      { type: 'surface', axes: { ...w, a: { layer: 0, row: 1, col: 0 } }, resolution: 5, range: 1 },
      /axes.a/,
    );
    bad(
      { type: 'surface', axes: { ...w, b: { layer: 1, row: 1.5, col: 0 } }, resolution: 5, range: 1 },
      /axes.b/,
    );
    bad(
      { type: 'surface', axes: { ...w, b: { layer: 1, row: 1, col: 0, x: 1 } }, resolution: 5, range: 1 },
      /unexpected/,
    );
    bad({ type: 'surface', axes: w, resolution: 5, range: 1, code: 'x' }, /unexpected field "code"/);
  });

  it('cancelSurface and cancelRace carry nothing else', () => {
    assert.deepEqual(ok({ type: 'cancelSurface' }), { type: 'cancelSurface' });
    assert.deepEqual(ok({ type: 'cancelRace' }), { type: 'cancelRace' });
    bad({ type: 'cancelRace', raceId: 1 }, /unexpected field "raceId"/);
  });

  it('race: a known kind and nothing else (the host builds the values)', () => {
    for (const vary of ['learningRate', 'optimizer', 'batchSize', 'activation', 'init'])
      assert.deepEqual(ok({ type: 'race', vary }), { type: 'race', vary });
    bad(
      { type: 'race', vary: 'seed' },
      /vary must be one of learningRate, optimizer, batchSize, activation, init/,
    );
    bad({ type: 'race' }, /vary must be one of/);
    bad({ type: 'race', vary: 'init', values: ['zeros'] }, /unexpected field "values"/);
  });
});
