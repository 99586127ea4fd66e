/**
 * The extension host side in a real VS Code: every example opens in the visualizer and gets a session; training runs in
 * the worker (the host's event loop stays free), pauses, steps through backpropagation, saves the weights into the
 * document as an undoable edit; broken files get diagnostics on their exact ranges; a crashed worker is reported and
 * restarts; closing the last view ends the session.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { after, before, describe, it } from 'mocha';
import type { StepRecord } from '../../../src/protocol';
import {
  artifactsDir,
  closeAllEditors,
  measureEventLoopLag,
  openDocument,
  textOf,
  waitFor,
  waitForDiagnostics,
  workspaceUri,
  writeWorkspaceFile,
  extensionApi,
  sessionOf,
  waitState,
  VIEW_TYPE,
} from '../helpers';

describe('training sessions', function () {
  this.timeout(120_000);
  before(closeAllEditors);
  after(closeAllEditors);

  for (const example of [
    'and',
    'not',
    'xnor',
    'xor',
    'four-class',
    'four-class-softmax',
    'dropout',
    'early-stopping',
    'circle',
    'spiral',
    'digits',
  ]) {
    it(`opens examples/${example}.nn.json in the visualizer and loads its session`, async () => {
      const uri = workspaceUri(`${example}.nn.json`);
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
      const { provider } = await extensionApi();
      await waitFor(
        () => [...provider.panels.values()].some((p) => p.doc.uri.toString() === uri.toString()),
        {
          message: 'the visualizer panel',
        },
      );
      const session = await sessionOf(uri);
      await waitState(session, ['idle'], 90_000);
      assert.ok(session.dataset, 'the worker reported its dataset');
      await waitFor(() => session.latestFrame, { message: 'a first frame' });
      assert.ok(session.latestFrame);
      assert.ok(Number.isFinite(session.latestFrame.J), `J(Θ) is a number (${session.latestFrame.J})`);
      assert.equal(
        session.latestFrame.theta.length,
        session.spec.layers.length - 1,
        'one Θ per layer transition',
      );
      await closeAllEditors();
      await waitFor(async () => !(await extensionApi()).sessions.get(uri), {
        message: 'the session to end with its last view',
      });
    });
  }

  it('trains XOR in the worker with the host event loop free, pauses, and shows it in the status bar', async () => {
    const uri = workspaceUri('xor.nn.json');
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    const session = await sessionOf(uri);
    await waitState(session, ['idle']);
    const { lag } = await measureEventLoopLag(async () => {
      await vscode.commands.executeCommand('nnViz.train', uri);
      await waitState(session, ['finished']);
    });
    fs.writeFileSync(
      path.join(artifactsDir(), 'host-event-loop-lag.json'),
      JSON.stringify({ while: 'training XOR', ...lag }, null, 2),
    );
    const f = session.latestFrame;
    assert.ok(f);
    assert.equal(f.epoch, session.spec.training.epochs, 'trained the file’s number of epochs');
    assert.ok(f.J < 0.1, `J(Θ) fell below 0.1 (J = ${f.J})`);
    assert.equal(f.accuracy, 1, 'XOR classified right');
    // The curves start at epoch 0 (J at the initial Θ) and keep every epoch up to 1,000 and every 10th after that
    // (src/worker/run.ts keepInHistory).
    assert.equal(session.history.epoch[0], 0, 'the curve starts at epoch 0');
    assert.equal(
      session.history.epoch.length,
      1 + 1000 + (f.epoch - 1000) / 10,
      'the history reached the host',
    );
    assert.equal(session.history.epoch.at(-1), f.epoch, 'with the last epoch');
    assert.ok(session.history.J[0] > f.J, 'the cost fell');
    await vscode.commands.executeCommand('nnViz.reset', uri);
    await waitFor(() => session.latestFrame?.epoch === 0 && session.state === 'idle', {
      message: 'the reset',
    });
    assert.deepEqual(session.history.epoch, [0], 'the history starts over at epoch 0');
    await closeAllEditors();
  });

  it('the host’s event loop stays responsive (99th percentile of its lag < 250 ms) while the digits train; pause, resume', async () => {
    const uri = workspaceUri('digits.nn.json');
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    const session = await sessionOf(uri);
    await waitState(session, ['idle'], 90_000);
    await vscode.commands.executeCommand('nnViz.train', uri);
    await waitState(session, ['running']);
    await waitFor(() => (session.latestFrame?.iteration ?? 0) > 20, {
      timeout: 60_000,
      message: 'training progress',
    });
    // Measured while the worker does 900 more updates of Θ (three seconds at the default pace) and the host takes its
    // frames (30 a second). The 99th percentile, not the maximum: on a machine shared by many processes the scheduler
    // alone stalls any process for a moment now and then (a lone 260 ms at a load average of 21), training or not;
    // training on the host's own thread would hold its event loop for whole seconds.
    const from = session.latestFrame?.iteration ?? 0;
    const training = await measureEventLoopLag(() =>
      waitFor(() => (session.latestFrame?.iteration ?? 0) >= from + 900, {
        timeout: 60_000,
        message: '900 more updates',
      }),
    );
    fs.writeFileSync(
      path.join(artifactsDir(), 'host-event-loop-lag-digits.json'),
      JSON.stringify(
        { whileTraining: { network: '400-25-10 digits, 30 frames/s', ...training.lag } },
        null,
        2,
      ),
    );
    assert.ok(
      training.lag.p99Ms < 250,
      `the extension host's event loop lagged ${training.lag.p99Ms.toFixed(0)} ms at the 99th percentile (max ${training.lag.maxMs.toFixed(0)} ms, mean ${training.lag.meanMs.toFixed(1)} ms) while the digits trained`,
    );
    await vscode.commands.executeCommand('nnViz.pause', uri);
    await waitState(session, ['paused']);
    // The paused state comes with the worker's last frame. Two round trips through the worker: a run still going would
    // change Θ between them (it trains between the messages it answers).
    const at = session.latestFrame?.iteration ?? 0;
    const first = await session.currentWeights();
    const second = await session.currentWeights();
    assert.deepEqual(second, first, 'Θ does not change while paused');
    assert.equal(session.latestFrame?.iteration, at, 'no updates while paused');
    await vscode.commands.executeCommand('nnViz.train', uri);
    await waitFor(() => (session.latestFrame?.iteration ?? 0) > at, {
      timeout: 30_000,
      message: 'training to resume',
    });
    await vscode.commands.executeCommand('nnViz.pause', uri);
    await waitState(session, ['paused']);
    await closeAllEditors();
  });

  it('steps through backpropagation one equation at a time, then a sample, then an epoch', async () => {
    const uri = workspaceUri('xnor.nn.json');
    const { document } = await openDocument(uri);
    await vscode.commands.executeCommand('nnViz.step', uri);
    const session = await sessionOf(uri);
    const records: StepRecord[] = [];
    const sub = session.onSteps((r, restart) => {
      if (restart) records.length = 0;
      records.push(...r);
    });
    try {
      await waitState(session, ['idle', 'paused']);
      await vscode.commands.executeCommand('nnViz.step', uri);
      await waitFor(() => records.length >= 1, { message: 'a step record' });
      await vscode.commands.executeCommand('nnViz.stepSample', uri);
      await waitFor(() => records.some((r) => r.kind === 'accumulate'), {
        message: 'the rest of the sample',
      });
      const kinds = records.map((r) => r.kind);
      assert.deepEqual(
        kinds.slice(0, 8),
        [
          'zeroDelta',
          'input',
          'forward',
          'forward',
          'outputDelta',
          'hiddenDelta',
          'accumulate',
          'accumulate',
        ],
        'the slide’s loop: Δ := 0, a^(1), z^(2)/a^(2), z^(3)/a^(3), δ^(3), δ^(2), Δ^(1), Δ^(2)',
      );
      const out = records.find((r) => r.kind === 'outputDelta');
      assert.ok(out && out.kind === 'outputDelta');
      assert.equal(out.rule, 'a-y', 'δ^(L) = a^(L) − y for sigmoid outputs with cross-entropy');
      out.delta.forEach((d, i) => assert.ok(Math.abs(d - (out.a[i] - out.y[i])) < 1e-15));
      const before = session.latestFrame?.iteration ?? 0;
      await vscode.commands.executeCommand('nnViz.stepEpoch', uri);
      await waitFor(() => (session.latestFrame?.epoch ?? 0) >= 1, { message: 'one epoch' });
      assert.ok((session.latestFrame?.iteration ?? 0) > before);
      assert.equal(session.state, 'paused');
    } finally {
      sub.dispose();
    }
    assert.equal(document.isDirty, false, 'stepping does not touch the document');
    await closeAllEditors();
  });

  it('saves the trained weights into the document as one undoable edit', async () => {
    const uri = await writeWorkspaceFile(
      'save-test.nn.json',
      fs.readFileSync(workspaceUri('xor.nn.json').fsPath, 'utf8'),
    );
    const { document } = await openDocument(uri);
    const original = document.getText();
    await vscode.commands.executeCommand('nnViz.train', uri);
    const session = await sessionOf(uri);
    await waitState(session, ['finished']);
    const trained = await session.currentWeights();
    await vscode.commands.executeCommand('nnViz.saveWeights', uri);
    await waitFor(() => document.getText() !== original, { message: 'the weights to be written' });
    const saved = JSON.parse(document.getText()) as { weights: number[][][]; description: string | string[] };
    assert.deepEqual(saved.weights, trained, 'the document holds exactly the trained Θ');
    assert.deepEqual(
      saved.description,
      (JSON.parse(original) as { description: string | string[] }).description,
      'the rest is kept',
    );
    assert.ok(document.isDirty, 'the edit made the document dirty');
    // Our own save does not reload the session: it accepts the document's new version and stays finished.
    const states: string[] = [];
    const watch = session.onDidChange(() => states.push(session.state));
    await waitFor(() => session.syncedVersion === document.version, {
      message: 'the session to take the edited document',
    });
    watch.dispose();
    assert.equal(session.state, 'finished');
    assert.ok(!states.includes('loading'), `no reload (states: ${states.join(', ')})`);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => document.getText() === original, { message: 'undo to restore the text' });
    await vscode.commands.executeCommand('redo');
    await waitFor(() => document.getText() !== original, { message: 'redo' });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeAllEditors();
  });

  it('publishes the engine’s errors as diagnostics on their exact ranges', async () => {
    const broken = {
      name: 'broken',
      layers: [{ units: 2 }, { units: 2, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }],
      weights: [
        [
          [1, 2],
          [3, 4],
        ],
        [[1, 2, 3]],
      ],
      loss: 'cross-entropy',
      data: { inputs: [[0, 0]], targets: [[1]] },
    };
    const uri = await writeWorkspaceFile('broken-shape.nn.json', JSON.stringify(broken, null, 2));
    const { document } = await openDocument(uri);
    const ds = await waitForDiagnostics(uri, (d) => d.some((x) => x.source === 'nn-viz'));
    const shape = ds.find((d) => d.source === 'nn-viz' && /Θ\^\(1\)/.test(d.message));
    assert.ok(shape, `a diagnostic names Θ^(1): ${ds.map((d) => d.message).join(' | ')}`);
    assert.match(shape.message, /2 × 3/, 'it names the expected s_2 × (s_1 + 1)');
    assert.ok(
      textOf(document, shape).startsWith('['),
      `it underlines the matrix (${textOf(document, shape)})`,
    );

    // A view of an invalid file shows the errors instead of a session, and gets one when the file is fixed.
    const { sessions } = await extensionApi();
    // The command resolves once it has decided: an invalid network gets no session.
    await vscode.commands.executeCommand('nnViz.train', uri);
    assert.equal(sessions.get(uri), undefined, 'no session for an invalid network');
    const fixed = { ...broken, weights: undefined };
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), JSON.stringify(fixed, null, 2));
    await vscode.workspace.applyEdit(edit);
    await waitForDiagnostics(
      uri,
      (d) => !d.some((x) => x.source === 'nn-viz' && x.severity === vscode.DiagnosticSeverity.Error),
    );

    // Syntax errors are located too.
    const syntax = await writeWorkspaceFile(
      'broken-syntax.nn.json',
      '{ "name": "x", "layers": [ {"units": 2}, ',
    );
    const { document: syntaxDoc } = await openDocument(syntax);
    const parsedSyntax = await (await extensionApi()).documents.checked(syntaxDoc);
    assert.ok(!parsedSyntax.ok && parsedSyntax.errors.every((e) => e.line === 1));
    // In Problems they come from the JSON language service (checked in diagnostics.test.ts): not repeated by nn-viz.
    assert.deepEqual(
      vscode.languages.getDiagnostics(syntax).filter((d) => d.source === 'nn-viz'),
      [],
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeAllEditors();
  });

  it('reports a crashed worker, and restarts it', async () => {
    const uri = workspaceUri('xor.nn.json');
    await openDocument(uri);
    await vscode.commands.executeCommand('nnViz.train', uri);
    const session = await sessionOf(uri);
    await waitState(session, ['running', 'finished']);
    assert.ok((await extensionApi()).crashWorker(uri), 'the session had a worker to crash');
    await waitState(session, ['crashed']);
    assert.match(session.message ?? '', /Restart/);
    assert.equal(session.alive, false);
    await vscode.commands.executeCommand('nnViz.restart', uri);
    await waitState(session, ['idle']);
    assert.equal(session.alive, true);
    await closeAllEditors();
    await waitFor(async () => !(await extensionApi()).sessions.get(uri), {
      message: 'the session to end when its tab closed',
    });
  });

  it('applies a hyperparameter edit live and reloads on a structural edit', async () => {
    const uri = await writeWorkspaceFile(
      'edit-live.nn.json',
      fs.readFileSync(workspaceUri('xor.nn.json').fsPath, 'utf8'),
    );
    const { document } = await openDocument(uri);
    await vscode.commands.executeCommand('nnViz.stepEpoch', uri);
    const session = await sessionOf(uri);
    await waitFor(() => (session.latestFrame?.epoch ?? 0) >= 1, { message: 'one epoch' });
    const replace = async (from: RegExp, to: string) => {
      const text = document.getText();
      const m = from.exec(text);
      assert.ok(m, `found ${from}`);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(
        uri,
        new vscode.Range(document.positionAt(m.index), document.positionAt(m.index + m[0].length)),
        to,
      );
      await vscode.workspace.applyEdit(edit);
    };
    await replace(/"learningRate": [0-9.]+/, '"learningRate": 0.5');
    await waitFor(() => session.hyper.learningRate === 0.5, { message: 'α to change live' });
    assert.ok((session.latestFrame?.epoch ?? 0) >= 1, 'training state kept');
    await replace(/"units": 2, "activation": "sigmoid"/, '"units": 3, "activation": "sigmoid"');
    await waitFor(() => session.spec.layers[1].units === 3 && session.state === 'idle', {
      message: 'a reload',
    });
    await waitFor(() => session.latestFrame?.theta[0].length === 3 * 3, {
      message: 'Θ^(1) of the new shape (3 × 3)',
    });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeAllEditors();
  });

  it('creates a new network from a template', async () => {
    const folder = workspaceUri('.');
    await vscode.commands.executeCommand('nnViz.newNetwork', folder, 'blank');
    const created = workspaceUri('blank.nn.json');
    await waitFor(() => fs.existsSync(created.fsPath), { message: 'blank.nn.json' });
    const { documents } = await extensionApi();
    const doc = await vscode.workspace.openTextDocument(created);
    assert.equal((await documents.checked(doc)).ok, true, 'the template is a valid network');
    await closeAllEditors();
  });
});
