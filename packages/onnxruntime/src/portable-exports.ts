// Everything both entry points export except OnnxTrainer itself, whose default runtime (and, in
// Node, file checkpoints) differs: src/index.ts adds onnxruntime-node's, src/web.ts
// onnxruntime-web's. One list, so the two entries cannot drift apart.
export { type BackwardGraph, backward } from './autodiff/backward.js';
export { loadForwardModel } from './graph/decode.js';
export { encodeModel, OPSET } from './graph/encode.js';
export {
  buildGradientGraph,
  buildTrainingGraphs,
  gradName,
  inferenceGraph,
  LABELS,
  LOSS,
  type TrainingGraphs,
} from './graph/train-graph.js';
export type {
  Attribute,
  ConstTensor,
  DataType,
  Dim,
  ForwardGraph,
  GraphDef,
  GraphNode,
  ModelBuffer,
  Param,
  ValueInfo,
} from './graph/types.js';
export type { Initializer } from './init/initializers.js';
export { gelu, relu, sigmoid, tanh } from './layers/activations.js';
export { type BatchNormOptions, batchNorm } from './layers/batch-norm.js';
export { type Conv2dOptions, conv2d, type Padding } from './layers/conv2d.js';
export { type DenseOptions, dense } from './layers/dense.js';
export { type EmbeddingOptions, embedding } from './layers/embedding.js';
export { type LayerNormOptions, layerNorm } from './layers/layer-norm.js';
export { avgPool2d, globalAvgPool2d, maxPool2d, type Pool2dOptions } from './layers/pooling.js';
export { type ResidualOptions, residual } from './layers/residual.js';
export { type Sequential, type SequentialOptions, sequential } from './layers/sequential.js';
export { dropout, flatten } from './layers/shape-layers.js';
export type { Layer, LayerContext, LayerValue } from './layers/types.js';
export { lossNames } from './losses/registry.js';
export type {
  ClassLabels,
  EvaluationFor,
  LabelsFor,
  LossName,
  LossOptions,
  SoftmaxCrossEntropyOptions,
  TrainingLabels,
} from './losses/types.js';
export { registerOp, supportedOps } from './ops/registry.js';
export { type GradientContext, GraphError, type OpDefinition, type Shape } from './ops/types.js';
export type { ParamPattern, ParamSelector } from './optimizers/param-selector.js';
export type {
  AdamOptions,
  HyperParameters,
  OptimizerControls,
  OptimizerOptions,
  ParamGroup,
  SgdOptions,
} from './optimizers/types.js';
export type { AccumulationState } from './trainer/accumulator.js';
export { NonFiniteLossError } from './trainer/errors.js';
export type { OnnxTrainer as PortableOnnxTrainer } from './trainer/onnx-trainer.js';
export type {
  EvaluateOptions,
  Evaluation,
  LoadOverrides,
  OnnxTrainerOptions,
  RangeTestSource,
  RegressionEvaluation,
  TrainableModel,
} from './trainer/options.js';
export type { OrtRuntime } from './trainer/runtime.js';
export type {
  HyperParameterSchedules,
  ScheduledHyperParameter,
  TrainerPlateauOptions,
} from './trainer/scheduled-inputs.js';
export type { TrainerState } from './trainer/state.js';
