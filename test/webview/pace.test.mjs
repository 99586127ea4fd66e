// The pace control and the controls a class relies on while it watches training: the pace in force and where it comes
// from, choosing one (posted for the session, never an edit), the updates/s measured, B shown as "full", samples
// numbered 1 … m by their row, and no button disabled without saying why. Screenshots of the controls in four themes
// at 400 px.
// Functions passed to page.evaluate run in the browser:
/* global window, document */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as fx from './fixtures.mjs';
import { assertClean as clean, loadNet as load, nextFrames, openView, setup } from './harness.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

const net = fx.logicNet('xor');
const session = (state, pace, hyper) => ({ ...fx.sessionMessage(state, net.dataset, hyper), pace });

/** The disabled buttons of the controls, each with its title and accessible name. */
function disabledButtons(v) {
  return v.page.$$eval('.controls vscode-button[disabled]', (bs) =>
    bs.map((b) => ({ id: b.dataset.testid, title: b.title, aria: b.getAttribute('aria-label') ?? '' })),
  );
}

describe('the pace control', () => {
  it('shows the pace in force and where it comes from; a choice is posted for the session, not the file', async () => {
    const v = await openView(env);
    await load(v, net);
    await v.send(session('paused', { pace: '1x', source: 'default' }));
    await nextFrames(v.page);
    const pace = 'vscode-dropdown[data-testid="pace"]';
    assert.equal(await v.page.$eval(pace, (d) => d.value), '1x');
    assert.match(await v.page.getAttribute(pace, 'aria-label'), /1× · 300 updates\/s, the default/);
    const labels = await v.page.$$eval(`${pace} vscode-option`, (os) => os.map((o) => o.textContent));
    assert.deepEqual(labels, [
      'slow motion · 2 updates/s',
      'slow · 30 updates/s',
      '1× · 300 updates/s',
      '10× · 3,000 updates/s',
      '100× · 30,000 updates/s',
      'max · as fast as it goes',
    ]);

    await v.clearPosted();
    await v.page.click(pace);
    await v.page.click(`${pace} vscode-option[value="slow motion"]`);
    const posted = await v.waitPosted((m) => m.type === 'setPace');
    assert.deepEqual(posted, [{ type: 'setPace', pace: 'slow motion' }]);
    assert.equal((await v.posted('setHyper')).length, 0, 'the pace is not an edit of the file');

    // The host answers with the session's new pace: chosen here, for this session only.
    await v.send(session('paused', { pace: 'slow motion', source: 'view' }));
    await nextFrames(v.page);
    assert.equal(await v.page.textContent('[data-testid="pace-source"]'), 'this session only');
    assert.match(
      await v.page.getAttribute(pace, 'title'),
      /chosen here for this session; the file is not changed/,
    );

    // A file's pace in updates per second is offered beside the named ones.
    await v.send(session('paused', { pace: 50, source: 'file' }));
    await nextFrames(v.page);
    assert.equal(await v.page.$eval(pace, (d) => d.value), '50');
    assert.equal(await v.page.textContent(`${pace} vscode-option[value="50"]`), '50 updates/s');
    assert.equal(await v.page.textContent('[data-testid="pace-source"]'), 'from the file');
    await clean(v);
    await v.close();
  });

  it('shows the updates per second measured while training', async () => {
    const v = await openView(env);
    await load(v, net);
    const f = fx.frame(net, { frameId: 2, state: 'running', epochs: 30 });
    f.frame.updatesPerSecond = 299.6;
    f.frame.samplesPerSecond = 1198.4;
    await v.send(f);
    await v.settle();
    await nextFrames(v.page);
    assert.equal(await v.page.textContent('[data-testid="rate"]'), '300 updates/s · 1,198 samples/s');
    const slow = fx.frame(net, { frameId: 3, state: 'running', epochs: 31 });
    slow.frame.updatesPerSecond = 2;
    slow.frame.samplesPerSecond = 8;
    await v.send(slow);
    await v.settle();
    await nextFrames(v.page);
    assert.equal(await v.page.textContent('[data-testid="rate"]'), '2 updates/s · 8 samples/s');
    assert.equal(await v.page.getAttribute('[data-testid="epoch"]', 'data-value'), '31');
    await clean(v);
    await v.close();
  });
});

