/**
 * Export a network as an ONNX model (opset 13, float64), written with onnx-proto (the ONNX protobuf schema compiled
 * for protobufjs). Pure: returns the bytes; the caller writes them.
 *
 * Graph: input `x` [m, s_1] → for each Θ^(l): Gemm(a, W^(l), b^(l), transB = 1) with W = Θ^(l)[:, 1:] and
 * b = Θ^(l)[:, 0], i.e. z^(l+1) = a^(l) Wᵀ + b (the slide's Θ^(l) a^(l), one sample per row), then g as its ONNX
 * operator (Sigmoid, Tanh, Relu, Softmax over axis 1; none for linear) → output `h` [m, s_L] = h_Θ(x).
 */
import { onnx } from 'onnx-proto';
import type { Network } from '../engine';

export const ONNX_OPSET = 13;
/** IR version 7 is the first that opset 13 needs. */
export const ONNX_IR_VERSION = 7;

export const ACTIVATION_OPS = { sigmoid: 'Sigmoid', tanh: 'Tanh', relu: 'Relu', softmax: 'Softmax' } as const;

/** A float64 tensor stored little-endian in raw_data. */
export function doubleTensor(name: string, dims: number[], values: ArrayLike<number>): onnx.ITensorProto {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return { name, dims, dataType: onnx.TensorProto.DataType.DOUBLE, rawData: bytes };
}

function valueInfo(name: string, width: number, doc: string): onnx.IValueInfoProto {
  return {
    name,
    docString: doc,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.DOUBLE,
        shape: { dim: [{ dimParam: 'm' }, { dimValue: width }] },
      },
    },
  };
}

function intAttribute(name: string, value: number): onnx.IAttributeProto {
  return { name, i: value, type: onnx.AttributeProto.AttributeType.INT };
}

/** Weights W (s_{l+1} × s_l) and bias b (s_{l+1}) of Θ^(l) (bias column first). */
function split(theta: Network['theta'][number]): { W: Float64Array; b: Float64Array } {
  const { rows, cols, data } = theta;
  const W = new Float64Array(rows * (cols - 1));
  const b = new Float64Array(rows);
  for (let j = 0; j < rows; j++) {
    b[j] = data[j * cols];
    W.set(data.subarray(j * cols + 1, (j + 1) * cols), j * (cols - 1));
  }
  return { W, b };
}

/** The ONNX model of the network (its current Θ). `name` becomes the graph's name. */
export function exportOnnx(net: Network, name: string): Uint8Array {
  const L = net.sizes.length;
  const nodes: onnx.INodeProto[] = [];
  const initializer: onnx.ITensorProto[] = [];
  let a = 'x';
  for (let l = 1; l < L; l++) {
    const { W, b } = split(net.theta[l - 1]);
    const last = l === L - 1;
    const g = net.activations[l];
    const op = g === 'linear' ? null : ACTIVATION_OPS[g];
    const z = last && !op ? 'h' : `z${l + 1}`;
    initializer.push(doubleTensor(`Theta${l}.weight`, [net.sizes[l], net.sizes[l - 1]], W));
    initializer.push(doubleTensor(`Theta${l}.bias`, [net.sizes[l]], b));
    nodes.push({
      name: `layer${l + 1}_gemm`,
      opType: 'Gemm',
      input: [a, `Theta${l}.weight`, `Theta${l}.bias`],
      output: [z],
      attribute: [intAttribute('transB', 1)],
      docString: `z^(${l + 1}) = Θ^(${l}) a^(${l}) (one sample per row)`,
    });
    a = z;
    if (op) {
      const out = last ? 'h' : `a${l + 1}`;
      nodes.push({
        name: `layer${l + 1}_${g}`,
        opType: op,
        input: [z],
        output: [out],
        attribute: op === 'Softmax' ? [intAttribute('axis', 1)] : [],
        docString: `a^(${l + 1}) = g(z^(${l + 1}))`,
      });
      a = out;
    }
  }
  const model: onnx.IModelProto = {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'nn-viz',
    docString: 'A fully connected network exported by nn-viz: h = h_Θ(x), one sample per row.',
    graph: {
      name: name || 'nn-viz network',
      node: nodes,
      initializer,
      input: [valueInfo('x', net.sizes[0], 'x, one sample per row')],
      output: [valueInfo('h', net.sizes[L - 1], 'h_Θ(x), one sample per row')],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}
