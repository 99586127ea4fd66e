/** Loading the shipped lab examples for the tests. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadDataset, parseNetwork } from '../../../src/format';
import type { Dataset, NetworkSpec } from '../../../src/shared/spec';
import { nodeDataFiles } from '../../../src/format/nodeFiles';

/** The repository root (tests run from out/test/unit/labs). */
export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

export function example(name: string): { spec: NetworkSpec; dataset: Dataset } {
  const file = path.join(ROOT, 'examples', `${name}.nn.json`);
  const parsed = parseNetwork(fs.readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${name}: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return {
    spec: parsed.spec,
    dataset: loadDataset(parsed.spec, nodeDataFiles(path.dirname(file), '')),
  };
}
