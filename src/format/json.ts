/**
 * JSON text → syntax tree with offsets (jsonc-parser), strict JSON only: no comments, no trailing commas,
 * no duplicate keys, no NaN/Infinity. Also maps JSON pointers to offset/length/line/column.
 */
import {
  findNodeAtLocation,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError,
  type Segment,
} from 'jsonc-parser';
import { LIMITS } from './limits';
import type { SpecError } from '../shared/spec';

export interface Location {
  offset: number;
  length: number;
  line: number;
  column: number;
}

/** Offsets of the start of every line, for offset → line/column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }
  /** 1-based line and column of a character offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

/** "/a/b~1c/0" → ["a", "b/c", 0] (array indices as numbers when the segment is all digits). */
export function pointerToPath(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

export function pathToPointer(path: readonly Segment[]): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** A parsed document: its tree and a way to locate pointers in it. */
export class JsonDocument {
  private readonly lines: LineIndex;
  constructor(
    readonly text: string,
    readonly root: Node,
  ) {
    this.lines = new LineIndex(text);
  }

  /** A location inside the text: offset and length are clamped to it (an error at the end has length 0). */
  at(offset: number, length: number): Location {
    const o = Math.min(Math.max(0, offset), this.text.length);
    const n = Math.min(Math.max(0, length), this.text.length - o);
    return { offset: o, length: n, ...this.lines.position(o) };
  }

  /** The node at a pointer, or the deepest existing ancestor when the pointer does not exist. */
  nodeAt(pointer: string): Node {
    const path = pointerToPath(pointer);
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(this.root, path.slice(0, n));
      if (node) return node;
    }
    return this.root;
  }

  /** Where a value is: the whole value node (or, for containers, its first line only: `[` / `{` ). */
  locate(pointer: string, what: 'value' | 'key' | 'opening' = 'value'): Location {
    const node = this.nodeAt(pointer);
    if (what === 'key' && node.parent?.type === 'property' && node.parent.children) {
      const key = node.parent.children[0];
      return this.at(key.offset, key.length);
    }
    if (what === 'opening' || node.type === 'object' || node.type === 'array') {
      // A container: prefer its property key (short, on one line) over the whole block.
      if (node.parent?.type === 'property' && node.parent.children) {
        const key = node.parent.children[0];
        return this.at(key.offset, key.length);
      }
      return this.at(node.offset, 1);
    }
    return this.at(node.offset, node.length);
  }

  error(
    message: string,
    pointer: string,
    severity: SpecError['severity'] = 'error',
    what?: 'value' | 'key' | 'opening',
  ): SpecError {
    return { message, pointer, ...this.locate(pointer, what), severity };
  }
}

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon ":" was expected after the property name',
  CommaExpected: 'a comma "," was expected between items',
  CloseBraceExpected: 'a closing "}" was expected',
  CloseBracketExpected: 'a closing "]" was expected',
  EndOfFileExpected: 'the text continues after the end of the JSON value',
  InvalidCommentToken: 'JSON allows no comments; remove it (or move it into "description")',
  UnexpectedEndOfComment: 'JSON allows no comments; this one is not even closed',
  UnexpectedEndOfString: 'the string is not closed with a double quote',
  UnexpectedEndOfNumber: 'the number ends too early',
  InvalidUnicode: 'invalid \\u escape in a string',
  InvalidEscapeCharacter: 'invalid escape character in a string',
  InvalidCharacter: 'invalid character in a string (control characters must be escaped)',
};

/** The word at `offset` when it is NaN, Infinity or -Infinity, else null. */
function nonNumberWord(text: string, offset: number): { word: string; offset: number } | null {
  const start =
    text[offset] === '-' || text[offset] === '+'
      ? offset
      : offset > 0 && /[-+]/.test(text[offset - 1])
        ? offset - 1
        : offset;
  const m = /^[-+]?(NaN|Infinity)\b/.exec(text.slice(start, start + 10));
  return m ? { word: m[0], offset: start } : null;
}

