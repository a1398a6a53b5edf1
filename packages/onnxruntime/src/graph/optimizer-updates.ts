import { paramUpdateSettings } from '../optimizers/param-settings.js';
import type { OptimizerGraph } from '../optimizers/types.js';
import { nextName } from '../optimizers/types.js';
import { clipGradNorm } from './clip-grad-norm.js';
import type { NodeEmitter } from './emitter.js';
import type { Param, ValueInfo } from './types.js';

/** What the optimizer's part of a graph adds: updated parameters and state, by parameter order. */
export interface OptimizerUpdates {
  /** `<param>.next` outputs, in the trainable parameters' order. */
  readonly paramOutputs: readonly ValueInfo[];
  /** Optimizer state tensors (inputs): name and the parameter whose shape it has. */
  readonly states: readonly { readonly name: string; readonly param: Param }[];
  /** The state tensors' updated values (outputs), in the order of `states`. */
  readonly stateOutputs: readonly ValueInfo[];
}

/**
 * Emits the optimizer update of every trainable parameter from its gradient: global-norm
 * clipping (`clipNorm`) first, then each parameter's update with its group's lr multiplier and
 * weight decay. One definition for the train step and for gradient accumulation's apply graph,
 * so both honour every optimizer control.
 */
export function emitOptimizerUpdates(
  emit: NodeEmitter,
  optimizer: OptimizerGraph,
  trainable: readonly Param[],
  gradientOf: (param: string) => string,
): OptimizerUpdates {
  const settings = paramUpdateSettings('OnnxTrainer.create', optimizer.controls, trainable);
  const rawGradients = trainable.map((param) => gradientOf(param.name));
  const clipNorm = optimizer.controls?.clipNorm;
  const gradients =
    clipNorm === undefined ? rawGradients : clipGradNorm(emit, rawGradients, clipNorm);
  const paramOutputs: ValueInfo[] = [];
  const states: { name: string; param: Param }[] = [];
  const stateOutputs: ValueInfo[] = [];
  for (const [index, param] of trainable.entries()) {
    const update = optimizer.update(
      param.name,
      gradients[index] as string,
      emit,
      settings.get(param.name),
    );
    paramOutputs.push({ name: update.param, dtype: 'float32', shape: param.dims });
    optimizer.stateNames(param.name).forEach((name, i) => {
      states.push({ name, param });
      stateOutputs.push({
        name: update.states[i] ?? nextName(name),
        dtype: 'float32',
        shape: param.dims,
      });
    });
  }
  return { paramOutputs, states, stateOutputs };
}
