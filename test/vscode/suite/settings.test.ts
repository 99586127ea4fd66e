/**
 * Settings from the view go through the document only: a hyperparameter changed in the visualizer is written into the
 * file, and the edit coming back is what applies it to the session, so the worker receives it once. When the edit
 * fails, the session and the document still agree and the worker receives nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { after, before, describe, it } from 'mocha';
import type { ToWorker } from '../../../src/protocol';
import type { TrainingSession } from '../../../src/host/session';
import {
  closeAllEditors,
  extensionApi,
  sessionOf,
  waitFor,
  waitState,
  workspaceUri,
  writeWorkspaceFile,
  VIEW_TYPE,
} from '../helpers';

/** Opens `uri` in the visualizer and resolves with its view's id once the page has loaded. */
async function openView(uri: vscode.Uri): Promise<number> {
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
  const { provider } = await extensionApi();
  const [id] = await waitFor(
    () => [...provider.panels].find(([, p]) => p.doc.uri.toString() === uri.toString() && p.view.ready),
    { timeout: 60_000, message: 'the visualizer to load' },
  );
  return id;
}

/** The learning rate the document's text holds now. */
function documentAlpha(uri: vscode.Uri): number {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  assert.ok(doc, 'the document is open');
  return (JSON.parse(doc.getText()) as { training: { learningRate: number } }).training.learningRate;
}

const setHypers = (messages: readonly ToWorker[]) => messages.filter((m) => m.type === 'setHyper');

describe('settings from the view', function () {
  this.timeout(120_000);
  before(closeAllEditors);
  after(closeAllEditors);

  it('a learning rate set in the view reaches the worker once, through the document', async () => {
    const uri = await writeWorkspaceFile(
      'settings-once.nn.json',
      fs.readFileSync(workspaceUri('xor.nn.json').fsPath, 'utf8'),
    );
    const id = await openView(uri);
    const session = await sessionOf(uri);
    await waitState(session, ['idle']);
    const seam = await extensionApi();
    const recorder = seam.recordWorkerMessages(uri);
    try {
      const before = session.syncedVersion;
      await seam.provider.receive(id, { type: 'setHyper', hyper: { learningRate: 0.125 } });
      // The edit came back and the session accepted the document's new version: every path a second setHyper could
      // have taken has run.
      await waitFor(() => session.syncedVersion > before, {
        message: 'the edit to come back to the session',
      });
      assert.equal(documentAlpha(uri), 0.125, 'the document holds the new α');
      assert.equal(session.hyper.learningRate, 0.125, 'the session follows the document');
      assert.deepEqual(
        setHypers(recorder.messages),
        [{ type: 'setHyper', hyper: { learningRate: 0.125 } }],
        'the worker received one setHyper',
      );
    } finally {
      recorder.dispose();
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeAllEditors();
  });

  it('a failed edit changes nothing: the session and the document agree, the worker receives nothing', async () => {
    const uri = await writeWorkspaceFile(
      'settings-failed.nn.json',
      fs.readFileSync(workspaceUri('xor.nn.json').fsPath, 'utf8'),
    );
    const id = await openView(uri);
    const session: TrainingSession = await sessionOf(uri);
    await waitState(session, ['idle']);
    const alpha = documentAlpha(uri);
    const seam = await extensionApi();
    const recorder = seam.recordWorkerMessages(uri);
    const apply = seam.edits.apply;
    // The editor refuses the edit (as it may for a file it cannot change).
    seam.edits.apply = () => Promise.resolve(false);
    try {
      await seam.provider.receive(id, { type: 'setHyper', hyper: { learningRate: alpha * 2 } });
    } finally {
      seam.edits.apply = apply;
      recorder.dispose();
    }
    assert.equal(documentAlpha(uri), alpha, 'the document is unchanged');
    assert.equal(session.hyper.learningRate, alpha, 'the session still agrees with the document');
    assert.deepEqual(setHypers(recorder.messages), [], 'the worker received no setHyper');
    await closeAllEditors();
  });
});
