/** The extension's entry in a web extension host (vscode.dev, github.dev): package.json "browser". */
import type * as vscode from 'vscode';
import { activateWith, type ExtensionApi } from './extension';
import { WebPlatform } from './platform/web';

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  return activateWith(context, (log) => new WebPlatform(context.extensionUri, log));
}

export { deactivate } from './extension';
