/**
 * Large .nn.json files never block the extension host (issue 16): files of about 7 MB, invalid (strings where the
 * inputs' numbers belong, 940,000 type errors) and valid but over the inline-data limit, are opened in the visualizer and
 * edited while perf_hooks watches the host's event loop. Their diagnostics still arrive, at the right places, and the
 * view says "checking…" until they do. The stalls measured go to test-results/vscode-large-files.json.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { after, before, describe, it } from 'mocha';
import {
  artifactsDir,
  closeAllEditors,
  extensionApi,
  getDiagnostics,
  measureEventLoopLag,
  VIEW_TYPE,
  waitFor,
  writeWorkspaceFile,
} from '../helpers';

/** The extension host's largest event-loop stall allowed while it opens and edits these files. */
const MAX_STALL_MS = 300;

const HEAD =
  '{\n  "name": "large",\n  "layers": [{ "units": 2 }, { "units": 2, "activation": "sigmoid" }, { "units": 1, "activation": "sigmoid" }],\n  "loss": "cross-entropy",\n  "data": {\n    "inputs": [';

/** m rows of x = ["a", "b"]: 2m strings where numbers belong. */
function invalidText(m: number): string {
  return `${HEAD}${'["a","b"],\n'.repeat(m - 1)}["a","b"]],\n    "targets": [${'[1],'.repeat(m - 1)}[1]]\n  }\n}\n`;
}

/** m valid rows: 3m inline numbers, far over the limit of 100,000. */
function overLimitText(m: number): string {
  const rows: string[] = [];
  for (let i = 0; i < m; i++) rows.push(`[${(i % 97) / 97},${(i % 89) / 89}]`);
  const targets: string[] = [];
  for (let i = 0; i < m; i++) targets.push(`[${i % 2}]`);
  return `${HEAD}${rows.join(',\n')}],\n    "targets": [${targets.join(',')}]\n  }\n}\n`;
}

const ours = (uri: vscode.Uri) => getDiagnostics(uri).filter((d) => d.source === 'nn-viz');

/** Waits until our diagnostics of `uri` satisfy `accept`; long files take seconds to check on a loaded machine. */
function ourDiagnostics(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean, message: string) {
  return waitFor(
    () => {
      const d = ours(uri);
      return d.length > 0 && accept(d) ? d : undefined;
    },
    { timeout: 120_000, interval: 100, message },
  );
}

const measured: Record<string, unknown> = {};

describe('large files', function () {
  this.timeout(300_000);
  before(closeAllEditors);
  after(async () => {
    await closeAllEditors();
    fs.writeFileSync(path.join(artifactsDir(), 'vscode-large-files.json'), JSON.stringify(measured, null, 2));
  });

  const cases = [
    {
      name: 'invalid',
      text: invalidText(470_000),
      /** The first problem: the first "a" of inputs. */
      first: (text: string) => text.indexOf('"a"'),
      message: /data\.inputs\[0\]\[0\] must be a number/,
    },
    {
      name: 'over-the-limit',
      text: overLimitText(155_000),
      first: (text: string) => text.indexOf('"data"'),
      message: /data holds 465,000 inline numbers; at most 100,000/,
    },
  ];

  for (const c of cases) {
    it(`a ${(c.text.length / 1e6).toFixed(1)} MB ${c.name} file opens and edits without stalling the host, with located diagnostics`, async () => {
      const uri = await writeWorkspaceFile(`large-${c.name}.nn.json`, c.text);
      const start = c.first(c.text);
      // VS Code's own work of opening a 7 MB document (receiving its lines) stalls the host as much for a .txt file; it is
      // measured apart and reported, not counted against the extension.
      const { result: doc, lag: opening } = await measureEventLoopLag(async () =>
        vscode.workspace.openTextDocument(uri),
      );
      const { lag, result } = await measureEventLoopLag(async () => {
        const t0 = Date.now();
        await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
        const expected = doc.positionAt(start);
        const opened = await ourDiagnostics(
          uri,
          (d) => d[0].range.start.isEqual(expected),
          `diagnostics of ${c.name} at ${expected.line + 1}:${expected.character + 1}`,
        );
        const openMs = Date.now() - t0;
        // What the visualizer is told from now on.
        const api = await extensionApi();
        const panel = [...api.provider.panels.values()].find((p) => p.doc.uri.toString() === uri.toString());
        assert.ok(panel, 'the visualizer of the file is registered');
        const told: (boolean | undefined)[] = [];
        const post = panel.view.post;
        panel.view.post = (m) => {
          if (m.type === 'document') told.push(m.document.checking);
          post(m);
        };
        // One keystroke: a line break at the very start moves every problem one line down.
        const t1 = Date.now();
        const edit = new vscode.WorkspaceEdit();
        edit.insert(uri, new vscode.Position(0, 0), '\n');
        assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applied');
        const edited = await ourDiagnostics(
          uri,
          (d) => d[0].range.start.line === expected.line + 1,
          `diagnostics of ${c.name} one line down after the edit`,
        );
        const editMs = Date.now() - t1;
        await waitFor(() => told.length >= 2, {
          message: 'the visualizer told of the check and of its result',
        });
        panel.view.post = post;
        // "checking…" first, then the result: never the state of the text before the keystroke.
        assert.deepEqual([told[0], told[told.length - 1]], [true, false]);
        return { opened, edited, openMs, editMs };
      });
      measured[c.name] = {
        chars: c.text.length,
        vscodeOpenStallMs: Math.round(opening.maxMs),
        maxStallMs: Math.round(lag.maxMs),
        p99Ms: Math.round(lag.p99Ms),
        meanMs: Math.round(lag.meanMs * 10) / 10,
        diagnosticsAfterOpenMs: result.openMs,
        diagnosticsAfterEditMs: result.editMs,
        problems: result.edited.length,
      };
      assert.match(result.opened[0].message, c.message);
      assert.ok(result.opened.length <= 101, `at most 100 problems and a count, got ${result.opened.length}`);
      assert.match(result.edited[0].message, c.message);
      assert.ok(
        lag.maxMs < MAX_STALL_MS,
        `the extension host's event loop stalled ${Math.round(lag.maxMs)} ms (limit ${MAX_STALL_MS} ms)`,
      );
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await closeAllEditors();
    });
  }
});
