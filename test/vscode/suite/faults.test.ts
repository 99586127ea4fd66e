/**
 * Injected faults in a real VS Code: a killed worker, a worker over its resourceLimits, views closed while training and
 * repeated open/close cycles (no worker left behind), the document edited while training, weights saved after the user
 * changed the text, two views of one document and two documents training at once.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { after, afterEach, before, describe, it } from 'mocha';
import type { TestSeam } from '../../../src/host/testSeam';
import {
  artifactsDir,
  closeAllEditors,
  openDocument,
  waitFor,
  workspaceUri,
  writeWorkspaceFile,
  extensionApi,
  sessionOf,
  waitState,
  VIEW_TYPE,
} from '../helpers';

const report: Record<string, string> = {};

/**
 * The XOR network on a circle of 400 points, paced: 100,000 full-batch epochs at 1,000 updates of Θ a second take at
 * least 100 s on any machine (the worker's pacer waits for the clock), so a run lasts long enough to interrupt.
 */
async function longXor(name: string): Promise<vscode.Uri> {
  const spec = JSON.parse(fs.readFileSync(workspaceUri('xor.nn.json').fsPath, 'utf8')) as {
    training: { epochs: number; speed?: number };
  };
  spec.training.epochs = 100_000;
  spec.training.speed = 1000;
  (spec as unknown as { data: unknown }).data = { generator: 'circle', samples: 400 };
  return writeWorkspaceFile(name, JSON.stringify(spec, null, 2) + '\n');
}

