import type { NodeEmitter } from '../graph/emitter.js';
import type { ValueInfo } from '../graph/types.js';
import type { ParamSelector } from './param-selector.js';

/**
 * One parameter group (PyTorch's `param_groups`, fastai's discriminative rates): the parameters
 * `params` selects train at schedule lr x `lrMultiplier`, and with `weightDecay` when given.
 * The multiplier is a constant Mul on the `learning_rate` input (Adam: on `step_size`), so one
 * schedule drives every group and the trainer's feeds do not change.
 */
export interface ParamGroup {
  /** The group's parameters (see {@link ParamSelector}); each may be in one group only. */
  readonly params: ParamSelector;
  /** The group's lr = schedule lr x this. Default 1. */
  readonly lrMultiplier?: number;
  /**
   * Replaces the optimizer's weightDecay (and the weightDecayFilter) for this group, as a
   * constant also when the optimizer's is scheduled (refused for adamw). Default: the optimizer's.
   */
  readonly weightDecay?: number;
}

/**
 * Controls every optimizer type takes, applied per parameter inside the train-step graph.
 * Order per step, as in a PyTorch loop: gradients, clip by global norm, then the optimizer adds
 * weight decay and updates.
 *
 * @example
 * const optimizer: OptimizerOptions = {
 *   type: 'sgd',
 *   momentum: 0.9,
 *   weightDecay: 5e-4,
 *   clipNorm: 1, // torch.nn.utils.clip_grad_norm_(params, 1)
 *   weightDecayFilter: 'exclude1d', // no decay on biases
 *   paramGroups: [{ params: ['dense0.*', 'dense1.*'], lrMultiplier: 0.1 }], // the body at lr / 10
 * };
 */
export interface OptimizerControls {
  /**
   * Clip gradients by their global L2 norm first, as `torch.nn.utils.clip_grad_norm_(params,
   * clipNorm)`: norm = sqrt(sum over all trainable parameters of sum(g^2)),
   * coef = min(1, clipNorm / (norm + 1e-6)), every g = coef * g. Default: no clipping.
   */
  readonly clipNorm?: number;
  /**
   * Which parameters weight decay applies to: `'all'` (PyTorch's default) or `'exclude1d'`, no
   * decay on 1-D parameters (biases, norm scales and shifts), as timm's
   * `param_groups_weight_decay` / `filter_bias_and_bn` (optax: a decay `mask`). A group's own
   * `weightDecay` takes precedence. Default `'all'`.
   */
  readonly weightDecayFilter?: 'all' | 'exclude1d';
  /** Parameter groups with their own lr multiplier and weight decay; unmatched parameters use the defaults. Default: none. */
  readonly paramGroups?: readonly ParamGroup[];
}

/** How one parameter's update differs from the optimizer's defaults (from groups and the decay filter). */
export interface ParamUpdateSettings {
  /** Its lr = schedule lr x this. */
  readonly lrMultiplier: number;
  /** Its fixed weight decay; `undefined`: the optimizer's own (fixed or scheduled). */
  readonly weightDecay: number | undefined;
}

/** A parameter that no group or filter changes. */
export const DEFAULT_UPDATE_SETTINGS: ParamUpdateSettings = {
  lrMultiplier: 1,
  weightDecay: undefined,
};

/**
 * SGD as PyTorch's `torch.optim.SGD` (dampening 0), per parameter p with gradient g:
 * g' = g + weightDecay * p; v = momentum * v + g';
 * d = nesterov ? g' + momentum * v : v; p = p - learning_rate * d.
 * With momentum 0 this is plain SGD (the velocity is still carried, and unused).
 */
export interface SgdOptions extends OptimizerControls {
  readonly type: 'sgd';
  /** Momentum used when the schedule has no momentum schedule. Default 0. */
  readonly momentum?: number;
  /** Nesterov momentum. Default false. */
  readonly nesterov?: boolean;
  /** L2 penalty added to the gradient. Default 0. */
  readonly weightDecay?: number;
}

