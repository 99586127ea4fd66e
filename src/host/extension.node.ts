/** The extension's entry in a Node extension host (desktop VS Code, code-server): package.json "main". */
import type * as vscode from 'vscode';
import { activateWith } from './extension';
import type { TestSeam } from './testSeam';
import { NodePlatform } from './platform/node';

export function activate(context: vscode.ExtensionContext): TestSeam | undefined {
  return activateWith(context, () => new NodePlatform(context.extensionUri));
}

export { deactivate } from './extension';