describe('faults', function () {
  this.timeout(120_000);
  before(closeAllEditors);
  afterEach(async () => {
    (await extensionApi()).prompts.confirm = original;
  });
  let original: TestSeam['prompts']['confirm'];
  before(async () => {
    original = (await extensionApi()).prompts.confirm;
  });
  after(async () => {
    await closeAllEditors();
    fs.writeFileSync(path.join(artifactsDir(), 'vscode-faults.json'), JSON.stringify(report, null, 2));
  });

  it('a worker killed mid-training is reported and the session restarts; the host is unharmed', async () => {
    const uri = await longXor('fault-kill.nn.json');
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    const session = await sessionOf(uri);
    await waitState(session, ['idle']);
    await vscode.commands.executeCommand('nnViz.train', uri);
    await waitFor(() => (session.latestFrame?.epoch ?? 0) > 100, { message: 'training progress' });
    assert.ok((await extensionApi()).crashWorker(uri), 'the session had a worker to crash');
    await waitState(session, ['crashed']);
    report.killedWorker = session.message ?? '';
    assert.match(session.message ?? '', /stopped unexpectedly|failed/);
    // The host still answers commands, and the session can go on.
    await vscode.commands.executeCommand('nnViz.train', uri);
    await waitFor(() => session.state === 'running' && (session.latestFrame?.epoch ?? 0) > 10, {
      message: 'a restarted run',
    });
    await vscode.commands.executeCommand('nnViz.pause', uri);
    await closeAllEditors();
  });

  it('a worker over its resourceLimits is reported the same way', async () => {
    const config = vscode.workspace.getConfiguration('nnViz');
    await config.update('worker.maxOldGenerationSizeMb', 64, vscode.ConfigurationTarget.Global);
    try {
      // Reading 10,000 MNIST digits takes far more than 64 MB of JavaScript heap.
      const uri = await writeWorkspaceFile(
        'fault-oom.nn.json',
        fs.readFileSync(workspaceUri('digits.nn.json').fsPath, 'utf8'),
      );
      await openDocument(uri);
      await vscode.commands.executeCommand('nnViz.train', uri);
      const session = await sessionOf(uri);
      await waitState(session, ['crashed'], 90_000);
      report.resourceLimits = session.message ?? '';
      assert.match(session.message ?? '', /memory|resourceLimits/i);
      await closeAllEditors();
    } finally {
      await config.update('worker.maxOldGenerationSizeMb', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('closing the view while training ends the session; open/close cycles leave no worker behind', async () => {
    const { sessions, provider, liveWorkers } = await extensionApi();
    await closeAllEditors();
    await waitFor(() => sessions.all().length === 0, { message: 'no sessions' });
    await waitFor(() => liveWorkers() === 0, { message: 'no workers before the cycles' });
    const uri = await longXor('fault-cycles.nn.json');
    for (let cycle = 0; cycle < 5; cycle++) {
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
      const session = await sessionOf(uri);
      await waitState(session, ['idle']);
      await vscode.commands.executeCommand('nnViz.train', uri);
      await waitState(session, ['running']);
      await closeAllEditors();
      await waitFor(() => !sessions.get(uri), { message: `the session of cycle ${cycle + 1} to end` });
    }
    await waitFor(() => liveWorkers() === 0, { message: 'every worker to exit' });
    assert.equal(provider.panels.size, 0, 'no panel is left registered');
    assert.equal(sessions.all().length, 0);
    report.openCloseCycles = `5 cycles: ${liveWorkers()} workers and ${provider.panels.size} panels left`;
  });

  it('the document edited while training reloads the session from the new text and trains on', async () => {
    const uri = await longXor('fault-edit.nn.json');
    const { document } = await openDocument(uri);
    await vscode.commands.executeCommand('nnViz.train', uri);
    const session = await sessionOf(uri);
    await waitFor(() => (session.latestFrame?.epoch ?? 0) > 50, { message: 'training progress' });
    const m = /"units": (2)(,\s*"activation": "sigmoid")/.exec(document.getText());
    assert.ok(m, 'the hidden layer in the text');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      uri,
      new vscode.Range(document.positionAt(m.index), document.positionAt(m.index + 10)),
      '"units": 4',
    );
    await vscode.workspace.applyEdit(edit);
    await waitFor(() => session.spec.layers[1].units === 4, { message: 'the reload' });
    await waitFor(() => session.state === 'running' && session.latestFrame?.theta[0].length === 4 * 3, {
      message: 'training on with Θ^(1) of 4 × 3',
    });
    report.editWhileTraining = 'reloaded from the new text (4 hidden units) and went on training';
    await vscode.commands.executeCommand('nnViz.pause', uri);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeAllEditors();
  });

  it('weights saved after the user changed them: the user is asked, and a “no” leaves the text alone', async () => {
    const xnor = fs.readFileSync(workspaceUri('xnor.nn.json').fsPath, 'utf8');
    const uri = await writeWorkspaceFile('fault-save.nn.json', xnor);
    const { document } = await openDocument(uri);
    await vscode.commands.executeCommand('nnViz.stepEpoch', uri);
    const session = await sessionOf(uri);
    await waitFor(() => (session.latestFrame?.epoch ?? 0) >= 1, { message: 'an epoch' });
    // The student edits Θ by hand after training started.
    const at = document.getText().indexOf('-30');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(document.positionAt(at), document.positionAt(at + 3)), '-31');
    await vscode.workspace.applyEdit(edit);
    const edited = document.getText();
    const asked: string[] = [];
    const api_ = await extensionApi();
    api_.prompts.confirm = async (message) => {
      asked.push(message);
      return false;
    };
    await vscode.commands.executeCommand('nnViz.saveWeights', uri);
    assert.equal(asked.length, 1, 'the user was asked');
    assert.match(asked[0], /edited|changed/);
    assert.equal(document.getText(), edited, 'a “no” leaves the text as the user wrote it');
    api_.prompts.confirm = async () => true;
    await vscode.commands.executeCommand('nnViz.saveWeights', uri);
    await waitFor(() => document.getText() !== edited, { message: 'a “yes” to write the weights' });
    await vscode.commands.executeCommand('undo');
    await waitFor(() => document.getText() === edited, { message: 'undo to bring the user’s text back' });
    report.saveAfterEdit = `asked: "${asked[0]}"; "no" kept the text; "yes" wrote Θ; undo restored the user's text`;
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeAllEditors();
  });

  it('two views of one document share one session; two documents train at once', async () => {
    const a = await longXor('fault-two-a.nn.json');
    const b = await longXor('fault-two-b.nn.json');
    const { provider, sessions, liveWorkers } = await extensionApi();
    // One view at a time, each loaded before the next: code-server's webviews share a service worker, and three
    // created at once in headless Chromium can wait on each other's registration.
    const columns: [vscode.Uri, vscode.ViewColumn][] = [
      [a, vscode.ViewColumn.One],
      [a, vscode.ViewColumn.Two],
      [b, vscode.ViewColumn.Three],
    ];
    for (const [k, [uri, column]] of columns.entries()) {
      await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE, column);
      await waitFor(() => [...provider.panels.values()].filter((p) => p.view.ready).length === k + 1, {
        timeout: 60_000,
        message: `view ${k + 1} of 3 to load`,
      });
    }
    const sa = await sessionOf(a);
    const sb = await sessionOf(b);
    await waitFor(() => sa.views.size === 2, { message: 'both views attached to one session' });
    await waitState(sa, ['idle']);
    await waitState(sb, ['idle']);
    await vscode.commands.executeCommand('nnViz.train', a);
    await vscode.commands.executeCommand('nnViz.train', b);
    await waitFor(() => (sa.latestFrame?.epoch ?? 0) > 100 && (sb.latestFrame?.epoch ?? 0) > 100, {
      message: 'both documents training',
    });
    assert.equal(liveWorkers(), 2, 'one worker per document');
    // Both views of `a` receive frames (each acknowledges its own).
    const views = () =>
      [...sa.views]
        .map(
          (v) => `view ${v.id}: ready ${v.ready}, awaiting ${v.awaitingAck}, history sent ${v.historySent}`,
        )
        .join('; ');
    await waitFor(() => [...sa.views].every((v) => v.historySent > 100), {
      timeout: 30_000,
      message: 'frames reaching both views',
    }).catch((e: Error) => {
      throw new Error(`${e.message}; ${views()}`);
    });
    await vscode.commands.executeCommand('nnViz.pause', a);
    await vscode.commands.executeCommand('nnViz.pause', b);
    await waitState(sa, ['paused']);
    await waitState(sb, ['paused']);
    assert.equal(sessions.all().length, 2);
    report.twoViewsTwoDocuments =
      'one session for two views of a document, one worker per document, both trained';
    await closeAllEditors();
    await waitFor(() => liveWorkers() === 0, { message: 'the workers to exit' });
  });
});
