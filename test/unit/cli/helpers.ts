import { resolve } from 'node:path';
import { main } from '../../../src/cli/main';

export const root = resolve(__dirname, '..', '..', '..', '..');
export const example = (name: string): string => resolve(root, 'examples', name);

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function run(argv: string[], opts: { cwd?: string; isTTY?: boolean } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: opts.isTTY ?? false,
    cwd: opts.cwd ?? root,
  });
  return { code, stdout, stderr };
}
