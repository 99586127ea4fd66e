/**
 * loadDataset: a NetworkSpec's data source → Dataset (X: m × n, Y: m × K, row-major Float64Arrays).
 * Synchronous. Throws DatasetError (never anything else) with the JSON pointer of the data field at fault and,
 * for problems inside a CSV file, the file's line and column.
 */
import { readCsv, cellNumber, CsvSyntaxError, type CsvCell } from './csv';
import { classWidth, dataWidths } from './normalize';
import { generate } from './generators';
import { errorAtStart, parseJson } from './json';
import { LIMITS, formatCount } from './limits';
import { loadMnist } from './mnist';
import type { DataSpec, Dataset, NetworkSpec, SpecError } from '../shared/spec';

export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  constructor(
    message: string,
    /** JSON pointer of the field of the .nn.json at fault, e.g. "/data/csv". */
    readonly pointer: string,
    /** The data file and the 1-based position in it, when the problem is inside a file. */
    readonly file: { path: string; line: number; column: number } | null = null,
  ) {
    super(file ? `${file.path}:${file.line}:${file.column}: ${message}` : message);
  }

  /** As a SpecError located in the .nn.json text (at the data field; the message names the file position). */
  toSpecError(text: string): SpecError {
    const json = parseJson(text);
    if (json.ok) return json.doc.error(this.message, this.pointer);
    return errorAtStart(this.message, this.pointer);
  }
}

/** What loading a network without "data" says (it can predict, not train). */
export const NO_DATA =
  'this network has no "data": add a training set (inputs + targets, labels, a generator, a csv file or mnist) to train it or compute J(Θ)';

/**
 * Where the data files named by a spec come from. The format reads no files itself: the CLI reads them from disk
 * (`nodeDataFiles`), the extension host through `vscode.workspace.fs` (desktop and web alike), and hands the bytes over.
 * Both throw DatasetError for a path that is refused or missing.
 */
export interface DataFiles {
  /** The CSV file at `path`, relative to the .nn.json's folder (pointer "/data/csv"): its size in bytes and its text. */
  csv(path: string): { bytes: number; text: () => string };
  /** The JSON text of the MNIST digit file `d`.json (d = 0 … 9). */
  mnistDigits(d: number): string;
}

/** Files for a spec that names none (inline data, labels, generators): any read is a DatasetError. */
export const NO_DATA_FILES: DataFiles = {
  csv: (path) => {
    throw new DatasetError(`cannot read "${path}": no data files are available here`, '/data/csv');
  },
  mnistDigits: () => {
    throw new DatasetError('the MNIST digits are not available here', '/data/mnist');
  },
};

/**
 * The bytes of the data files a spec names, read by whoever can read files (the extension host through
 * `vscode.workspace.fs`) and handed to whoever loads the data (the training worker), with the reason where a file
 * could not be read.
 */
export interface DataFileBytes {
  csv?: { path: string; bytes: Uint8Array } | { path: string; error: string };
  /** The ten digit files 0.json … 9.json. */
  mnist?: Uint8Array[] | { error: string };
}

/** DataFiles over bytes read elsewhere; a missing or failed file is a DatasetError with the reader's reason. */
export function dataFilesFromBytes(given: DataFileBytes): DataFiles {
  const decode = (b: Uint8Array) => new TextDecoder('utf-8').decode(b);
  return {
    csv(path) {
      const f = given.csv;
      if (!f || f.path !== path) return NO_DATA_FILES.csv(path);
      if ('error' in f) throw new DatasetError(f.error, '/data/csv');
      return { bytes: f.bytes.byteLength, text: () => decode(f.bytes) };
    },
    mnistDigits(d) {
      const m = given.mnist;
      if (!m) return NO_DATA_FILES.mnistDigits(d);
      if (!Array.isArray(m)) throw new DatasetError(m.error, '/data/mnist');
      if (!m[d]) throw new DatasetError(`MNIST digit file ${d}.json is missing`, '/data/mnist');
      return decode(m[d]);
    },
  };
}