function syntaxError(doc: JsonDocument, text: string, e: ParseError): { error: SpecError; end: number } {
  const nan = nonNumberWord(text, e.offset);
  if (nan) {
    const what = nan.word.replace('+', '');
    const message =
      what === 'NaN' ? 'JSON has no NaN; write a number' : `JSON has no ${what}; write a number (e.g. 1e308)`;
    return {
      error: { message, pointer: '', ...doc.at(nan.offset, nan.word.length), severity: 'error' },
      end: nan.offset + nan.word.length,
    };
  }
  const code = printParseErrorCode(e.error);
  let message = SYNTAX_MESSAGES[code] ?? code;
  const next = text.slice(e.offset).trimStart()[0];
  if ((code === 'PropertyNameExpected' || code === 'ValueExpected') && (next === '}' || next === ']')) {
    const before = text.slice(0, e.offset).trimEnd();
    if (before.endsWith(',')) message = `JSON allows no trailing comma before "${next}"; remove the comma`;
  } else if (code === 'InvalidSymbol' || code === 'PropertyNameExpected') {
    const match = /^[A-Za-z_$][\w$]{0,60}/.exec(text.slice(e.offset, e.offset + 62))?.[0];
    const word = match && match.length > 60 ? match.slice(0, 60) + '…' : match;
    if (word === 'undefined') message = 'JSON has no undefined; write null or remove the property';
    else if (word === 'True' || word === 'False')
      message = `JSON writes booleans in lower case: ${word.toLowerCase()}`;
    else if (word && code === 'PropertyNameExpected')
      message = `property names need double quotes: "${word}"`;
    else if (text[e.offset] === "'") message = 'JSON strings use double quotes, not single quotes';
  }
  return {
    error: { message, pointer: '', ...doc.at(e.offset, Math.max(1, e.length)), severity: 'error' },
    end: e.offset + e.length,
  };
}

/** Duplicate keys anywhere in the tree (jsonc-parser keeps both properties; JSON.parse would keep the last). */
/** Problems found while walking the tree: at most LIMITS.maxErrors + 1 are built, all are counted. */
interface Found {
  list: SpecError[];
  total: number;
}

function add(found: Found, make: () => SpecError): void {
  found.total++;
  if (found.list.length <= LIMITS.maxErrors) found.list.push(make());
}

const clip = (s: string): string => (s.length > 40 ? s.slice(0, 40) + '…' : s);

/**
 * Duplicate keys anywhere in the tree (jsonc-parser keeps both properties; JSON.parse would keep the last).
 * `path` is a stack shared by the walk (pushed and popped), so no path is copied unless a problem is built.
 */
function duplicateKeys(doc: JsonDocument, node: Node, path: Segment[], found: Found): void {
  if (node.type === 'object' && node.children) {
    const seen = new Map<string, Node>();
    for (const prop of node.children) {
      const [keyNode, valueNode] = prop.children ?? [];
      if (!keyNode) continue;
      const key = String(keyNode.value);
      const first = seen.get(key);
      if (first) {
        add(found, () => {
          const where = doc.at(first.offset, first.length);
          return {
            message: `duplicate key "${clip(key)}" (first written at line ${where.line}, column ${where.column}); JSON keys must be unique`,
            pointer: pathToPointer([...path, key]),
            ...doc.at(keyNode.offset, keyNode.length),
            severity: 'error',
          };
        });
      } else seen.set(key, keyNode);
      if (valueNode && (valueNode.type === 'object' || valueNode.type === 'array')) {
        path.push(key);
        duplicateKeys(doc, valueNode, path, found);
        path.pop();
      }
    }
  } else if (node.type === 'array' && node.children) {
    const children = node.children;
    for (let i = 0; i < children.length; i++) {
      if (children[i].type !== 'object' && children[i].type !== 'array') continue;
      path.push(i);
      duplicateKeys(doc, children[i], path, found);
      path.pop();
    }
  }
}

