/**
 * Each problem once in Problems (issue 18): VS Code's JSON language service reports JSON syntax errors, so the
 * extension does not repeat them (9 entries for one typo before); with the service's validation off, the extension
 * reports them itself. Files over the size limit get one diagnostic at the start and are never parsed.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { after, before, describe, it } from 'mocha';
import {
  closeAllEditors,
  extensionApi,
  getDiagnostics,
  measureEventLoopLag,
  openDocument,
  waitFor,
  workspaceUri,
  writeWorkspaceFile,
} from '../helpers';
import * as fs from 'node:fs';

const byUs = (d: vscode.Diagnostic) => d.source === 'nn-viz';

/** The extension's diagnostics of `uri` once there are `n` of them (any number ≥ 1 when n is omitted). */
function ours(uri: vscode.Uri, n?: number): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => {
      const d = getDiagnostics(uri).filter(byUs);
      return (n === undefined ? d.length > 0 : d.length === n) ? d : undefined;
    },
    { timeout: 30_000, message: `nn-viz diagnostics of ${uri.path}` },
  );
}

describe('diagnostics', function () {
  this.timeout(120_000);
  before(closeAllEditors);
  after(closeAllEditors);

  it('reports a JSON syntax error once: the JSON language service has it, the extension does not repeat it', async () => {
    const xor = fs.readFileSync(workspaceUri('xor.nn.json').fsPath, 'utf8');
    const typo = xor.replace('"loss": "cross-entropy",', '"loss": "cross-entropy"');
    const uri = await writeWorkspaceFile('typo.nn.json', typo);
    const { document } = await openDocument(uri);
    const api = await extensionApi();
    const parsed = await api.documents.checked(document);
    assert.equal(parsed.ok, false);
    assert.equal(!parsed.ok && parsed.syntax, true, 'the extension found the syntax error');
    const line = typo.slice(0, typo.indexOf('"data"')).split('\n').length - 1;
    const all = await waitFor(
      () => {
        const d = getDiagnostics(uri);
        return d.some((x) => !byUs(x) && x.range.start.line === line) ? d : undefined;
      },
      // The JSON language service answers from its own process, later when it is busy with large files.
      { timeout: 90_000, message: `the JSON language service's error at line ${line + 1}` },
    );
    assert.deepEqual(all.filter(byUs), [], 'no syntax error repeated by nn-viz');
    const lines = all.map((d) => d.range.start.line);
    assert.equal(
      new Set(lines).size,
      lines.length,
      `one entry per place: ${JSON.stringify(all.map((d) => [d.source, d.range.start.line + 1, d.message]))}`,
    );

    // With the language service's validation off, the extension reports the error itself.
    const json = vscode.workspace.getConfiguration('json');
    await json.update('validate.enable', false, vscode.ConfigurationTarget.Global);
    try {
      const mine = await ours(uri);
      assert.equal(mine[0].range.start.line, line);
      assert.match(mine[0].message, /comma/);
    } finally {
      await json.update('validate.enable', undefined, vscode.ConfigurationTarget.Global);
    }
    await closeAllEditors();
  });

  it('refuses a file over the size limit with one diagnostic at the start, without parsing it on any keystroke', async function () {
    this.timeout(180_000);
    const row = '[0.25, 0.75],\n';
    const text = `{"name": "too large", "data": {"inputs": [${row.repeat(700_000)}[0, 1]]}}\n`;
    const uri = await writeWorkspaceFile('too-large.nn.json', text);
    const api = await extensionApi();
    // Opening a 10 MB document is VS Code's own work (it stalls the host as long for a .txt): not measured.
    const document = await vscode.workspace.openTextDocument(uri);
    const { lag } = await measureEventLoopLag(async () => {
      const first = await api.documents.checked(document);
      const answered = api.documents.checker.answered;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 1), ' ');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const second = await api.documents.checked(document);
      assert.equal(api.documents.checker.answered, answered, 'the validation worker never saw the text');
      for (const r of [first, second]) {
        assert.equal(r.ok, false);
        assert.equal(r.ok ? 0 : r.errors.length, 1);
      }
      const d = await ours(uri, 1);
      assert.deepEqual([d[0].range.start.line, d[0].range.start.character], [0, 0]);
      assert.match(d[0].message, /too large to check: over 8,388,608 characters.*CSV file/);
    });
    assert.ok(lag.maxMs < 300, `the extension host stalled ${Math.round(lag.maxMs)} ms`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await closeAllEditors();
  });
});