/**
 * Adam / AdamW as PyTorch's `torch.optim.Adam` / `AdamW`, with t = the 1-based update count:
 * m = beta1 * m + (1 - beta1) g; v = beta2 * v + (1 - beta2) g^2;
 * p = p - learning_rate * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon).
 * Adam adds weightDecay * p to g; AdamW first scales p by (1 - learning_rate * weightDecay).
 * beta1 is a graph input, so a schedule's momentum cycle (1cycle, CLR) drives it.
 */
export interface AdamOptions extends OptimizerControls {
  readonly type: 'adam' | 'adamw';
  /** beta1 used when the schedule has no momentum schedule. Default 0.9. */
  readonly beta1?: number;
  /** Default 0.999. */
  readonly beta2?: number;
  /** Default 1e-8. */
  readonly epsilon?: number;
  /** Default 0 for Adam, 0.01 for AdamW (PyTorch's defaults). */
  readonly weightDecay?: number;
}

/** Optimizer options of {@link OnnxTrainer.create}. */
export type OptimizerOptions = SgdOptions | AdamOptions;

/** The hyper-parameter inputs a train-step graph reads each step (all float32, shape [1]). */
export interface HyperParameters {
  readonly learningRate: number;
  /** SGD momentum, or Adam beta1. */
  readonly momentum: number;
  /** Weight decay, when scheduled (then a graph input `weight_decay`). */
  readonly weightDecay?: number;
  /** Adam beta2, when scheduled (then a graph input `beta2`). */
  readonly beta2?: number;
}

/** Hyper-parameters besides lr and momentum that a schedule may drive, by optimizer type. */
export const SCHEDULABLE: Readonly<
  Record<'sgd' | 'adam' | 'adamw', readonly ('weightDecay' | 'beta2')[]>
> = { sgd: ['weightDecay'], adam: ['weightDecay', 'beta2'], adamw: ['weightDecay', 'beta2'] };

/** Which of {@link SCHEDULABLE} are scheduled: those become scalar graph inputs. */
export type ScheduledInputs = ReadonlySet<'weightDecay' | 'beta2'>;

/** What an optimizer adds to a train-step graph. */
export interface OptimizerGraph {
  /** Scalar inputs, in the order the trainer feeds them. */
  readonly inputs: readonly ValueInfo[];
  /** State tensor names per parameter (same shape as it, zero-initialised). */
  stateNames(param: string): string[];
  /**
   * Emits the update of one parameter; returns the new param and state value names. `settings`
   * (default {@link DEFAULT_UPDATE_SETTINGS}) is its group's lr multiplier and weight decay.
   */
  update(
    param: string,
    grad: string,
    emit: NodeEmitter,
    settings?: ParamUpdateSettings,
  ): { param: string; states: string[] };
  /** The per-parameter controls the train-step graph applies (clipping, groups, decay filter). */
  readonly controls?: OptimizerControls;
  /**
   * Writes the scalar inputs' values at one step into `into` (one Float32Array(1) per input
   * name, allocated once by the trainer and reused every step).
   */
  writeFeeds(
    hyper: HyperParameters,
    step: number,
    into: Readonly<Record<string, Float32Array>>,
  ): void;
  /** The momentum/beta1 used when the schedule has none. */
  readonly defaultMomentum: number;
}

/** Name of the updated value of a parameter or state in a train-step graph's outputs. */
export function nextName(name: string): string {
  return `${name}.next`;
}

/** Throws `<optimizer>: expected <name> to be <what>, got <value>` unless `ok`. */
export function checkHyperParameter(
  optimizer: string,
  name: string,
  value: number,
  ok: boolean,
  what: string,
): void {
  if (!ok) throw new RangeError(`${optimizer}: expected ${name} to be ${what}, got ${value}`);
}

/** A float32 `[1]` graph input the trainer feeds every step (a hyper-parameter). */
export function scalarInput(name: string): ValueInfo {
  return { name, dtype: 'float32', shape: [1] };
}
