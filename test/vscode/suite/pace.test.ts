/**
 * The pace in a real extension host: which pace applies (the view's choice for the session, else the file's
 * "training.speed", else the setting nnViz.speed), that none of them edits the file, that a new "speed" typed into the
 * file applies live without reloading the run, and that nnViz.inspectedSample counts samples from 1.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { after, before, describe, it } from 'mocha';
import {
  closeAllEditors,
  openDocument,
  sessionOf,
  waitFor,
  waitState,
  workspaceUri,
  writeWorkspaceFile,
} from '../helpers';

/** XOR 2-3-1 with 3,000 full-batch epochs, optionally with its own pace. */
function xorText(speed?: string | number): string {
  return JSON.stringify(
    {
      name: 'paced XOR',
      layers: [{ units: 2 }, { units: 3, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }],
      data: { generator: 'xor' },
      training: { learningRate: 2, epochs: 3000, batchSize: 'full', seed: 1, ...(speed ? { speed } : {}) },
    },
    null,
    2,
  );
}

const config = () => vscode.workspace.getConfiguration('nnViz');

describe('the pace of training', function () {
  this.timeout(120_000);
  before(closeAllEditors);
  after(async () => {
    await config().update('speed', undefined, vscode.ConfigurationTarget.Global);
    await config().update('inspectedSample', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  it('takes the view’s choice, else the file’s speed, else the setting; none of them edits the file', async () => {
    const uri = await writeWorkspaceFile('paced.nn.json', xorText());
    const { document } = await openDocument(uri);
    await vscode.commands.executeCommand('nnViz.stepEpoch', uri);
    const session = await sessionOf(uri);
    await waitState(session, ['paused']);
    assert.deepEqual(session.pace, { pace: '1x', source: 'default' });

    await config().update('speed', '10x', vscode.ConfigurationTarget.Global);
    await waitFor(() => session.pace.source === 'setting', { message: 'the setting to apply' });
    assert.equal(session.pace.pace, '10x');

    // The view's choice: this session only.
    session.setPace('slow motion');
    assert.deepEqual(session.pace, { pace: 'slow motion', source: 'view' });
    await vscode.commands.executeCommand('nnViz.train', uri);
    await waitState(session, ['running']);
    // Slow motion is 2 updates a second: 4 more updates (3 after a frame still on its way) take at least 1 s.
    const from = session.latestFrame?.iteration ?? 0;
    const t0 = Date.now();
    await waitFor(() => (session.latestFrame?.iteration ?? 0) >= from + 4, {
      message: 'four slow-motion updates',
      timeout: 30_000,
    });
    const took = Date.now() - t0;
    assert.ok(took >= 900, `slow motion: 4 updates in ${took} ms (2 a second: at least 1 s)`);
    session.setPace('max');
    await waitState(session, ['finished']);
    assert.equal(session.latestFrame?.epoch, 3000);
    assert.equal(document.isDirty, false, 'choosing a pace does not edit the file');
    await closeAllEditors();
  });

  it('a "speed" typed into the file applies at once, without reloading or resetting the run', async () => {
    await config().update('speed', undefined, vscode.ConfigurationTarget.Global);
    const uri = await writeWorkspaceFile('paced-file.nn.json', xorText('slow motion'));
    const { document } = await openDocument(uri);
    await vscode.commands.executeCommand('nnViz.train', uri);
    const session = await sessionOf(uri);
    await waitState(session, ['running']);
    assert.deepEqual(session.pace, { pace: 'slow motion', source: 'file' });
    await waitFor(() => (session.latestFrame?.epoch ?? 0) >= 2, { message: 'slow-motion epochs' });
    // A reload would start the worker again: the session would pass through 'loading' and its history start over.
    const states: string[] = [];
    const watch = session.onDidChange(() => states.push(session.state));
    const edit = new vscode.WorkspaceEdit();
    const text = document.getText();
    const at = text.indexOf('"slow motion"');
    edit.replace(uri, new vscode.Range(document.positionAt(at), document.positionAt(at + 13)), '"max"');
    await vscode.workspace.applyEdit(edit);
    await waitFor(() => session.pace.pace === 'max', { message: 'the file’s new speed' });
    await waitState(session, ['finished']);
    watch.dispose();
    assert.ok(!states.includes('loading'), `the session was not reloaded (states: ${states.join(', ')})`);
    assert.equal(session.history.epoch[0], 0, 'the history kept its start');
    assert.equal(session.latestFrame?.epoch, 3000, 'the run went on to its end at the new pace');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeAllEditors();
  });

  it('nnViz.inspectedSample counts from 1, like the lecture: i = 3 is the file’s third row', async () => {
    await config().update('inspectedSample', 3, vscode.ConfigurationTarget.Global);
    const uri = workspaceUri('xor.nn.json');
    await openDocument(uri);
    await vscode.commands.executeCommand('nnViz.stepEpoch', uri);
    const session = await sessionOf(uri);
    await waitFor(() => session.latestFrame?.inspected?.index === 2, { message: 'row 3 inspected' });
    // XOR's rows in file order: (0,0), (0,1), (1,0), (1,1).
    assert.deepEqual(Array.from(session.latestFrame?.inspected?.x ?? []), [1, 0]);
    await config().update('inspectedSample', 1, vscode.ConfigurationTarget.Global);
    await waitFor(() => session.latestFrame?.inspected?.index === 0, { message: 'row 1 inspected' });
    await closeAllEditors();
  });
});
