/**
 * The extension loads in a real VS Code: it activates on a .nn.json file, registers its commands, and its JSON schema
 * reaches VS Code's JSON language service.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { before, describe, it } from 'mocha';
import {
  COMMANDS,
  closeAllEditors,
  getExtension,
  openDocument,
  textOf,
  waitFor,
  waitForDiagnostics,
  workspaceUri,
  writeWorkspaceFile,
} from '../helpers';

/** The workspace's xor.nn.json (a copy of examples/xor.nn.json) with the output layer's activation replaced. */
async function network(outputActivation: string): Promise<string> {
  const xor = await vscode.workspace.fs.readFile(workspaceUri('xor.nn.json'));
  const spec = JSON.parse(new TextDecoder().decode(xor)) as { layers: { activation?: string }[] };
  spec.layers[spec.layers.length - 1].activation = outputActivation;
  return JSON.stringify(spec, null, 2) + '\n';
}

describe('activation', () => {
  before(closeAllEditors);

  it('the extension nn-viz.nn-viz is installed', () => {
    const extension = getExtension();
    assert.equal(extension.packageJSON.name, 'nn-viz');
  });

  it('activates when an .nn.json file is opened', async () => {
    const uri = await writeWorkspaceFile('activation-check.nn.json', await network('sigmoid'));
    const { document } = await openDocument(uri);
    assert.ok(document.fileName.endsWith('.nn.json'));
    const extension = getExtension();
    await waitFor(() => extension.isActive, { timeout: 30_000, message: 'the extension to activate' });
    // isActive turns true when activation starts; activate() returns the same promise and rejects if activate() threw.
    await extension.activate();
  });

  it('registers every command', async () => {
    await getExtension().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });

  it('applies the JSON schema: an unknown activation gets a diagnostic from the JSON language service', async () => {
    const uri = await writeWorkspaceFile('schema-check.nn.json', await network('sigmoidd'));
    const { document } = await openDocument(uri);
    // "Value is not accepted. Valid values: …" is the JSON language service's message for a value outside an enum.
    const diagnostics = await waitForDiagnostics(
      uri,
      (ds) => ds.some((d) => textOf(document, d) === '"sigmoidd"' && /Value is not accepted/.test(d.message)),
      { timeout: 30_000, message: 'a schema diagnostic on "sigmoidd"' },
    );
    const schema = diagnostics.find(
      (d) => textOf(document, d) === '"sigmoidd"' && /Value is not accepted/.test(d.message),
    );
    assert.ok(schema, 'schema diagnostic present');
    assert.match(schema.message, /"sigmoid"/, 'the message lists the valid activations');
  });
});
