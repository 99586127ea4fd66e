/**
 * Structural validation of a .nn.json value against schemas/nn.schema.json (draft-07) with ajv, and the
 * translation of ajv's errors into short, student-friendly messages located by JSON pointer.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schemaJson from '../../schemas/nn.schema.json';
import { RAW_ERRORS, validateInSlices } from './slices';

/** The schema as shipped (also contributed to VS Code's JSON language service). */
export const NN_SCHEMA: Readonly<Record<string, unknown>> = schemaJson;

let ajv: Ajv | null = null;
let compiled: ValidateFunction | null = null;
/** Validators of the item schemas of long arrays (see slices.ts), by schema object. */
const itemValidators = new Map<object, ValidateFunction>();

function instance(): Ajv {
  if (!ajv) {
    ajv = new Ajv({
      allErrors: true,
      verbose: true,
      strict: true,
      strictTypes: false,
      strictRequired: false,
      logger: false,
    });
    // VS Code's annotation keywords: documentation only.
    ajv.addVocabulary([
      'markdownDescription',
      'enumDescriptions',
      'markdownEnumDescriptions',
      'defaultSnippets',
    ]);
  }
  return ajv;
}

function validator(): ValidateFunction {
  if (!compiled) compiled = instance().compile(schemaJson);
  return compiled;
}

/** A validator of an array of items of `itemSchema` (a part of the shipped schema, compiled once). */
function arrayValidator(itemSchema: object): ValidateFunction {
  let v = itemValidators.get(itemSchema);
  if (!v) itemValidators.set(itemSchema, (v = instance().compile({ type: 'array', items: itemSchema })));
  return v;
}

