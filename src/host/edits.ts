import * as vscode from 'vscode';
import { modify, applyEdits, type JSONPath } from 'jsonc-parser';
import type { Hyper } from '../protocol';

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/** How edits reach the workspace: one place, so the tests can make an edit fail (src/host/testSeam.ts). */
export const workspaceEdits = {
  apply: (edit: vscode.WorkspaceEdit): Thenable<boolean> => vscode.workspace.applyEdit(edit),
};

/** Apply a new text to a document as one undoable edit of the range that differs (the rest keeps its formatting). */
export async function replaceText(doc: vscode.TextDocument, newText: string): Promise<boolean> {
  const old = doc.getText();
  if (old === newText) return true;
  let start = 0;
  while (start < old.length && start < newText.length && old[start] === newText[start]) start++;
  let endOld = old.length;
  let endNew = newText.length;
  while (endOld > start && endNew > start && old[endOld - 1] === newText[endNew - 1]) {
    endOld--;
    endNew--;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(
    doc.uri,
    new vscode.Range(doc.positionAt(start), doc.positionAt(endOld)),
    newText.slice(start, endNew),
  );
  return workspaceEdits.apply(edit);
}

/** Set JSON values at paths, keeping the rest of the text as it is. */
export function setValues(text: string, values: [JSONPath, unknown][]): string {
  let out = text;
  for (const [path, value] of values) out = applyEdits(out, modify(out, path, value, FORMAT));
  return out;
}

/** Write hyperparameters changed in the view into the document's "training" object. */
export function hyperEdits(hyper: Partial<Hyper>): [JSONPath, unknown][] {
  const values: [JSONPath, unknown][] = [];
  if (hyper.learningRate !== undefined) values.push([['training', 'learningRate'], hyper.learningRate]);
  if (hyper.lambda !== undefined) values.push([['training', 'lambda'], hyper.lambda]);
  if (hyper.batchSize !== undefined)
    values.push([['training', 'batchSize'], hyper.batchSize === 0 ? 'full' : hyper.batchSize]);
  if (hyper.optimizer !== undefined) values.push([['training', 'optimizer'], hyper.optimizer]);
  return values;
}

/**
 * Change s_l of hidden layer `layer` (the lecture's 1-based index). Θ^(l-1) and Θ^(l) change shape, so saved weights
 * no longer fit: they are removed in the same edit (undo brings them back) and the init rule is used.
 */
export function unitsEdits(layer: number, units: number, hasWeights: boolean): [JSONPath, unknown][] {
  const values: [JSONPath, unknown][] = [[['layers', layer - 1, 'units'], units]];
  if (hasWeights) values.push([['weights'], undefined]);
  return values;
}
