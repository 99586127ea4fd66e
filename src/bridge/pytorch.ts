/**
 * Export a network as a self-contained PyTorch script (see docs/CLI.md, "export"). Pure: the caller loads the data
 * set and writes the files, so this runs in the CLI, the extension host and, later, the browser.
 *
 * The script holds the layers, the initial Θ (the file's own or exactly the Θ the engine's seeded init draws), the
 * training settings and the data (inline when small, else in a JSON file written beside it), then the fixed Python of
 * pytorchModel.ts and pytorchTraining.ts.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import { LOG_EPSILON, Random, createNetwork, thetaToRows } from '../engine';
import type { Dataset, NetworkSpec } from '../shared/spec';
import { PYTHON_MODEL } from './pytorchModel';
import { PYTHON_TRAINING } from './pytorchTraining';
import { type Plain, py, pyComment, pyRows, rowsOf } from './python';

/** Data sets of at most this many numbers (m × (n + K)) are written into the script itself. */
export const INLINE_DATA_LIMIT = 5000;

export interface ExportInput {
  spec: NetworkSpec;
  /** The data set the spec describes (loaded by the caller). */
  dataset: Dataset;
  /** The .nn.json text (written back, with the trained weights, by --save). */
  documentText: string;
  /** File name of the .nn.json, for the script's comments. */
  sourceName: string;
}

export interface ExportedFile {
  /** File name, relative to the folder of the main output. */
  name: string;
  text: string;
}

export interface PytorchExport {
  script: string;
  /** Files to write beside the script (the data set when it is too large to inline). */
  files: ExportedFile[];
}

/** `OUT.py` → `OUT.data.json`. */
export function dataFileName(scriptName: string): string {
  const base = scriptName.replace(/^.*[\\/]/, '');
  return (base.endsWith('.py') ? base.slice(0, -3) : base) + '.data.json';
}

function header(input: ExportInput, scriptName: string): string {
  const { spec, sourceName } = input;
  const t = spec.training;
  const script = scriptName.replace(/^.*[\\/]/, '');
  const dropout = spec.layers.some((l) => l.dropout > 0);
  const notes = [
    `Parity with nn-viz: in float64 on the CPU, "python3 ${script} --save T.nn.json" gives the Θ of`,
    `"nn-viz train ${sourceName} --out T.nn.json" to about 1e-8: the same initial Θ, the same seeded validation`,
    'split and sample order, the same optimizer rule and settings. Only the order of floating-point additions',
    'differs (autograd and BLAS against the engine), so the numbers agree to rounding, not bit for bit.',
  ];
  if (dropout)
    notes.push(
      'Dropout: the masks come from a port of the engine\'s seeded generator ("dropout" stream), so the same',
      'units are dropped in the same batches, and parity holds as above.',
    );
  if (t.earlyStopping)
    notes.push(
      'Early stopping: the same rule on the same validation costs; it stops at the same epoch unless two',
      "epochs' costs differ from best − minDelta by less than rounding (about 1e-15).",
    );
  notes.push(
    'On a GPU (--device cuda) or under DistributedDataParallel the sums run in other orders (and DDP splits each',
    'batch across processes), so expect agreement to rounding at first, not parity over a long run.',
  );
  return [
    '#!/usr/bin/env python3',
    `"""${spec.name ? spec.name.replace(/"""/g, "'''") + ': ' : ''}the network of ${sourceName}, exported by nn-viz.`,
    '',
    'Needs PyTorch and the Python standard library only.',
    `  python3 ${script} --cost-json`,
    '      one line {"cost": J, "gradients": [D^(1), D^(2), ...]}: J(Θ) and its gradients at the file\'s weights, on',
    `      all its data (autograd, float64), as "nn-viz cost ${sourceName} --json" prints them`,
    `  python3 ${script} [--epochs N] --save T.nn.json`,
    '      train as the file says and write the trained network (a .nn.json that nn-viz opens)',
    '',
    ...notes,
    '"""',
    'import argparse',
    'import json',
    'import math',
    'import os',
    'import sys',
    '',
    'import torch',
    'from torch import nn',
    '',
    'torch.set_default_dtype(torch.float64)  # nn-viz computes in float64',
  ].join('\n');
}