/** A relative data path, checked for what can be checked without a file system: not absolute, no "..". */
export function checkRelativeDataPath(path: string, pointer: string): void {
  if (/^([a-zA-Z]:)?[\\/]/.test(path)) {
    throw new DatasetError(
      `the path "${path}" is absolute; write it relative to the .nn.json's folder`,
      pointer,
    );
  }
  if (path.split(/[\\/]/).includes('..')) {
    throw new DatasetError(
      `the path "${path}" contains ".."; data files must be inside the .nn.json's folder tree`,
      pointer,
    );
  }
}

function checkSize(m: number, n: number, K: number, pointer: string): void {
  if (m > LIMITS.maxSamples) {
    throw new DatasetError(
      `m = ${formatCount(m)} samples; at most ${formatCount(LIMITS.maxSamples)}`,
      pointer,
    );
  }
  if (m * (n + K) > LIMITS.maxDatasetValues) {
    throw new DatasetError(
      `the data set would hold ${formatCount(m * (n + K))} numbers (m = ${formatCount(m)} × (n + K = ${n + K})); at most ${formatCount(LIMITS.maxDatasetValues)}`,
      pointer,
    );
  }
}

function fromRows(rows: number[][], width: number): Float64Array {
  const out = new Float64Array(rows.length * width);
  rows.forEach((row, i) => out.set(row, i * width));
  return out;
}

/** Index of a column given by header name or 0-based index. */
function columnIndex(spec: string | number, header: string[] | null, width: number, pointer: string): number {
  if (typeof spec === 'number') {
    if (spec >= width)
      throw new DatasetError(`column ${spec} does not exist: the file has columns 0 … ${width - 1}`, pointer);
    return spec;
  }
  if (!header)
    throw new DatasetError(`column "${spec}" is a name, but "header" is false; use a 0-based index`, pointer);
  const i = header.indexOf(spec);
  if (i < 0)
    throw new DatasetError(`no column named "${spec}"; the columns are: ${header.join(', ')}`, pointer);
  return i;
}

type CsvData = Extract<DataSpec, { kind: 'csv' }>;

/** The file position of a cell, for DatasetError. */
function cellAt(path: string, cell: { line: number; column: number }) {
  return { path, line: cell.line, column: cell.column };
}

/** The cell's number, or a DatasetError at the cell naming `what` it is (the input, the target). */
function cellValue(path: string, cell: CsvCell, what: string): number {
  const v = cellNumber(cell);
  if (v === null)
    throw new DatasetError(`${what} "${cell.text}" is not a number`, '/data/csv', cellAt(path, cell));
  return v;
}

/** The CSV file's rows (every one as wide as the header, or the first row) and its header when it has one. */
function readCsvRows(data: CsvData, files: DataFiles): { rows: CsvCell[][]; header: string[] | null } {
  checkRelativeDataPath(data.path, '/data/csv');
  const file = files.csv(data.path);
  const bytes = file.bytes;
  if (bytes > LIMITS.maxCsvBytes) {
    throw new DatasetError(
      `"${data.path}" has ${formatCount(bytes)} bytes; at most ${formatCount(LIMITS.maxCsvBytes)}`,
      '/data/csv',
    );
  }
  let rows: CsvCell[][];
  try {
    rows = readCsv(file.text(), LIMITS.maxSamples + (data.header ? 1 : 0));
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      const msg = e.message.startsWith('more than')
        ? `more than ${formatCount(LIMITS.maxSamples)} samples (the limit)`
        : e.message;
      throw new DatasetError(msg, '/data/csv', cellAt(data.path, e));
    }
    throw new DatasetError(
      `cannot read "${data.path}": ${e instanceof Error ? e.message : String(e)}`,
      '/data/csv',
    );
  }
  const header = data.header ? (rows.shift()?.map((c) => c.text.trim()) ?? null) : null;
  if (rows.length === 0) throw new DatasetError(`"${data.path}" has no data rows`, '/data/csv');
  const width = header?.length ?? rows[0].length;
  for (const row of rows) {
    if (row.length !== width) {
      throw new DatasetError(
        `this row has ${row.length} cells; the ${header ? 'header has' : 'first row has'} ${width}`,
        '/data/csv',
        cellAt(data.path, row[0]),
      );
    }
  }
  return { rows, header };
}

