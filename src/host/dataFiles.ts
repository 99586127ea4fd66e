/**
 * The data files a .nn.json names, read through vscode.workspace.fs (the same code on the desktop and on the web,
 * where files may live on a virtual file system) and handed to the training worker as bytes.
 *
 * A CSV path is relative to the .nn.json's folder and must stay inside that folder's tree: no absolute paths, no "..",
 * and no symbolic link that leads out (resolved where the platform can; refused where it cannot). The MNIST digits
 * come from the extension's own packaged files (dist/mnist).
 */
import * as vscode from 'vscode';
import {
  DatasetError,
  LIMITS,
  checkRelativeDataPath,
  formatCount,
  type DataFileBytes,
  type NetworkSpec,
} from '../format';
import type { Platform } from './platform/types';

export async function readDataFiles(
  spec: NetworkSpec,
  document: vscode.Uri,
  extensionUri: vscode.Uri,
  platform: Platform,
): Promise<DataFileBytes> {
  const data = spec.data;
  if (data.kind === 'csv') {
    try {
      return { csv: { path: data.path, bytes: await readCsv(document, data.path, platform) } };
    } catch (e) {
      return { csv: { path: data.path, error: reason(e) } };
    }
  }
  if (data.kind === 'mnist') {
    try {
      const dir = vscode.Uri.joinPath(extensionUri, 'dist', 'mnist');
      const read = (d: number) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, `${d}.json`));
      return { mnist: await Promise.all(Array.from({ length: 10 }, (_, d) => read(d))) };
    } catch (e) {
      return {
        mnist: { error: `the MNIST digits packaged with the extension cannot be read: ${reason(e)}` },
      };
    }
  }
  return {};
}

async function readCsv(document: vscode.Uri, path: string, platform: Platform): Promise<Uint8Array> {
  checkRelativeDataPath(path, '/data/csv');
  const folder = vscode.Uri.joinPath(document, '..');
  const file = vscode.Uri.joinPath(folder, ...path.split(/[\\/]/).filter((s) => s !== '' && s !== '.'));
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(file);
  } catch {
    throw new DatasetError(`file not found: "${path}" (looked for ${file.toString(true)})`, '/data/csv');
  }
  await confine(folder, file, path, stat, platform);
  if (!(stat.type & vscode.FileType.File)) throw new DatasetError(`"${path}" is not a file`, '/data/csv');
  if (stat.size > LIMITS.maxCsvBytes)
    throw new DatasetError(
      `"${path}" has ${formatCount(stat.size)} bytes; at most ${formatCount(LIMITS.maxCsvBytes)}`,
      '/data/csv',
    );
  return vscode.workspace.fs.readFile(file);
}

/** Refuses a file whose real location (links resolved) is outside the .nn.json's folder tree. */
async function confine(
  folder: vscode.Uri,
  file: vscode.Uri,
  path: string,
  stat: vscode.FileStat,
  platform: Platform,
): Promise<void> {
  if (platform.realPath && file.scheme === 'file') {
    const [base, real] = await Promise.all([platform.realPath(folder), platform.realPath(file)]);
    const sep = base.includes('\\') ? '\\' : '/';
    if (!real.startsWith(base.endsWith(sep) ? base : base + sep))
      throw new DatasetError(`"${path}" links to ${real}, outside the .nn.json's folder tree`, '/data/csv');
    return;
  }
  if (stat.type & vscode.FileType.SymbolicLink)
    throw new DatasetError(
      `"${path}" is a symbolic link, and links cannot be followed safely here; use the file itself`,
      '/data/csv',
    );
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
