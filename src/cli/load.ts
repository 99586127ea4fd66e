/**
 * Loading a .nn.json for every nn-viz command (cost, train, predict, gradcheck, answer, export, import): read the file,
 * parse and validate it, load its data set, build Θ. Each problem is printed the same way for every command
 * (`FILE:LINE:COL: error: message (at /pointer)`, or `nn-viz: cannot read FILE: …`) and ends the command with exit 2.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Random, createNetwork, type Network } from '../engine';
import {
  DatasetError,
  loadDataset,
  parseNetwork,
  type Dataset,
  type NetworkSpec,
  type SpecError,
} from '../format';
import { nodeDataFiles } from '../format/nodeFiles';

/** Ends a command with this exit code; its message has been printed already. */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** The part of the CLI's IO that loading uses. */
export interface LoadIO {
  stderr(text: string): void;
  /** Folder relative paths are resolved against (default process.cwd()). */
  cwd?: string;
}

export function cwdOf(io: LoadIO): string {
  return io.cwd ?? process.cwd();
}

/** `FILE:LINE:COL: error: message (at /pointer)` */
export function formatProblem(file: string, e: SpecError): string {
  return `${file}:${e.line}:${e.column}: ${e.severity}: ${e.message}${e.pointer ? ` (at ${e.pointer})` : ''}`;
}

/** The bytes of `file` (relative to the IO's folder); a file that cannot be read ends the command. */
export function readInput(io: LoadIO, file: string): Buffer {
  try {
    return readFileSync(resolve(cwdOf(io), file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.stderr(
      `nn-viz: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : String((e as Error).message)}\n`,
    );
    throw new CliExit(2);
  }
}

/** A .nn.json as read: its absolute path, its text and its validated spec. */
export interface LoadedSpec {
  path: string;
  text: string;
  spec: NetworkSpec;
}

/** Reads and validates `file`: errors are printed and end the command, warnings are printed. */
export function loadSpec(io: LoadIO, file: string): LoadedSpec {
  const text = readInput(io, file).toString('utf8');
  const result = parseNetwork(text);
  if (!result.ok) {
    for (const e of result.errors) io.stderr(formatProblem(file, e) + '\n');
    throw new CliExit(2);
  }
  for (const w of result.warnings) io.stderr(formatProblem(file, w) + '\n');
  return { path: resolve(cwdOf(io), file), text, spec: result.spec };
}

/**
 * The data set of a loaded spec, read from disk beside the file (the digits from `mnistDir` when given); a problem is
 * printed at the data field of `file` (with the data file's line and column) and ends the command.
 */
export function loadData(io: LoadIO, file: string, loaded: LoadedSpec, mnistDir?: string | null): Dataset {
  try {
    return loadDataset(
      loaded.spec,
      nodeDataFiles(dirname(loaded.path), mnistDir ? resolve(cwdOf(io), mnistDir) : undefined),
    );
  } catch (e) {
    if (!(e instanceof DatasetError)) throw e;
    io.stderr(formatProblem(file, e.toSpecError(loaded.text)) + '\n');
    throw new CliExit(2);
  }
}

/** No samples: for the commands that need only the network. */
export function emptyDataset(): Dataset {
  return {
    m: 0,
    n: 0,
    K: 0,
    X: new Float64Array(0),
    Y: new Float64Array(0),
    classNames: null,
    imageShape: null,
  };
}

/** The file's Θ, or the seeded init (the same one training starts from: the seed's "init" stream). */
export function fileNetwork(spec: NetworkSpec): Network {
  const t = spec.training;
  return createNetwork(spec.layers, spec.weights, t.init, Random.derive(t.seed, 'init'));
}