/** Which columns are x and which y (target columns, or one label column), checked against s_1 and s_L. */
function csvColumns(spec: NetworkSpec, data: CsvData, header: string[] | null, width: number) {
  const L = spec.layers.length;
  const s1 = spec.layers[0].units;
  const sL = spec.layers[L - 1].units;
  const targetCols = data.targetColumns.map((c, i) =>
    columnIndex(c, header, width, `/data/targetColumns/${i}`),
  );
  const labelCol =
    data.labelColumn === null ? null : columnIndex(data.labelColumn, header, width, '/data/labelColumn');
  const yCols = labelCol === null ? targetCols : [labelCol];
  const xCols = Array.from({ length: width }, (_, j) => j).filter((j) => !yCols.includes(j));
  if (xCols.length !== s1) {
    throw new DatasetError(
      `the file has ${xCols.length} input columns (x) but layer 1 has s_1 = ${s1} units`,
      '/data/csv',
    );
  }
  if (labelCol === null && targetCols.length !== sL) {
    throw new DatasetError(
      `${targetCols.length} target columns (y) but layer ${L} has s_${L} = ${sL} units`,
      '/data/targetColumns',
    );
  }
  return { xCols, targetCols, labelCol };
}

/** Y (m × K) from K target columns; cross-entropy needs every y in [0, 1]. */
function csvTargets(spec: NetworkSpec, path: string, rows: CsvCell[][], targetCols: number[]): Float64Array {
  const K = targetCols.length;
  const Y = new Float64Array(rows.length * K);
  rows.forEach((row, i) =>
    targetCols.forEach((j, k) => {
      const y = cellValue(path, row[j], 'the target');
      if (spec.loss === 'cross-entropy' && (y < 0 || y > 1)) {
        throw new DatasetError(
          `y = ${y} is outside [0, 1]; cross-entropy needs targets in [0, 1]`,
          '/data/csv',
          cellAt(path, row[j]),
        );
      }
      Y[i * K + k] = y;
    }),
  );
  return Y;
}

/**
 * Class labels: names (given in "classes" or in order of first appearance) or integers 0..K−1, as one-hot rows of Y
 * (or one output 0/1 for two classes).
 */
function csvClasses(spec: NetworkSpec, data: CsvData, cells: CsvCell[]) {
  const L = spec.layers.length;
  const sL = spec.layers[L - 1].units;
  const texts = cells.map((c) => c.text.trim());
  let names: string[];
  if (data.classes) names = data.classes;
  else if (texts.every((t) => /^\d+$/.test(t))) {
    const count = sL === 1 ? 2 : sL;
    names = Array.from({ length: count }, (_, k) => String(k));
  } else names = [...new Set(texts)];
  const K = classWidth(names.length, sL);
  if (K !== sL) {
    throw new DatasetError(
      `the label column has ${names.length} classes (${names.join(', ')}) but layer ${L} has s_${L} = ${sL} units`,
      '/data/labelColumn',
    );
  }
  const Y = new Float64Array(cells.length * K);
  texts.forEach((t, i) => {
    let k = names.indexOf(t);
    if (k < 0 && /^\d+$/.test(t) && Number(t) < names.length) k = Number(t);
    if (k < 0) {
      throw new DatasetError(
        `label "${t}" is not a class; the classes are: ${names.join(', ')}`,
        '/data/csv',
        cellAt(data.path, cells[i]),
      );
    }
    if (K === 1) Y[i] = k;
    else Y[i * K + k] = 1;
  });
  return { K, Y, names };
}

