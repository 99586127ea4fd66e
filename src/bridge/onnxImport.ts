/**
 * Read a fully connected network from an ONNX model as torch.onnx.export writes one: per layer a Gemm (or a MatMul
 * followed by an Add of the bias), then Sigmoid, Tanh, Relu, Softmax or nothing; float32 or float64 initializers.
 * Pure: bytes in, the layers and Θ out (bias column first), or an OnnxImportError naming the node and its op.
 */
import { onnx } from 'onnx-proto';
import { setWeights } from '../format/edit';
import type { ActivationName } from '../shared/spec';
import { ACTIVATION_OPS } from './onnxExport';

export class OnnxImportError extends Error {}

export interface ImportedLayer {
  /** s_{l+1} × (s_l + 1), bias column first. */
  theta: number[][];
  activation: ActivationName;
}

export interface ImportedNetwork {
  /** The graph's name (may be empty). */
  name: string;
  producer: string;
  /** s_1. */
  inputs: number;
  layers: ImportedLayer[];
}

const OP_ACTIVATION = new Map<string, ActivationName>(
  Object.entries(ACTIVATION_OPS).map(([g, op]) => [op, g as ActivationName]),
);

const LAYER_OPS = new Set(['Gemm', 'MatMul', 'Add', 'Identity']);

type Int = number | { toNumber(): number };
const toInt = (v: Int | null | undefined): number =>
  v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber();

interface Tensor {
  dims: number[];
  values: Float64Array;
}

/** The numbers of a float32 or float64 initializer. */
function tensorValues(t: onnx.ITensorProto): Tensor {
  const dims = (t.dims ?? []).map(toInt);
  const count = dims.reduce((a, d) => a * d, 1);
  const type = t.dataType ?? 0;
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : null;
  let values: Float64Array;
  if (type === onnx.TensorProto.DataType.DOUBLE || type === onnx.TensorProto.DataType.FLOAT) {
    const size = type === onnx.TensorProto.DataType.DOUBLE ? 8 : 4;
    if (raw) {
      if (raw.length !== count * size)
        throw new OnnxImportError(
          `initializer "${t.name}" holds ${raw.length} bytes, ${count * size} expected`,
        );
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      values = new Float64Array(count);
      for (let i = 0; i < count; i++)
        values[i] = size === 8 ? view.getFloat64(i * 8, true) : view.getFloat32(i * 4, true);
    } else {
      values = Float64Array.from(size === 8 ? (t.doubleData ?? []) : (t.floatData ?? []));
      if (values.length !== count)
        throw new OnnxImportError(
          `initializer "${t.name}" holds ${values.length} numbers, ${count} expected`,
        );
    }
  } else {
    throw new OnnxImportError(
      `initializer "${t.name}" has data type ${onnx.TensorProto.DataType[type] ?? type}; only float32 and float64 are read`,
    );
  }
  return { dims, values };
}

function attribute(node: onnx.INodeProto, name: string): onnx.IAttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

/** "node "Conv_0" (op Conv)" */
function nodeLabel(node: onnx.INodeProto, index: number): string {
  return `node "${node.name || `#${index + 1}`}" (op ${node.opType || '?'})`;
}

interface Pending {
  /** s_{l+1} × s_l, row-major. */
  W: Float64Array;
  b: Float64Array | null;
  rows: number;
  cols: number;
  activation: ActivationName | null;
}

function finish(p: Pending): ImportedLayer {
  const theta: number[][] = [];
  for (let j = 0; j < p.rows; j++)
    theta.push([p.b ? p.b[j] : 0, ...Array.from(p.W.subarray(j * p.cols, (j + 1) * p.cols))]);
  return { theta, activation: p.activation ?? 'linear' };
}

/** W (rows × cols) from a 2-D tensor, transposed when `transpose`. */
function matrix(
  t: Tensor,
  transpose: boolean,
  where: string,
): { W: Float64Array; rows: number; cols: number } {
  if (t.dims.length !== 2)
    throw new OnnxImportError(`${where}: the weight matrix has ${t.dims.length} dimensions, 2 expected`);
  const [r, c] = t.dims;
  if (!transpose) return { W: t.values, rows: r, cols: c };
  const W = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) W[j * r + i] = t.values[i * c + j];
  return { W, rows: c, cols: r };
}

