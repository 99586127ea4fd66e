/**
 * The bridge to other frameworks: a network as a PyTorch script or an ONNX model, and an ONNX model as a network.
 * Pure functions of a spec, its data set and the engine (no vscode, no Node): callers read and write the files.
 */
export {
  exportPytorch,
  dataFileName,
  INLINE_DATA_LIMIT,
  type ExportInput,
  type ExportedFile,
  type PytorchExport,
} from './pytorch';
export { exportOnnx, ONNX_OPSET } from './onnxExport';
export { importOnnx, importedDocument, OnnxImportError, type ImportedNetwork } from './onnxImport';
