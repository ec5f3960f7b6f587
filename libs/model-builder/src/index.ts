export { readLlamaConfig } from './checkpoint/llama-config';
export type { LlamaConfig } from './checkpoint/llama-config';
export { SafetensorsReader } from './checkpoint/safetensors.reader';
export type { Precision, QuantOptions } from './graph/graph-weights';
export { quantizeBlockwise, dequantizeBlockwise } from './quant/block-quantizer';
export type { PackedWeight, QuantBits } from './quant/block-quantizer';
export {
  VARIANTS,
  VARIANT_FILES,
  buildGraph,
  buildVariant,
  graphSpecFor,
  writeModelFile,
} from './model-builder.service';
export type {
  BuildOptions,
  BuiltFile,
  GraphLayout,
  GraphSpec,
  Variant,
} from './model-builder.service';
/** Test support: reference models and logits from the PyTorch trainer. */
export {
  createTrainerModel,
  trainerLogits,
  trainerTokenize,
} from './testing/trainer-model.fixture';
export { OnnxGraphBuilder, float32Tensor, int64Tensor } from './onnx/onnx-graph.builder';
export type { SerializedModel, TensorData } from './onnx/onnx-graph.builder';
export {
  GGUF_TYPES,
  GgufExportError,
  permuteRotaryRows,
  planGgufExport,
} from './gguf/llama-gguf.exporter';
export type { GgufExport, GgufType } from './gguf/llama-gguf.exporter';
export { GgmlType } from './gguf/gguf-file';