function decode(bytes: Uint8Array): onnx.ModelProto {
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new OnnxImportError(
      `not an ONNX model, or a truncated one (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (!model.graph || (model.graph.node ?? []).length === 0)
    throw new OnnxImportError('not an ONNX model: it has no graph of nodes');
  return model;
}

/** Follows the chain of layers node by node: Gemm | MatMul (+ Add), then at most one activation. */
class ChainReader {
  readonly layers: ImportedLayer[] = [];
  private pending: Pending | null = null;

  constructor(
    private readonly inits: Map<string, onnx.ITensorProto>,
    /** The tensor the next node must consume (the output of the last one). */
    private current: string,
  ) {}

  read(node: onnx.INodeProto, where: string): void {
    const ins = node.input ?? [];
    if (!ins.includes(this.current))
      throw new OnnxImportError(`${where} does not continue the chain of layers from "${this.current}"`);
    const op = node.opType ?? '';
    if (op === 'Gemm' || op === 'MatMul') this.linear(node, where);
    else if (op === 'Add') this.bias(ins, where);
    else if (OP_ACTIVATION.has(op)) this.activation(node, op, where);
    this.current = node.output?.[0] ?? '';
  }

  finish(): { layers: ImportedLayer[]; current: string } {
    if (this.pending) this.layers.push(finish(this.pending));
    this.pending = null;
    return { layers: this.layers, current: this.current };
  }

  private weight(name: string | null | undefined, where: string): Tensor {
    const t = this.inits.get(name ?? '');
    if (!t)
      throw new OnnxImportError(`${where}: "${name}" is not an initializer (constant weights are needed)`);
    return tensorValues(t);
  }

  /** Gemm: z = α·x·op(B) + β·C (op(B) = Bᵀ when transB = 1); MatMul: z = x·W. A new layer starts. */
  private linear(node: onnx.INodeProto, where: string): void {
    if (this.pending) this.layers.push(finish(this.pending));
    const ins = node.input ?? [];
    const gemm = node.opType === 'Gemm';
    if (ins[0] !== this.current) throw new OnnxImportError(`${where}: the layer's input must come first`);
    if (gemm && toInt(attribute(node, 'transA')?.i) !== 0)
      throw new OnnxImportError(`${where}: transA = 1 is not a layer of samples in rows`);
    const transB = gemm && toInt(attribute(node, 'transB')?.i) === 1;
    const m = matrix(this.weight(ins[1], where), !transB, where);
    const alpha = gemm ? (attribute(node, 'alpha')?.f ?? 1) : 1;
    const beta = gemm ? (attribute(node, 'beta')?.f ?? 1) : 1;
    if (alpha !== 1) m.W.forEach((v, i, W) => (W[i] = v * alpha));
    const b = gemm && ins[2] ? this.weight(ins[2], where).values.map((v) => v * beta) : null;
    if (b && b.length !== m.rows)
      throw new OnnxImportError(`${where}: the bias has ${b.length} numbers for ${m.rows} units`);
    const previous = this.layers.length ? this.layers[this.layers.length - 1].theta.length : null;
    if (previous !== null && previous !== m.cols)
      throw new OnnxImportError(
        `${where}: takes ${m.cols} inputs but the layer before has ${previous} units`,
      );
    this.pending = { ...m, b, activation: null };
  }

  /** Add right after a MatMul: the bias column. */
  private bias(ins: string[], where: string): void {
    const other = ins.find((n) => n !== this.current);
    const p = this.pending;
    if (!p || p.b || p.activation || !other)
      throw new OnnxImportError(`${where}: an Add is read only as the bias right after a MatMul`);
    const b = this.weight(other, where).values;
    if (b.length !== p.rows)
      throw new OnnxImportError(`${where}: the bias has ${b.length} numbers for ${p.rows} units`);
    p.b = b;
  }

  private activation(node: onnx.INodeProto, op: string, where: string): void {
    const p = this.pending;
    if (!p || p.activation)
      throw new OnnxImportError(`${where}: an activation must follow a Gemm or MatMul (+ Add)`);
    if (op === 'Softmax') {
      const axis = attribute(node, 'axis');
      const ax = axis ? toInt(axis.i) : -1;
      if (ax !== -1 && ax !== 1)
        throw new OnnxImportError(`${where}: softmax over axis ${ax}; only over the units (axis 1 or −1)`);
    }
    p.activation = OP_ACTIVATION.get(op) ?? null;
  }
}