function settings(input: ExportInput): string {
  const { spec } = input;
  const t = spec.training;
  const L = spec.layers.length;
  const net = createNetwork(spec.layers, spec.weights, t.init, Random.derive(t.seed, 'init'));
  const theta = thetaToRows(net.theta);
  const where = spec.weights
    ? `the file's own "weights"`
    : `no "weights" in the file: exactly the Θ nn-viz's seeded init draws (${t.init.name}, seed ${t.seed})`;
  const o = t.optimizer;
  const optimizer: Plain = {
    name: o.name,
    beta: o.beta,
    beta1: o.beta1,
    beta2: o.beta2,
    rho: o.rho,
    epsilon: o.epsilon,
  };
  const es = t.earlyStopping;
  const lines = [
    '# ─── The network: layers 1 … L (s_j units each), g and dropout of layers 2 … L ───',
    `SIZES = ${py(spec.layers.map((l) => l.units))}  # s_1, …, s_${L}`,
    `ACTIVATIONS = ${py(spec.layers.slice(1).map((l) => l.activation))}`,
    `DROPOUT = ${py(spec.layers.slice(1).map((l) => l.dropout))}  # p of each layer 2 … L (hidden layers only)`,
    `LOSS = ${py(spec.loss)}`,
    `LOG_EPSILON = ${py(LOG_EPSILON)}  # h is clamped to [ε, 1 − ε] where cross-entropy takes log h directly`,
    '',
    `# Θ^(1) … Θ^(${L - 1}), each s_{j+1} × (s_j + 1) with the bias column first: ${where}.`,
    'THETA = [',
    ...theta.map(
      (rows, l) => `    # Θ^(${l + 1}): ${rows.length} × ${rows[0].length}\n    ${pyRows(rows, '    ')},`,
    ),
    ']',
    '',
    '# ─── Training settings ("training" of the file) ───',
    `LEARNING_RATE = ${py(t.learningRate)}  # α`,
    `LAMBDA = ${py(t.lambda)}  # λ`,
    `EPOCHS = ${py(t.epochs)}`,
    `BATCH_SIZE = ${py(t.batchSize)}  # B; 0 = full batch`,
    `OPTIMIZER = ${py(optimizer)}`,
    `SEED = ${py(t.seed)}`,
    `VALIDATION_SPLIT = ${py(t.validationSplit)}`,
    `EARLY_STOPPING = ${es ? py({ patience: es.patience, minDelta: es.minDelta, restoreBest: es.restoreBest }) : 'None'}`,
  ];
  return lines.join('\n');
}

function data(input: ExportInput, scriptName: string): { text: string; files: ExportedFile[] } {
  const { m, n, K, X, Y } = input.dataset;
  const xRows = rowsOf(X, m, n);
  const yRows = rowsOf(Y, m, K);
  const what = `# ─── The data: m = ${m} samples x^(i) of n = ${n} inputs, y^(i) of K = ${K} outputs (as nn-viz loads them) ───`;
  if (m * (n + K) <= INLINE_DATA_LIMIT) {
    const text = [
      what,
      'DATA_FILE = None',
      `X_ROWS = ${pyRows(xRows, '')}`,
      `Y_ROWS = ${pyRows(yRows, '')}`,
    ].join('\n');
    return { text, files: [] };
  }
  const name = dataFileName(scriptName);
  const json = `{"X": [\n${xRows.map((r) => JSON.stringify(r)).join(',\n')}\n],\n"Y": [\n${yRows.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
  return {
    text: [what, `DATA_FILE = ${py(name)}  # beside this script`, 'X_ROWS = Y_ROWS = None'].join('\n'),
    files: [{ name, text: json }],
  };
}

/** The document as a plain value (comments dropped), for --save. */
function documentValue(text: string): Plain {
  const value = parseJsonc(text, [], { allowTrailingComma: true }) as Plain;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new RangeError('the .nn.json text is not a JSON object');
  return value;
}

/** The script and its companion files for `nn-viz export FILE --format pytorch --out scriptName`. */
export function exportPytorch(input: ExportInput, scriptName: string): PytorchExport {
  const d = data(input, scriptName);
  const csvNote =
    input.spec.data.kind === 'csv'
      ? `\n# The saved file names the CSV "${input.spec.data.path}" relative to itself: save it beside ${input.sourceName}.`
      : '';
  const script = [
    header(input, scriptName),
    '',
    settings(input),
    '',
    d.text,
    '',
    pyComment(`The .nn.json written by --save: ${input.sourceName} with its "weights" replaced.`) + csvNote,
    `DOCUMENT = ${py(documentValue(input.documentText))}`,
    PYTHON_MODEL,
    PYTHON_TRAINING,
  ].join('\n');
  return { script, files: d.files };
}
