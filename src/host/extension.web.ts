/** The extension's entry in a web extension host (vscode.dev, github.dev): package.json "browser". */
import type * as vscode from 'vscode';
import { activateWith } from './extension';
import type { TestSeam } from './testSeam';
import { WebPlatform } from './platform/web';

export function activate(context: vscode.ExtensionContext): TestSeam | undefined {
  return activateWith(context, (log) => new WebPlatform(context.extensionUri, log));
}

export { deactivate } from './extension';