/** Number literals too large for a double (e.g. 1e999 parses to Infinity). */
function nonFiniteNumbers(doc: JsonDocument, node: Node, path: Segment[], found: Found): void {
  if (node.type === 'number') {
    if (!Number.isFinite(node.value)) {
      add(found, () => ({
        message: `${clip(doc.text.slice(node.offset, node.offset + node.length))} is too large for a number (it overflows to Infinity)`,
        pointer: pathToPointer(path),
        ...doc.at(node.offset, node.length),
        severity: 'error',
      }));
    }
  } else if (node.type === 'object') {
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v) continue;
      path.push(String(k.value));
      nonFiniteNumbers(doc, v, path, found);
      path.pop();
    }
  } else if (node.type === 'array') {
    const children = node.children ?? [];
    for (let i = 0; i < children.length; i++) {
      path.push(i);
      nonFiniteNumbers(doc, children[i], path, found);
      path.pop();
    }
  }
}

/** The first offset where arrays/objects nest deeper than `limit`, or -1 (strings skipped). */
export function tooDeep(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

export type JsonResult =
  | { ok: true; doc: JsonDocument }
  /** `total`: problems found, when more than the `errors` listed. `syntax`: the errors are JSON syntax errors. */
  | { ok: false; errors: SpecError[]; total?: number; syntax: boolean };

class TooManyErrors extends Error {}

/**
 * A list for jsonc-parser's syntax errors that stops the parser after `cap` of them (it pushes every error it meets;
 * a long text of nonsense would otherwise produce millions).
 */
function cappedErrors(cap: number): ParseError[] {
  const list: ParseError[] = [];
  list.push = (...items: ParseError[]): number => {
    if (list.length + items.length > cap) throw new TooManyErrors();
    return Array.prototype.push.apply(list, items);
  };
  return list;
}

/**
 * Parses strict JSON (a leading byte order mark is allowed). Errors: syntax (cascades collapsed), duplicate keys,
 * non-finite numbers.
 */
export function parseJson(text: string): JsonResult {
  // Raw errors include cascades that are collapsed below, so a few times the listed maximum are collected.
  const parseErrors = cappedErrors(10 * LIMITS.maxErrors);
  let root: Node | undefined;
  let stopped = false;
  try {
    // A leading byte order mark (Windows Notepad writes one) is read as a space: same length, so offsets hold.
    const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
    root = parseTree(source, parseErrors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: false,
    });
  } catch (e) {
    if (!(e instanceof TooManyErrors)) throw e;
    root = undefined;
    stopped = true;
  }
  const doc = new JsonDocument(text, root ?? { type: 'null', offset: 0, length: 0, value: null });
  if (parseErrors.length > 0 || !root) {
    const errors: SpecError[] = [];
    let end = -1;
    for (const e of parseErrors) {
      if (e.offset <= end + 1 && errors.length > 0) continue; // a cascade of the previous error
      const r = syntaxError(doc, text, e);
      errors.push(r.error);
      end = Math.max(r.end, e.offset);
    }
    if (stopped) {
      const last = parseErrors[parseErrors.length - 1];
      errors.push({
        message: `reading stopped after ${parseErrors.length} syntax errors; fix the first ones and save again`,
        pointer: '',
        ...doc.at(last.offset, last.length),
        severity: 'error',
      });
    }
    // An empty file is no syntax error to the JSON language service: this one is reported here.
    if (errors.length === 0) {
      const message = 'the file is empty; it needs a JSON object';
      return {
        ok: false,
        errors: [{ message, pointer: '', ...doc.at(0, 0), severity: 'error' }],
        syntax: false,
      };
    }
    return { ok: false, errors, syntax: true };
  }
  const found: Found = { list: [], total: 0 };
  duplicateKeys(doc, root, [], found);
  nonFiniteNumbers(doc, root, [], found);
  return found.total > 0
    ? { ok: false, errors: found.list, total: found.total, syntax: false }
    : { ok: true, doc };
}

/** An error located at the start of the text (line 1, column 1): for what belongs to no place in it. */
export function errorAtStart(message: string, pointer = ''): SpecError {
  return { message, pointer, offset: 0, length: 0, line: 1, column: 1, severity: 'error' };
}