/** The network of an ONNX model. Throws OnnxImportError saying what cannot be read and where. */
export function importOnnx(bytes: Uint8Array): ImportedNetwork {
  const model = decode(bytes);
  const graph = model.graph as onnx.IGraphProto;
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  // Constant nodes are weights too (some exporters write them so); every other op must be one of a layer's.
  const nodes = (graph.node ?? []).filter((node) => {
    const value = node.opType === 'Constant' ? attribute(node, 'value')?.t : undefined;
    if (value) inits.set(node.output?.[0] ?? '', value);
    return !value;
  });
  const unmappable = nodes
    .map((node, i) => ({ node, i }))
    .filter(({ node }) => !LAYER_OPS.has(node.opType ?? '') && !OP_ACTIVATION.has(node.opType ?? ''));
  if (unmappable.length > 0) {
    const named = unmappable.slice(0, 3).map(({ node, i }) => nodeLabel(node, i));
    const more = unmappable.length > 3 ? ` and ${unmappable.length - 3} more` : '';
    throw new OnnxImportError(
      `${named.join(', ')}${more} cannot be mapped to a layer of a fully connected network (Gemm, or MatMul + Add, then ${[...OP_ACTIVATION.keys()].join(', ')} or nothing)`,
    );
  }
  const inputs = (graph.input ?? []).filter((v) => !inits.has(v.name ?? ''));
  if (inputs.length !== 1)
    throw new OnnxImportError(`the graph has ${inputs.length} inputs; a fully connected network has one`);
  const reader = new ChainReader(inits, inputs[0].name ?? '');
  nodes.forEach((node, index) => reader.read(node, nodeLabel(node, index)));
  const { layers, current } = reader.finish();
  const outputs = graph.output ?? [];
  if (outputs.length !== 1 || outputs[0].name !== current)
    throw new OnnxImportError(`the graph's output must be the last layer's ("${current}")`);
  if (layers.length === 0) throw new OnnxImportError('the graph has no Gemm or MatMul layer');
  if (layers.slice(0, -1).some((l) => l.activation === 'softmax'))
    throw new OnnxImportError('softmax is only allowed on the output layer');
  return {
    name: graph.name ?? '',
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    inputs: layers[0].theta[0].length - 1,
    layers,
  };
}

/**
 * The .nn.json text of an imported network: its layers and Θ, no "data" (it predicts; training needs a data set).
 * The loss follows the output layer: cross-entropy for sigmoid and softmax outputs, else the squared error.
 */
export function importedDocument(net: ImportedNetwork, sourceName: string): string {
  const out = net.layers[net.layers.length - 1].activation;
  const name = net.name || sourceName.replace(/\.onnx$/i, '');
  const by = net.producer ? ` (written by ${net.producer})` : '';
  const description = `Imported from ${sourceName}${by} by nn-viz import. It has no "data": add a training set to train it.`;
  const layers = [
    { units: net.inputs },
    ...net.layers.map((l) => ({ units: l.theta.length, activation: l.activation })),
  ];
  // One layer a line, as the examples are written: { "units": 2, "activation": "sigmoid" }
  const layer = (l: object) =>
    '{ ' + JSON.stringify(l).slice(1, -1).replace(/":/g, '": ').replace(/,"/g, ', "') + ' }';
  const text = [
    '{',
    `  "name": ${JSON.stringify(name)},`,
    `  "description": ${JSON.stringify(description)},`,
    '  "layers": [',
    layers.map((l) => '    ' + layer(l)).join(',\n'),
    '  ],',
    `  "loss": ${JSON.stringify(out === 'sigmoid' || out === 'softmax' ? 'cross-entropy' : 'mse')}`,
    '}',
    '',
  ].join('\n');
  // "weights" goes in after "layers", a row per line (setWeights of the format's text edits).
  return setWeights(
    text,
    net.layers.map((l) => l.theta),
  );
}
