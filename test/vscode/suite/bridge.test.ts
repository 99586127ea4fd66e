/**
 * "Export Network…" and "Import ONNX Model…" in a real VS Code: contributed to the palette and the editor title menu,
 * writing through vscode.workspace.fs, round-tripping a network through ONNX, and errors that name the file and the
 * problem. (The numbers themselves are checked against PyTorch and ONNX Runtime in test/unit/bridge.)
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { before, describe, it } from 'mocha';
import { importOnnx } from '../../../src/bridge';
import {
  closeAllEditors,
  getExtension,
  openDocument,
  waitFor,
  waitForDiagnostics,
  workspaceUri,
  writeWorkspaceFile,
} from '../helpers';

type Result = { written: vscode.Uri[] } | { error: string } | { cancelled: true };

interface Contributes {
  commands: { command: string; title: string }[];
  menus: Record<string, { command: string; when?: string }[]>;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

const text = async (uri: vscode.Uri): Promise<string> =>
  new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

describe('bridge: export and import', () => {
  before(async () => {
    await closeAllEditors();
    await getExtension().activate();
  });

  it('contributes both commands to the palette and the editor title menu', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributes = getExtension().packageJSON.contributes as Contributes;
    for (const [id, title] of [
      ['nnViz.exportNetwork', 'Export Network…'],
      ['nnViz.importOnnx', 'Import ONNX Model…'],
    ]) {
      assert.ok(registered.has(id), `${id} is registered`);
      assert.equal(contributes.commands.find((c) => c.command === id)?.title, title);
      assert.ok(
        contributes.menus['editor/title'].some((m) => m.command === id),
        `${id} is in the editor title menu`,
      );
    }
  });

  it('exports the active network as a PyTorch script and offers it, and as ONNX', async () => {
    const source = workspaceUri('xor.nn.json');
    await openDocument(source);
    const script = workspaceUri('export-check/xor.py');
    await vscode.workspace.fs.createDirectory(workspaceUri('export-check'));
    // No Uri argument: the command acts on the active network.
    const py = (await vscode.commands.executeCommand(
      'nnViz.exportNetwork',
      undefined,
      'pytorch',
      script,
    )) as Result;
    assert.ok('written' in py, JSON.stringify(py));
    const body = await text(script);
    assert.match(body, /^#!\/usr\/bin\/env python3/);
    assert.match(body, /nn\.Linear/);
    assert.match(body, /exactly the Θ nn-viz's seeded init draws \(normal, seed 1\)/);
    assert.match(body, /LEARNING_RATE = 2 {2}# α/);

    const model = workspaceUri('export-check/xor.onnx');
    const onnx = (await vscode.commands.executeCommand(
      'nnViz.exportNetwork',
      source,
      'onnx',
      model,
    )) as Result;
    assert.ok('written' in onnx, JSON.stringify(onnx));
    const net = importOnnx(await vscode.workspace.fs.readFile(model));
    assert.deepEqual(
      net.layers.map((l) => [l.theta.length, l.theta[0].length, l.activation]),
      [
        [2, 3, 'sigmoid'],
        [1, 3, 'sigmoid'],
      ],
    );
  });

  it('imports an ONNX model into a .nn.json and opens it', async () => {
    const model = workspaceUri('export-check/xor.onnx');
    if (!(await exists(model))) {
      const r = await vscode.commands.executeCommand(
        'nnViz.exportNetwork',
        workspaceUri('xor.nn.json'),
        'onnx',
        model,
      );
      assert.ok(r && typeof r === 'object' && 'written' in r);
    }
    const out = workspaceUri('export-check/imported.nn.json');
    const r = (await vscode.commands.executeCommand('nnViz.importOnnx', model, out)) as Result;
    assert.ok('written' in r, JSON.stringify(r));
    const doc = JSON.parse(await text(out)) as {
      layers: { units: number }[];
      weights: number[][][];
      data?: unknown;
    };
    assert.deepEqual(
      doc.layers.map((l) => l.units),
      [2, 2, 1],
    );
    assert.equal(doc.data, undefined);
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === out.toString(), {
      message: 'the imported file to open',
    });
    // In the visualizer it cannot train, and the file says why.
    await vscode.commands.executeCommand('nnViz.openVisualizer', out);
    const diagnostics = await waitForDiagnostics(out, (d) => d.some((x) => /has no "data"/.test(x.message)), {
      timeout: 30_000,
    });
    assert.match(diagnostics[0].message, /add a training set/);
  });

  it('names the file and the problem when it cannot export or import, and writes nothing', async () => {
    const broken = await writeWorkspaceFile(
      'export-check/broken.nn.json',
      '{ "layers": [{ "units": 2 }, { "units": 1, "activation": "sigmoid" }], "data": { "generator": "xor" }, "weights": [[[1, 2]]] }\n',
    );
    const out = workspaceUri('export-check/broken.py');
    const e = (await vscode.commands.executeCommand('nnViz.exportNetwork', broken, 'pytorch', out)) as Result;
    assert.ok('error' in e, JSON.stringify(e));
    assert.match(e.error, /^Cannot export broken\.nn\.json: line 1: .*Θ\^\(1\)/);
    assert.equal(await exists(out), false);

    const bad = await writeWorkspaceFile('export-check/not-a-model.onnx', 'hello, this is text\n');
    const target = workspaceUri('export-check/not-a-model.nn.json');
    const i = (await vscode.commands.executeCommand('nnViz.importOnnx', bad, target)) as Result;
    assert.ok('error' in i, JSON.stringify(i));
    assert.match(i.error, /^Cannot import not-a-model\.onnx: not an ONNX model/);
    assert.equal(await exists(target), false);
  });
});
