/**
 * File input and output shared by `nn-viz export` and `nn-viz import`: option parsing, a .nn.json with its data set
 * (loaded like every command's, ./load.ts), and writing outputs (all of them or none).
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Dataset, NetworkSpec } from '../shared/spec';
import { cwdOf, emptyDataset, loadData, loadSpec } from './load';

/** The part of the CLI's IO these commands use. */
export interface BridgeIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd?: string;
}

/** A problem that ends the command with exit code 2 after printing its message. */
export class BridgeError extends Error {}

export interface BridgeOptions {
  file: string;
  out: string;
  format: string | undefined;
  mnistDir: string | undefined;
}

/** Parses `FILE --out OUT [--format F] [--mnist-dir D]`; throws BridgeError with the usage problem. */
export function bridgeOptions(command: string, argv: readonly string[], withFormat: boolean): BridgeOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        ...(withFormat ? { format: { type: 'string' }, 'mnist-dir': { type: 'string' } } : {}),
      },
    });
  } catch (e) {
    throw new BridgeError(`${command}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1)
    throw new BridgeError(
      `${command} takes one FILE, got ${positionals.length ? positionals.join(' ') : 'none'}`,
    );
  if (typeof values.out !== 'string' || values.out === '')
    throw new BridgeError(`${command} needs --out OUT`);
  const v = values as Record<string, string | undefined>;
  return { file: positionals[0], out: values.out, format: v.format, mnistDir: v['mnist-dir'] };
}

export interface LoadedNetwork {
  text: string;
  spec: NetworkSpec;
  dataset: Dataset;
}

/** A .nn.json and its data set (none unless `withData`); a problem is printed (see ./load.ts) and ends with exit 2. */
export function loadNetwork(io: BridgeIO, opts: BridgeOptions, withData: boolean): LoadedNetwork {
  const loaded = loadSpec(io, opts.file);
  const dataset = withData ? loadData(io, opts.file, loaded, opts.mnistDir) : emptyDataset();
  return { text: loaded.text, spec: loaded.spec, dataset };
}

/**
 * Writes `main` to OUT and each extra file beside it. Each is written to a temporary name first and renamed, so
 * a failure leaves no half-written file (and no new file at all when the first write fails).
 */
export function writeOutputs(
  io: BridgeIO,
  out: string,
  main: string | Uint8Array,
  extra: readonly { name: string; text: string }[] = [],
): string[] {
  const target = resolve(cwdOf(io), out);
  const all = [
    { path: target, data: main },
    ...extra.map((f) => ({ path: join(dirname(target), f.name), data: f.text })),
  ];
  const temps: string[] = [];
  try {
    for (const f of all) {
      const tmp = `${f.path}.${process.pid}.tmp`;
      writeFileSync(tmp, f.data);
      temps.push(tmp);
    }
  } catch (e) {
    for (const t of temps) rmSync(t, { force: true });
    throw new BridgeError(`cannot write ${out}: ${(e as Error).message}`);
  }
  all.forEach((f, i) => renameSync(temps[i], f.path));
  return all.map((f) => f.path);
}
