export { type BundleBinding, bindBundle, schedulableNames } from './bind-bundle.js';
export {
  type BindScheduleOptions,
  bindSchedule,
  type ScheduleBinding,
  type ScheduledValues,
} from './bind-schedule.js';
export {
  type LearningRateScheduler,
  type LearningRateSchedulerArgs,
  learningRateScheduler,
} from './callback.js';
export { disposeOptimizer, type OptimizerState } from './optimizer-state.js';
export { type MomentumTarget, type OptimizerKind, optimizerKind } from './optimizers.js';
export type { PlateauArgs } from './plateau-monitor.js';
export {
  type Batch,
  type DatasetLike,
  type RangeTestTrainerArgs,
  rangeTestTrainer,
  type TensorBatches,
  type TfjsRangeTestTrainer,
  type TrainerSnapshot,
} from './range-test-trainer.js';
export type { CallbackLogs, LayersModelLike, OptimizerLike, TensorLike } from './tfjs-types.js';
export {
  type RegisterWasmTrainingKernelsOptions,
  registerWasmTrainingKernels,
  WASM_MISSING_TRAINING_KERNELS,
} from './wasm-kernels.js';