export interface SchemaProblem {
  message: string;
  pointer: string;
  /** Which part of the node to underline: the value, or the key of an unknown property. */
  target: 'value' | 'key' | 'opening';
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'a whole number' : 'a number';
  if (typeof v === 'string') return `a string ("${v.length > 30 ? v.slice(0, 30) + '…' : v}")`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

function describeTypes(t: unknown): string {
  const list = (Array.isArray(t) ? t : [t]).map((x) => TYPE_WORDS[String(x)] ?? String(x));
  return list.length > 1 ? list.slice(0, -1).join(', ') + ' or ' + list[list.length - 1] : list[0];
}

/** The name a student reads for the value at a pointer: "layers[1].activation". */
export function fieldName(pointer: string): string {
  if (pointer === '') return 'the file';
  let out = '';
  for (const seg of pointer.slice(1).split('/')) {
    const s = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(s) ? `[${s}]` : (out ? '.' : '') + s;
  }
  return out;
}

function editDistance(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(
        d[j] + 1,
        d[j - 1] + 1,
        prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return d[b.length];
}

/** A value quoted in a message, cut to `max` characters (a student may paste megabytes into a field). */
export function shortText(text: string, max = 40): string {
  return text.length > max ? text.slice(0, max) + `… (${text.length} characters)` : text;
}

/** "did you mean …?" for a misspelt word among the allowed ones. */
export function suggest(word: string, allowed: readonly string[]): string {
  let best = '';
  let bestD = Infinity;
  const limit = Math.max(1, Math.floor(word.length / 3));
  for (const a of allowed) {
    // The distance is at least the difference in length: skip the O(|word|·|a|) work when it cannot win.
    if (Math.abs(word.length - a.length) > limit) continue;
    const dist = editDistance(word, a);
    if (dist < bestD) [best, bestD] = [a, dist];
  }
  return best && bestD < word.length && bestD <= limit ? ` (did you mean "${best}"?)` : '';
}

const ENUM_NOUNS: Record<string, string> = {
  activation: 'activation',
  loss: 'loss',
  generator: 'generator',
  optimizer: 'optimizer',
  init: 'init',
};

function lastKey(pointer: string): string {
  const parts = pointer.split('/');
  return parts[parts.length - 1] ?? '';
}

const DATA_SOURCES =
  'data needs one source: "inputs" + "targets", "inputs" + "labels" + "classes", "generator", "csv" or "mnist"';

function translate(e: ErrorObject): SchemaProblem {
  const pointer = e.instancePath;
  const field = fieldName(pointer);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const prop = String(p.missingProperty);
      if (pointer === '/data' && (prop === 'inputs' || prop === 'targets')) {
        const data = e.data as Record<string, unknown>;
        if (!('inputs' in data) && !('targets' in data))
          return { message: DATA_SOURCES, pointer, target: 'opening' };
      }
      return { message: `${field} is missing the required property "${prop}"`, pointer, target: 'opening' };
    }
    case 'additionalProperties': {
      const prop = String(p.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      const where = pointer === '' ? 'at the top level' : `in ${field}`;
      return {
        message: `unknown property "${shortText(prop)}" ${where}${suggest(prop, allowed)}; allowed: ${allowed.join(', ')}`,
        pointer: `${pointer}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        target: 'key',
      };
    }
    case 'type':
      return {
        message: `${field} must be ${describeTypes(p.type)}, found ${typeName(e.data)}`,
        pointer,
        target: 'value',
      };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const key = lastKey(pointer);
      const parentKey = lastKey(pointer.slice(0, pointer.lastIndexOf('/')));
      const noun =
        key === 'name' && ENUM_NOUNS[parentKey] ? ENUM_NOUNS[parentKey] : (ENUM_NOUNS[key] ?? field);
      const value =
        typeof e.data === 'string' ? `"${shortText(e.data)}"` : shortText(JSON.stringify(e.data) ?? '');
      const valid = key === 'activation' ? 'valid activations' : 'valid values';
      return {
        message: `unknown ${noun} ${value}${typeof e.data === 'string' ? suggest(e.data, allowed) : ''}; ${valid}: ${allowed.join(', ')}`,
        pointer,
        target: 'value',
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        message: `${field} must be ${String(p.comparison)} ${String(p.limit)}, found ${JSON.stringify(e.data)}`,
        pointer,
        target: 'value',
      };
    case 'minItems':
      if (pointer === '/layers')
        return {
          message: `layers needs at least 2 layers (the input layer and the output layer)`,
          pointer,
          target: 'opening',
        };
      return { message: `${field} needs at least ${String(p.limit)} item(s)`, pointer, target: 'opening' };
    case 'maxItems':
      return { message: `${field} may have at most ${String(p.limit)} item(s)`, pointer, target: 'opening' };
    case 'uniqueItems':
      return {
        message: `${field} lists the same name twice (items ${String(p.j)} and ${String(p.i)})`,
        pointer,
        target: 'opening',
      };
    case 'minLength':
      return { message: `${field} must not be empty`, pointer, target: 'value' };
    default:
      return { message: `${field} ${e.message ?? 'is invalid'}`, pointer, target: 'value' };
  }
}

/**
 * anyOf alternatives (e.g. optimizer: name or object) fail with one error per branch. When a branch went
 * deeper than the anyOf's own value (the user chose the object form), keep those deeper errors; else say
 * which forms are accepted, once.
 */
function collapseAnyOf(errors: ErrorObject[]): ErrorObject[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (anyOfs.length === 0) return errors;
  const drop = new Set<ErrorObject>();
  const out: ErrorObject[] = [];
  for (const a of anyOfs) {
    const prefix = a.schemaPath + '/';
    const branch = errors.filter(
      (e) => e !== a && e.schemaPath.startsWith(prefix) && e.instancePath.startsWith(a.instancePath),
    );
    branch.forEach((e) => drop.add(e));
    drop.add(a);
    const deeper = branch.filter((e) => e.instancePath !== a.instancePath);
    const objectForm = typeof a.data === 'object' && a.data !== null && !Array.isArray(a.data);
    // Errors of a branch whose type matched (a bound like minimum, or deeper properties).
    const matched = branch.filter(
      (e) => e.instancePath === a.instancePath && e.keyword !== 'type' && e.keyword !== 'enum',
    );
    if (deeper.length > 0 || (objectForm && matched.length > 0)) {
      out.push(...deeper, ...matched);
    } else if (matched.length > 0) {
      out.push(...matched);
    } else {
      const enums = branch.filter((e) => e.keyword === 'enum');
      if (enums.length > 0 && typeof a.data === 'string' && lastKey(a.instancePath) !== 'batchSize')
        out.push(...enums);
      else out.push(a);
    }
  }
  return [...errors.filter((e) => !drop.has(e)), ...out];
}

const FORMS: Record<string, string> = {
  batchSize: 'batchSize must be "full" or a whole number B ≥ 0 (0 = full batch, 1 = stochastic)',
  optimizer:
    'optimizer must be a name (gd, momentum, adagrad, adadelta, rmsprop, adam) or an object {"name": …}',
  init: 'init must be a name (normal, uniform, xavier, he, zeros) or an object {"name": …}',
  earlyStopping:
    'earlyStopping must be true, false, null or an object {"patience", "minDelta", "restoreBest"}',
  speed:
    'speed must be a pace ("slow motion", "slow", "1x", "10x", "100x", "max") or updates per second from 0.1 to 1000000',
};

/**
 * Validates a parsed value; returns problems in document order of their pointers. `truncated`: more problems exist than
 * are returned (validation stopped once 20 × LIMITS.maxErrors raw errors were known). `checked`: the array items handed
 * to ajv, a measure of the work done, which stops growing once enough problems are known.
 */
export function validateStructure(value: unknown): SchemaProblem[] & { truncated: boolean; checked: number } {
  const { errors: all, truncated, checked } = validateInSlices(validator(), value, NN_SCHEMA, arrayValidator);
  if (all.length === 0) return Object.assign([], { truncated: false, checked });
  // Bounded: grouping anyOf branches is quadratic in their number.
  const relevant = all.filter((e) => e.keyword !== 'if');
  const raw = relevant.slice(0, RAW_ERRORS);
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of collapseAnyOf(raw)) {
    const problem =
      e.keyword === 'anyOf' || e.keyword === 'oneOf'
        ? {
            message: `${FORMS[lastKey(e.instancePath)] ?? `${fieldName(e.instancePath)} has the wrong form`}, found ${typeName(e.data)}`,
            pointer: e.instancePath,
            target: 'value' as const,
          }
        : translate(e);
    const key = problem.pointer + '\u0000' + problem.message;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return Object.assign(problems, { truncated: truncated || relevant.length > raw.length, checked });
}
