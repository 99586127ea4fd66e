/**
 * Text edits of a .nn.json that keep the rest of the text as written (jsonc-parser modify/applyEdits).
 */
import { applyEdits, findNodeAtLocation, modify, parseTree, type ParseError } from 'jsonc-parser';

interface Style {
  insertSpaces: boolean;
  tabSize: number;
  eol: string;
}

/** The indentation and line ending the text already uses (2 spaces and \n when it has none). */
export function detectStyle(text: string): Style {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /^([ \t]+)\S/m.exec(text);
  if (indented && indented[1].startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  const sizes = [...text.matchAll(/^( +)\S/gm)].map((m) => m[1].length);
  const unit = sizes.length > 0 ? Math.min(...sizes) : 2;
  return { insertSpaces: true, tabSize: Math.max(1, Math.min(8, unit)), eol };
}

/** A finite number as JSON (shortest round-trip form; −0 as 0). */
function num(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`cannot write ${v} into JSON: every Θ_ji must be a finite number`);
  return Object.is(v, -0) ? '0' : String(v);
}

/** Θ^(1), Θ^(2), … as JSON: a short matrix on one line, a longer one with one row per line. */
export function formatWeights(
  weights: readonly (readonly (readonly number[])[])[],
  indent: string,
  unit: string,
  eol: string,
): string {
  const inner = indent + unit;
  const matrices = weights.map((m) => {
    const rows = m.map((row) => '[' + row.map(num).join(', ') + ']');
    const oneLine = '[' + rows.join(', ') + ']';
    if (oneLine.length + inner.length <= 100) return inner + oneLine;
    return inner + '[' + eol + rows.map((r) => inner + unit + r).join(',' + eol) + eol + inner + ']';
  });
  return '[' + eol + matrices.join(',' + eol) + eol + indent + ']';
}

/** Indentation of the line holding `offset` (its leading spaces/tabs). */
function lineIndent(text: string, offset: number): string {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/**
 * The text with "weights" set to `weights` (Θ^(1), Θ^(2), … as arrays of rows, bias column first): replaced
 * where it is, or inserted right after "layers". Everything else (order, spacing, line ends) stays as written.
 * Throws an Error when the text is not a JSON object or a weight is not finite.
 */
export function setWeights(text: string, weights: readonly (readonly (readonly number[])[])[]): string {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: false, allowTrailingComma: true });
  if (!root || root.type !== 'object' || errors.length > 0)
    throw new Error('setWeights: the text is not a valid JSON object');
  weights.forEach((m) => m.forEach((row) => row.forEach(num))); // validate before editing
  const style = detectStyle(text);
  const unit = style.insertSpaces ? ' '.repeat(style.tabSize) : '\t';
  const props = root.children ?? [];
  // Place a placeholder with jsonc-parser (no reformatting), then lay out the line break ourselves.
  const edits = modify(text, ['weights'], 0, {
    getInsertionIndex: (keys) => {
      const i = keys.indexOf('layers');
      return i >= 0 ? i + 1 : keys.length;
    },
  });
  const exists = findNodeAtLocation(root, ['weights']) !== undefined;
  const firstKey = props[0]?.children?.[0];
  const multiLine = firstKey !== undefined && /[\r\n]/.test(text.slice(root.offset, firstKey.offset));
  if (!exists && multiLine && firstKey) {
    const indent = lineIndent(text, firstKey.offset);
    for (const e of edits) {
      e.content = e.content.startsWith(',')
        ? ',' + style.eol + indent + e.content.slice(1)
        : e.content.replace(/,$/, ',' + style.eol + indent);
    }
  } else if (!exists) {
    for (const e of edits)
      e.content = e.content.startsWith(',') ? ', ' + e.content.slice(1) : e.content.replace(/,$/, ', ');
  }
  const placed = applyEdits(text, edits);
  const node = findNodeAtLocation(parseTree(placed) ?? root, ['weights']);
  if (!node) throw new Error('setWeights: could not place "weights"');
  const value =
    multiLine || props.length === 0
      ? formatWeights(weights, lineIndent(placed, node.offset), unit, style.eol)
      : '[' +
        weights
          .map((m) => '[' + m.map((r) => '[' + r.map(num).join(', ') + ']').join(', ') + ']')
          .join(', ') +
        ']';
  return placed.slice(0, node.offset) + value + placed.slice(node.offset + node.length);
}
