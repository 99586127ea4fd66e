/**
 * parseNetwork: .nn.json text → NetworkSpec with every default filled in, or the list of problems with
 * where they are. Never throws; the work is bounded by LIMITS (text length, nesting) before parsing.
 *
 * Stages: size/nesting guard → strict JSON syntax (jsonc-parser tree) → duplicate keys and overflowing
 * numbers → schema (ajv, schemas/nn.schema.json) → semantic checks (semantic.ts) → normalized spec.
 */
import { getNodeValue } from 'jsonc-parser';
import { JsonDocument, parseJson, tooDeep, type Location } from './json';
import { LIMITS, formatCount } from './limits';
import { normalize, type RawNetwork } from './normalize';
import { validateStructure } from './schema';
import { checkSemantics } from './semantic';
import type { ParseResult, SpecError } from './types';

function guard(text: string): SpecError | null {
  if (text.length > LIMITS.maxTextLength) {
    return {
      message: `the file has ${formatCount(text.length)} characters; at most ${formatCount(LIMITS.maxTextLength)} are read (move large data into a csv file)`,
      pointer: '',
      offset: 0,
      length: 0,
      line: 1,
      column: 1,
      severity: 'error',
    };
  }
  const deep = tooDeep(text, LIMITS.maxNestingDepth);
  if (deep >= 0) {
    const doc = new JsonDocument(text, { type: 'null', offset: 0, length: 0 });
    return {
      message: `arrays and objects nest deeper than ${LIMITS.maxNestingDepth} levels here; a .nn.json needs at most 5`,
      pointer: '',
      ...doc.at(deep, 1),
      severity: 'error',
    };
  }
  return null;
}

export function parseNetwork(text: string): ParseResult {
  try {
    const refused = guard(text);
    if (refused) return { ok: false, errors: [refused] };
    const json = parseJson(text);
    if (!json.ok) return { ok: false, errors: json.errors };
    const doc = json.doc;
    const value: unknown = getNodeValue(doc.root);
    const structural = validateStructure(value);
    if (structural.length > 0) {
      return { ok: false, errors: structural.map((p) => doc.error(p.message, p.pointer, 'error', p.target)) };
    }
    const raw = value as RawNetwork;
    const spec = normalize(raw);
    const problems = checkSemantics(spec, raw, doc);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) return { ok: false, errors: problems };
    return { ok: true, spec, warnings: problems };
  } catch (e) {
    // Defensive: a bug must not take the editor or the CLI down.
    const message = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      errors: [
        {
          message: `internal error while reading the file: ${message}`,
          pointer: '',
          offset: 0,
          length: 0,
          line: 1,
          column: 1,
          severity: 'error',
        },
      ],
    };
  }
}

/** Where a JSON pointer is in a text (for errors raised later, e.g. by loadDataset); null when the text is not JSON. */
export function locatePointer(text: string, pointer: string): Location | null {
  if (text.length > LIMITS.maxTextLength || tooDeep(text, LIMITS.maxNestingDepth) >= 0) return null;
  const json = parseJson(text);
  return json.ok ? json.doc.locate(pointer) : null;
}
