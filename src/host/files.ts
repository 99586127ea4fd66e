import * as vscode from 'vscode';

/** Whether a file or folder exists at `uri`, on any file system (vscode.workspace.fs). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
