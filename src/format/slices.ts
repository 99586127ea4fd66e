/**
 * Schema validation that stops early. ajv with `allErrors` builds one error object for every bad element before any can
 * be cut, so a file of a million strings where numbers belong cost a million errors. Here long arrays (Θ, inputs,
 * targets, labels) are validated a slice at a time: the document is validated with each long array cut to its first
 * slice, then the rest of each array slice by slice, and validation stops as soon as RAW_ERRORS errors are known.
 * A file of a million bad cells costs about as much as one of a few thousand.
 *
 * Only arrays whose schema constrains nothing but `items` are cut (no maxItems, uniqueItems, contains), so every rule
 * of the schema still sees what it needs; the errors are the ones ajv reports for the whole value, with the same
 * instancePath, only fewer once the cap is reached.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { LIMITS } from './limits';

/** Items of one long array validated at a time. */
export const SLICE = 1000;
/** Raw ajv errors collected before validation stops (cascades and duplicates are merged later). */
export const RAW_ERRORS = 20 * LIMITS.maxErrors;

type Schema = Readonly<Record<string, unknown>>;

/** The rest of a long array, validated after the slice that holds it: items[from…] against `items` of its schema. */
interface Tail {
  pointer: string;
  items: readonly unknown[];
  from: number;
  itemSchema: Schema;
}

/** Array items one ajv call may still see (`left`), and all items handed to ajv so far (`checked`). */
interface Budget {
  left: number;
  checked: number;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schema of each item when an array's schema constrains nothing else (so its items can be checked apart). */
function sliceableItems(schema: Schema | undefined): Schema | null {
  if (!schema || !isObject(schema.items)) return null;
  for (const k of ['maxItems', 'uniqueItems', 'contains', 'additionalItems', 'prefixItems'])
    if (k in schema) return null;
  return schema.items;
}

const escape = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * A copy of `value` in which every array that can be sliced (reached through `properties` and `items` of `schema`)
 * keeps only the items the budget allows (at least its minItems), nested items included; the rest of each goes to
 * `tails`, in document order.
 */
function cut(
  value: unknown,
  schema: Schema | undefined,
  pointer: string,
  tails: Tail[],
  budget: Budget,
): unknown {
  if (Array.isArray(value)) {
    const itemSchema = sliceableItems(schema);
    const sub = isObject(schema?.items) ? schema.items : undefined;
    const least = typeof schema?.minItems === 'number' ? schema.minItems : 0;
    const out: unknown[] = [];
    let i = 0;
    for (; i < value.length && (!itemSchema || budget.left > 0 || i < least); i++) {
      budget.left--;
      budget.checked++;
      out.push(cut(value[i], sub, `${pointer}/${i}`, tails, budget));
    }
    if (itemSchema && i < value.length) tails.push({ pointer, items: value, from: i, itemSchema });
    return out;
  }
  if (isObject(value) && isObject(schema?.properties)) {
    const props = schema.properties as Record<string, Schema>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const s = Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
      out[key] = s ? cut(value[key], s, `${pointer}/${escape(key)}`, tails, budget) : value[key];
    }
    return out;
  }
  return value;
}

/** ajv's errors of a slice validated on its own, moved to where the slice is: /k/… → POINTER/(from + k)/… */
function relocate(errors: readonly ErrorObject[], pointer: string, from: number): ErrorObject[] {
  return errors.map((e) => {
    const m = /^\/(\d+)(.*)$/.exec(e.instancePath);
    const instancePath = m ? `${pointer}/${from + Number(m[1])}${m[2]}` : pointer;
    return { ...e, instancePath, schemaPath: `${pointer}${e.schemaPath}` };
  });
}

export interface SliceResult {
  errors: ErrorObject[];
  /** Validation stopped before the end: there may be more errors than listed. */
  truncated: boolean;
  /** Array items handed to ajv (the work done). */
  checked: number;
}

type Compile = (itemSchema: object) => ValidateFunction;

/**
 * Validates `value` against `schema` (compiled as `validate`), at most about SLICE array items per ajv call, and stops
 * once RAW_ERRORS errors are known. `arrayValidator(itemSchema)` compiles {type: array, items: itemSchema}.
 */
export function validateInSlices(
  validate: ValidateFunction,
  value: unknown,
  schema: Schema,
  arrayValidator: Compile,
): SliceResult {
  const budget: Budget = { left: SLICE, checked: 0 };
  const tails: Tail[] = [];
  const errors: ErrorObject[] = [];
  if (!validate(cut(value, schema, '', tails, budget))) errors.push(...(validate.errors ?? []));
  validateTails(tails, arrayValidator, budget, errors);
  return { errors, truncated: errors.length >= RAW_ERRORS, checked: budget.checked };
}

/**
 * The rests of long arrays, each slice by slice, until RAW_ERRORS errors are known. Long arrays inside a slice's items
 * (the long rows of a long matrix) are checked right after their slice, so the errors stay in document order.
 */
function validateTails(tails: Tail[], arrayValidator: Compile, budget: Budget, errors: ErrorObject[]): void {
  for (const tail of tails) {
    const check = arrayValidator(tail.itemSchema);
    let from = tail.from;
    while (from < tail.items.length && errors.length < RAW_ERRORS) {
      budget.left = SLICE;
      const inner: Tail[] = [];
      const stub: unknown[] = [];
      for (let k = from; k < tail.items.length && budget.left > 0; k++) {
        budget.left--;
        budget.checked++;
        stub.push(cut(tail.items[k], tail.itemSchema, `${tail.pointer}/${k}`, inner, budget));
      }
      if (!check(stub)) errors.push(...relocate(check.errors ?? [], tail.pointer, from));
      from += stub.length;
      validateTails(inner, arrayValidator, budget, errors);
    }
    if (errors.length >= RAW_ERRORS) return;
  }
}
