/**
 * parseNetwork: .nn.json text → NetworkSpec with every default filled in, or the list of problems with
 * where they are. Never throws; the work is bounded by LIMITS (text length, nesting) before parsing.
 *
 * Stages: size/nesting guard → strict JSON syntax (jsonc-parser tree) → duplicate keys and overflowing
 * numbers → schema (ajv, schemas/nn.schema.json) → semantic checks (semantic.ts) → normalized spec.
 */
import { getNodeValue } from 'jsonc-parser';
import { JsonDocument, errorAtStart, parseJson, tooDeep, type Location } from './json';
import { LIMITS, formatCount } from './limits';
import { normalize, type RawNetwork } from './normalize';
import { validateStructure } from './schema';
import { checkSemantics } from './semantic';
import type { ParseResult, SpecError } from '../shared/spec';

/**
 * The size guard, checked before anything reads the text (the host measures a document without copying it): one
 * error at the start of a text over LIMITS.maxTextLength, pointing to CSV data; null when the size is fine.
 */
export function sizeGuard(length: number, exact = true): SpecError | null {
  if (length <= LIMITS.maxTextLength) return null;
  // The host stops reading a text once it is over the limit: it then knows only that much.
  const size = exact
    ? `${formatCount(length)} characters`
    : `over ${formatCount(LIMITS.maxTextLength)} characters`;
  return errorAtStart(
    `this file is too large to check: ${size}, and a .nn.json is read up to ${formatCount(LIMITS.maxTextLength)}. Put large data in a CSV file ("data": { "csv": "data.csv", … }) and keep the .nn.json for the network`,
  );
}

function guard(text: string): SpecError | null {
  const tooLarge = sizeGuard(text.length);
  if (tooLarge) return tooLarge;
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

/**
 * At most LIMITS.maxErrors problems (errors before warnings, each group in the order found); the rest are counted
 * in one last message placed where the first one left out is. `total` counts problems not even located (≥ length).
 */
export function capProblems(problems: SpecError[], total: number | 'many' = problems.length): SpecError[] {
  if (total === 'many') total = Infinity;
  if (total <= LIMITS.maxErrors) return problems;
  const sorted = [
    ...problems.filter((p) => p.severity === 'error'),
    ...problems.filter((p) => p.severity === 'warning'),
  ];
  const kept = sorted.slice(0, LIMITS.maxErrors);
  const more = total - kept.length;
  const count = Number.isFinite(more)
    ? `${formatCount(more)} more problem${more === 1 ? '' : 's'}`
    : 'more problems';
  kept.push({
    ...sorted[Math.min(LIMITS.maxErrors, sorted.length - 1)],
    message: `… and ${count} (only the first ${LIMITS.maxErrors} are listed)`,
  });
  return kept;
}

export function parseNetwork(text: string): ParseResult {
  try {
    const refused = guard(text);
    if (refused) return { ok: false, errors: [refused] };
    const json = parseJson(text);
    if (!json.ok) return { ok: false, errors: capProblems(json.errors, json.total), syntax: json.syntax };
    const doc = json.doc;
    const value: unknown = getNodeValue(doc.root);
    const structural = validateStructure(value);
    if (structural.length > 0) {
      // Locate only what is listed (locating is a tree walk per problem).
      const listed = structural
        .slice(0, LIMITS.maxErrors + 1)
        .map((p) => doc.error(p.message, p.pointer, 'error', p.target));
      return { ok: false, errors: capProblems(listed, structural.truncated ? 'many' : structural.length) };
    }
    const raw = value as RawNetwork;
    const spec = normalize(raw);
    const problems = checkSemantics(spec, raw, doc);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) return { ok: false, errors: capProblems(problems) };
    return { ok: true, spec, warnings: capProblems(problems) };
  } catch (e) {
    // Defensive: a bug must not take the editor or the CLI down.
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [errorAtStart(`internal error while reading the file: ${message}`)] };
  }
}

/** Where a JSON pointer is in a text (for errors raised later, e.g. by loadDataset); null when the text is not JSON. */
export function locatePointer(text: string, pointer: string): Location | null {
  if (text.length > LIMITS.maxTextLength || tooDeep(text, LIMITS.maxNestingDepth) >= 0) return null;
  const json = parseJson(text);
  return json.ok ? json.doc.locate(pointer) : null;
}