function loadCsv(spec: NetworkSpec, data: CsvData, files: DataFiles): Dataset {
  const { rows, header } = readCsvRows(data, files);
  const { xCols, targetCols, labelCol } = csvColumns(spec, data, header, header?.length ?? rows[0].length);
  const m = rows.length;
  const s1 = xCols.length;
  const sL = spec.layers[spec.layers.length - 1].units;
  checkSize(m, s1, labelCol === null ? targetCols.length : sL, '/data/csv');
  const X = new Float64Array(m * s1);
  rows.forEach((row, i) =>
    xCols.forEach((j, c) => (X[i * s1 + c] = cellValue(data.path, row[j], 'the input'))),
  );
  if (labelCol === null) {
    const Y = csvTargets(spec, data.path, rows, targetCols);
    return { m, n: s1, K: targetCols.length, X, Y, classNames: null, imageShape: null };
  }
  const { K, Y, names } = csvClasses(
    spec,
    data,
    rows.map((row) => row[labelCol]),
  );
  return { m, n: s1, K, X, Y, classNames: names, imageShape: null };
}

/** Builds the dataset the spec describes. Synchronous; throws DatasetError only. */
export function loadDataset(spec: NetworkSpec, files: DataFiles): Dataset {
  try {
    return load(spec, files);
  } catch (e) {
    if (e instanceof DatasetError) throw e;
    throw new DatasetError(`cannot load the data: ${e instanceof Error ? e.message : String(e)}`, '/data');
  }
}

function load(spec: NetworkSpec, files: DataFiles): Dataset {
  const data = spec.data;
  const sL = spec.layers[spec.layers.length - 1].units;
  switch (data.kind) {
    case 'inline': {
      const m = data.inputs.length;
      const n = data.inputs[0]?.length ?? 0;
      const K = data.targets[0]?.length ?? 0;
      checkSize(m, n, K, '/data');
      return {
        m,
        n,
        K,
        X: fromRows(data.inputs, n),
        Y: fromRows(data.targets, K),
        classNames: null,
        imageShape: null,
      };
    }
    case 'labels': {
      const m = data.inputs.length;
      const n = data.inputs[0]?.length ?? 0;
      const K = classWidth(data.classes.length, sL);
      checkSize(m, n, K, '/data');
      const Y = new Float64Array(m * K);
      data.labels.forEach((k, i) => {
        if (k >= data.classes.length)
          throw new DatasetError(
            `label ${k} is out of range 0 … ${data.classes.length - 1}`,
            `/data/labels/${i}`,
          );
        // One-hot: label k of K classes → y_k = 1 (the lecture's [0, 1, 0, 0]ᵀ for "car").
        if (K === 1) Y[i] = k;
        else Y[i * K + k] = 1;
      });
      return { m, n, K, X: fromRows(data.inputs, n), Y, classNames: [...data.classes], imageShape: null };
    }
    case 'generator': {
      const w = dataWidths(data, sL);
      const K = w?.K ?? 1;
      checkSize(data.samples, w?.n ?? 2, K, '/data/samples');
      const g = generate(data.generator, data.samples, data.noise, data.classes, K, data.seed);
      return { m: data.samples, n: g.n, K, X: g.X, Y: g.Y, classNames: g.classNames, imageShape: null };
    }
    case 'mnist': {
      checkSize(data.samples, data.size * data.size, 10, '/data/mnist');
      try {
        const d = loadMnist((digit) => files.mnistDigits(digit), data.samples, data.size, spec.training.seed);
        return {
          m: d.m,
          n: d.n,
          K: 10,
          X: d.X,
          Y: d.Y,
          classNames: Array.from({ length: 10 }, (_, k) => String(k)),
          imageShape: [data.size, data.size],
        };
      } catch (e) {
        throw new DatasetError(e instanceof Error ? e.message : String(e), '/data/mnist');
      }
    }
    case 'csv':
      return loadCsv(spec, data, files);
    case 'none':
      throw new DatasetError(NO_DATA, '');
  }
}
