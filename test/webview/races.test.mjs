// Races a class can read: a diverging run stays on the plot (clipped at a ceiling, "diverged at epoch k"), thumbnails
// of at least 180 px with a legend of the classes, and the file's own race as the picker's default.
// Functions passed to page.evaluate run in the browser:
/* global window, document, Event */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as fx from './fixtures.mjs';
import { assertClean, loadNet, nextFrames, openView, setup } from './harness.mjs';
import { datasetInfo, raceFrames } from './labs-data.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

const labs = (v) => v.page.evaluate(() => window.__nnviz.labs());

describe('races', () => {
  for (const theme of ['light', 'high-contrast']) {
    it(`learning rates (${theme}): the diverging run is marked inside the plot, thumbnails ≥ 180 px with a legend`, async () => {
      const v = await openView(env, { theme, height: 1100 });
      const net = fx.logicNet('xor');
      await loadNet(v, net);
      await v.send(
        fx.sessionMessage('paused', { ...datasetInfo('learning-rates'), classNames: ['y = 0', 'y = 1'] }),
      );
      await v.tab('labs');
      for (const f of await raceFrames('learning-rates')) await v.send({ type: 'raceFrame', frame: f });
      await nextFrames(v.page);
      const s = await labs(v);
      const diverged = s.runs.filter((r) => r.state === 'diverged');
      assert.equal(diverged.length, 1);
      assert.equal(s.chart.marks.length, 1, 'one diverged mark');
      assert.match(s.chart.marks[0].text, /^diverged at epoch \d+$/);
      assert.ok(s.chart.marks[0].inside, 'the mark is inside the plot, not cut off at the top');
      const thumbs = await v.page.$$eval('.race-boundaries canvas', (cs) => cs.map((c) => c.clientWidth));
      assert.equal(thumbs.length, 3);
      for (const w of thumbs) assert.ok(w >= 180, `thumbnail ${w} px ≥ 180 px`);
      const legend = await v.page.textContent('[data-testid="race-class-legend"]');
      assert.ok(legend.includes('y = 0') && legend.includes('y = 1'), legend);
      await v.screenshot('race-readable', { selector: '.race-lab' });
      await assertClean(v);
      await v.close();
    });
  }

  it('the file’s own race is the picker’s default', async () => {
    const v = await openView(env);
    const net = fx.logicNet('xor');
    const spec = { ...net.spec, race: { vary: 'optimizer', values: ['gd', 'adam'] } };
    await v.send(fx.documentMessage(spec, 'optimizers.nn.json'));
    await nextFrames(v.page);
    assert.equal((await v.page.evaluate(() => window.__nnviz.ui())).labs.raceKind, 'optimizer');
    // A choice in the picker stands while the file's race does not change …
    await v.page.evaluate(() => {
      const d = document.querySelector('[data-testid="race-kind"]');
      d.value = 'batchSize';
      d.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await v.send(fx.documentMessage(spec, 'optimizers.nn.json'));
    await nextFrames(v.page);
    assert.equal((await v.page.evaluate(() => window.__nnviz.ui())).labs.raceKind, 'batchSize');
    // … and a file with another race brings its own.
    await v.send(
      fx.documentMessage({ ...spec, race: { vary: 'activation', values: ['linear', 'sigmoid'] } }),
    );
    await nextFrames(v.page);
    assert.equal((await v.page.evaluate(() => window.__nnviz.ui())).labs.raceKind, 'activation');
    await assertClean(v);
    await v.close();
  });
});
