/**
 * A small RFC 4180 CSV reader: comma-separated, double-quoted fields with "" escapes, CRLF or LF line ends.
 * Every cell keeps its 1-based line and column so errors can point at it.
 */
export interface CsvCell {
  text: string;
  line: number;
  column: number;
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/**
 * Splits CSV text into rows of cells. Blank lines are skipped. Stops with an error after `maxRows` rows so
 * an oversized file is refused before its numbers are allocated.
 */
export function readCsv(text: string, maxRows: number): CsvCell[][] {
  const rows: CsvCell[][] = [];
  let row: CsvCell[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  const endRow = (): void => {
    const blank = row.length === 1 && row[0].text.trim() === '';
    if (!blank) {
      if (rows.length >= maxRows) throw new CsvSyntaxError(`more than ${maxRows} rows`, row[0].line, 1);
      rows.push(row);
    }
    row = [];
  };
  if (text.charCodeAt(0) === 0xfeff) i = lineStart = 1; // byte-order mark
  while (i <= n) {
    const cellLine = line;
    const cellColumn = i - lineStart + 1;
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new CsvSyntaxError('a quoted cell is not closed', cellLine, cellColumn);
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          if (c === '\n') {
            line++;
            lineStart = i + 1;
          }
          value += c;
          i++;
        }
      }
      if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        throw new CsvSyntaxError('unexpected text after a closing quote', line, i - lineStart + 1);
      }
    } else {
      const start = i;
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
      value = text.slice(start, i);
    }
    row.push({ text: value, line: cellLine, column: cellColumn });
    if (i >= n) {
      endRow();
      break;
    }
    if (text[i] === ',') {
      i++;
      continue;
    }
    // end of line: \n, \r\n or \r
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    line++;
    lineStart = i;
    endRow();
    if (i >= n) break;
  }
  return rows;
}

/** A cell as a finite number, or null (empty cells are not numbers). */
export function cellNumber(cell: CsvCell): number | null {
  const t = cell.text.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}
