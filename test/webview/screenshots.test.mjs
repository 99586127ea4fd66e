// Screenshots of every view in the light and dark themes, into test-results/webview-<name>-<theme>.png, for a person
// to look at (readable labels, nothing overlapping). Each one also checks that the view drew without problems.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as fx from './fixtures.mjs';
import { assertClean, loadNet, nextFrames, openView, setup } from './harness.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

for (const theme of ['light', 'dark']) {
  describe(`screenshots (${theme})`, () => {
    it('XOR: graph, heatmaps, stepper, curves, boundary, truth table, activations', async () => {
      const v = await openView(env, { theme, width: 1280, height: 900 });
      const net = fx.logicNet('xor');
      const { records, theta } = fx.xorStepRecords();
      // The weights of the step records, so that graph, heatmaps and equations show the same Θ.
      await loadNet(v, net, { frame: { epochs: 120, earlyStopEpoch: 95, theta, inspected: 1 } });
      await v.send({ type: 'steps', records, restart: true });
      await nextFrames(v.page);
      for (let k = 0; k < 4; k++) await v.page.keyboard.press('ArrowRight');
      const shots = [await v.screenshot('xor-overview')];
      shots.push(await v.screenshot('stepper', { selector: '.stepper' }));
      shots.push(await v.screenshot('heatmaps', { selector: '.column.right' }));
      for (const tab of ['curves', 'boundary', 'activations']) {
        await v.tab(tab);
        shots.push(await v.screenshot(tab, { selector: '.column.right' }));
      }
      await v.page.keyboard.press('End');
      await v.page.keyboard.press('ArrowLeft');
      await v.page.keyboard.press('ArrowLeft');
      shots.push(await v.screenshot('stepper-gradient', { selector: '.stepper' }));
      await loadNet(v, fx.logicNet('xnor'));
      await v.tab('table');
      shots.push(await v.screenshot('truth-table', { selector: '.column.right' }));
      for (const s of shots) assert.ok(existsSync(s), s);
      await assertClean(v);
      await v.close();
    });

    it('four classes and MNIST 784-64-10', async () => {
      const v = await openView(env, { theme, width: 1280, height: 900 });
      await loadNet(v, fx.fourClassNet(), { frame: { epochs: 60, dropped: [[0, 1, 0, 0, 1]] } });
      await v.tab('boundary');
      await v.screenshot('four-class');
      await loadNet(v, fx.mnistNet(), { frame: { epochs: 40 } });
      await v.tab('weights');
      await nextFrames(v.page);
      assert.ok(existsSync(await v.screenshot('mnist')));
      await assertClean(v);
      await v.close();
    });

    it('invalid document and crashed worker', async () => {
      const v = await openView(env, { theme, width: 1100, height: 700 });
      const net = fx.logicNet('xor');
      await loadNet(v, net);
      await v.send(fx.invalidDocument('xor.nn.json'));
      await v.send({
        type: 'notice',
        level: 'warning',
        message: 'The document changed while training: the session was reloaded.',
      });
      await nextFrames(v.page);
      await v.screenshot('invalid');
      await v.send(fx.documentMessage(net.spec, net.fileName));
      await v.send(
        fx.sessionMessage(
          'crashed',
          net.dataset,
          undefined,
          'The training worker exceeded its memory limit (1024 MB).',
        ),
      );
      await nextFrames(v.page);
      assert.ok(existsSync(await v.screenshot('crashed')));
      await assertClean(v);
      await v.close();
    });
  });
}
