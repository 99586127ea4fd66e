/** The extension's entry in a Node extension host (desktop VS Code, code-server): package.json "main". */
import type * as vscode from 'vscode';
import { activateWith, type ExtensionApi } from './extension';
import { NodePlatform } from './platform/node';

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  return activateWith(context, () => new NodePlatform(context.extensionUri));
}

export { deactivate } from './extension';
