/**
 * The name of a new network file. Save dialogs differ in how they treat a two-part extension: code-server's (the
 * "simple" dialog) sees ".json" as the extension of "my-xor.nn.json", finds it missing from a filter of "nn.json" and
 * appends ".nn.json" again. This turns whatever came back into exactly one ".nn.json".
 */

const NN_JSON = /\.nn\.json$/i;

/** "my-xor" → "my-xor.nn.json"; "my-xor.json" → "my-xor.nn.json"; "my-xor.nn.json.nn.json" → "my-xor.nn.json". */
export function nnJsonFileName(name: string): string {
  let base = name;
  while (NN_JSON.test(base)) base = base.slice(0, -'.nn.json'.length);
  if (/\.json$/i.test(base)) base = base.slice(0, -'.json'.length);
  if (base === '') base = 'network';
  return `${base}.nn.json`;
}