describe('the controls while a class watches', () => {
  it('shows full batch as "full", and accepts "full" typed in B', async () => {
    const v = await openView(env);
    await load(v, net, { hyper: { learningRate: 2, lambda: 0, batchSize: 0, optimizer: 'gd' } });
    const B = 'vscode-text-field[data-testid="batch"] input';
    assert.equal(await v.page.inputValue(B), 'full');
    await v.clearPosted();
    await v.page.fill(B, '2');
    await v.page.press(B, 'Enter');
    await v.page.fill(B, 'Full');
    await v.page.press(B, 'Enter');
    const hyper = (await v.posted('setHyper')).map((m) => m.hyper);
    assert.deepEqual(hyper, [{ batchSize: 2 }, { batchSize: 0 }]);
    await clean(v);
    await v.close();
  });

  it('numbers samples 1 … m by their row in the file, validation rows included', async () => {
    const v = await openView(env);
    const split = {
      ...net,
      dataset: { ...net.dataset, m: 3, validationM: 1, isValidation: [false, false, true, false] },
    };
    await load(v, split);
    const box = 'vscode-text-field[data-testid="inspected"]';
    const f = fx.frame(split, { frameId: 2, inspected: 2, epochs: 21 });
    f.frame.inspected.validation = true;
    await v.send(f);
    await v.settle();
    await nextFrames(v.page);
    assert.equal(await v.page.inputValue(`${box} input`), '3', 'row 3 is sample i = 3');
    assert.match(await v.page.textContent(box), /Sample i \(validation\)/);
    await v.clearPosted();
    await v.page.fill(`${box} input`, '4');
    await v.page.press(`${box} input`, 'Enter');
    assert.deepEqual(await v.waitPosted((m) => m.type === 'setInspected'), [
      { type: 'setInspected', index: 3 },
    ]);
    await v.page.fill(`${box} input`, '5');
    await v.page.press(`${box} input`, 'Enter');
    assert.match(await v.page.textContent('.field-error'), /must be ≤ 4/, 'four rows: i is 1 … 4');
    await clean(v);
    await v.close();
  });

  it('no button is disabled without saying why, in every state; a finished run can be trained on', async () => {
    const v = await openView(env);
    await load(v, net);
    const states = ['loading', 'idle', 'running', 'paused', 'finished', 'diverged', 'crashed', 'invalid'];
    const seen = {};
    for (const state of states) {
      await v.send(session(state, { pace: '1x', source: 'default' }));
      await nextFrames(v.page);
      const disabled = await disabledButtons(v);
      seen[state] = disabled.map((b) => b.id);
      for (const b of disabled) {
        assert.match(b.title, /^Unavailable: .+\.$/, `${state}: ${b.id} has a title saying why`);
        assert.match(b.aria, /\(unavailable: .+\)$/, `${state}: ${b.id}'s accessible name says why`);
      }
    }
    assert.deepEqual(seen.finished, [], 'nothing is disabled on a finished run');
    assert.deepEqual(seen.running, ['step', 'stepEpoch', 'gradientCheck']);
    assert.ok(seen.invalid.includes('train'));
    const train = await v.page.$eval('vscode-button[data-testid="train"]', (b) => b.title);
    assert.match(train, /Unavailable: the document has errors/);

    const said =
      'Trained 2,000 epochs. Train goes on for another 2,000 (the file’s "epochs") from this Θ; Reset starts over.';
    await v.send({
      ...fx.sessionMessage('finished', net.dataset, undefined, said),
      pace: { pace: '1x', source: 'default' },
    });
    await nextFrames(v.page);
    assert.equal(
      await v.page.textContent('[data-testid="run-note"]'),
      said,
      'the finished run says what Train does now',
    );
    await v.screenshot('controls-finished', { selector: '.controls' });
    assert.match(
      await v.page.getAttribute('vscode-button[data-testid="train"]', 'title'),
      /Train on for another run of the file’s "epochs" from the current Θ; Reset starts over/,
    );
    await v.clearPosted();
    await v.page.click('vscode-button[data-testid="train"]');
    assert.deepEqual(
      (await v.posted('command')).map((m) => m.command),
      ['train'],
    );
    await clean(v);
    await v.close();
  });

  it('the cost curve starts at epoch 0, J of the initial Θ', async () => {
    const v = await openView(env);
    await load(v, net, { state: 'idle' });
    const point = (epoch, J) => ({
      epoch: [epoch],
      J: [J],
      validationJ: [null],
      accuracy: [0.5],
      validationAccuracy: [null],
    });
    await v.send({ type: 'history', history: point(0, 0.75) });
    await v.tab('curves');
    await nextFrames(v.page);
    assert.match(
      await v.page.textContent('.curves .note'),
      /epoch 0 \(the initial Θ; train to see J fall\): J\(Θ\) = 0\.75/,
    );
    const f = fx.frame(net, { frameId: 2, state: 'running', epochs: 3, historyStart: 1 });
    f.frame.history = {
      epoch: [1, 2, 3],
      J: [0.7, 0.65, 0.6],
      validationJ: [null, null, null],
      accuracy: [0.5, 0.5, 0.75],
      validationAccuracy: [null, null, null],
    };
    await v.send(f);
    await v.settle();
    await nextFrames(v.page);
    const stats = (await v.stats()).curves;
    assert.equal(stats.points, 4);
    assert.equal(stats.first, 0, 'the plotted curve begins at epoch 0');
    await clean(v);
    await v.close();
  });

  for (const theme of ['light', 'dark', 'high-contrast', 'high-contrast-light']) {
    it(`the controls at 400 px in ${theme}: every control inside the panel`, async () => {
      const v = await openView(env, { theme, width: 400, height: 700 });
      await load(v, net, {
        state: 'running',
        hyper: { learningRate: 2, lambda: 0, batchSize: 0, optimizer: 'gd' },
      });
      await v.send(session('running', { pace: 'slow motion', source: 'view' }));
      const f = fx.frame(net, { frameId: 2, state: 'running', epochs: 40 });
      f.frame.updatesPerSecond = 2;
      f.frame.samplesPerSecond = 8;
      await v.send(f);
      await v.settle();
      await nextFrames(v.page);
      const outside = await v.page.evaluate(() =>
        [
          ...document.querySelectorAll(
            '.controls vscode-button, .controls vscode-dropdown, .controls vscode-text-field',
          ),
        ]
          .filter((e) => {
            const r = e.getBoundingClientRect();
            return r.width === 0 || r.left < 0 || r.right > window.innerWidth;
          })
          .map((e) => e.dataset.testid),
      );
      assert.deepEqual(outside, [], 'no control is cut off or off-screen');
      await v.screenshot('controls-400', { selector: '.controls' });
      await clean(v);
      await v.close();
    });
  }
});
