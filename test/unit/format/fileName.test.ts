/** New Network's file name: exactly one ".nn.json", whatever a save dialog returned. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nnJsonFileName } from '../../../src/format/fileName';

test('one .nn.json, whatever the dialog appended or the user typed', () => {
  const cases: [string, string][] = [
    ['my-xor', 'my-xor.nn.json'],
    ['my-xor.nn.json', 'my-xor.nn.json'],
    ['my-xor.nn.json.nn.json', 'my-xor.nn.json'], // code-server's dialog, before the fix
    ['my-xor.json', 'my-xor.nn.json'],
    ['my-xor.json.nn.json', 'my-xor.nn.json'],
    ['My-XOR.NN.JSON', 'My-XOR.nn.json'],
    ['lecture.v2', 'lecture.v2.nn.json'],
    ['.nn.json', 'network.nn.json'],
  ];
  for (const [typed, expected] of cases) assert.equal(nnJsonFileName(typed), expected, typed);
});
