/**
 * The folder a fuzzed .nn.json "lives in": CSV files (good, ragged, non-numeric, empty), a sub-folder, a symbolic
 * link leading out of the folder, a folder named like a CSV, and a file outside the folder.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BaseText } from './generate';

export interface Fixture {
  /** The .nn.json's folder (CSV paths are relative to it). */
  dir: string;
  /** Removes everything. */
  dispose(): void;
}

export function makeFixture(): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'nn-fuzz-'));
  const dir = join(root, 'project');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  mkdirSync(join(dir, 'folder.csv'));
  const files: Record<string, string> = {
    'data.csv': 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n',
    'labels.csv': 'x1,x2,label\r\n0.1,0.2,a\r\n0.9,0.8,b\r\n0.5,0.4,c\r\n0.3,0.9,a\r\n',
    'noheader.csv': '0,0,0\n0,1,1\n1,0,1\n1,1,0\n',
    'ragged.csv': 'x1,x2,y\n0,0,0\n0,1\n1,0,1,7\n',
    'text.csv': 'x1,x2,y\n0,zero,0\n"1,5",1,"q""uoted"\n',
    'empty.csv': '',
    'sub/inner.csv': 'x1,x2,y\n0,0,1\n1,1,0\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(root, 'outside.csv'), 'x1,x2,y\n0,0,0\n');
  symlinkSync(join(root, 'outside.csv'), join(dir, 'escape.csv'));
  return { dir, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * The examples as mutation bases. MNIST reads all 10,000 digits whatever the sample count (about 2 s a case), so
 * the digits example is listed once and the others four times each.
 */
export function exampleBases(repoRoot: string): BaseText[] {
  const dir = resolve(repoRoot, 'examples');
  const out: BaseText[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.nn.json'))
    .sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    const copies = name.startsWith('digits') ? 1 : 4;
    for (let i = 0; i < copies; i++) out.push({ name, text });
  }
  return out;
}
