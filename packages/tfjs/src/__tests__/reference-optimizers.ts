/**
 * Each tfjs 4.22 optimizer's update written out in float64 TypeScript, transcribed from
 * `@tensorflow/tfjs-core/src/optimizers/*_optimizer.ts` (including its quirks: Adam and Adamax
 * correct the bias with a running product `accBeta1` that starts at the constructor's beta1;
 * Adadelta scales by the accumulated gradient from *before* this step). Tests compare the
 * weights tfjs produced against these, given the lr / momentum the schedule said.
 */
import type { OptimizerKind } from '../optimizers.js';

export interface Hyper {
  lr: number;
  /** Momentum (Momentum, RMSProp) or beta1 (Adam, Adamax) for this step. */
  momentum: number;
}

export interface ReferenceConfig {
  beta1: number;
  beta2: number;
  epsilon: number;
  rho: number;
  decay: number;
  initialAccumulatorValue: number;
}

/** Per-variable optimizer state, created on the first update as tfjs does. */
type Slots = Float64Array[];

export class ReferenceOptimizer {
  private readonly slots = new Map<number, Slots>();
  private accBeta1: number;
  private accBeta2: number;
  private iteration = 0;

  constructor(
    readonly kind: OptimizerKind,
    private readonly config: ReferenceConfig,
  ) {
    this.accBeta1 = config.beta1;
    this.accBeta2 = config.beta2;
  }

  /** New values of every variable after one update with gradients `grads`. */
  step(weights: Float64Array[], grads: Float64Array[], hyper: Hyper): Float64Array[] {
    const out = weights.map((w, i) => this.update(i, w, grads[i] as Float64Array, hyper));
    if (this.kind === 'adam' || this.kind === 'adamax') this.accBeta1 *= hyper.momentum;
    if (this.kind === 'adam') this.accBeta2 *= this.config.beta2;
    this.iteration++;
    return out;
  }

  private slotsFor(i: number, n: number, count: number, init = 0): Slots {
    let s = this.slots.get(i);
    if (!s) {
      s = Array.from({ length: count }, () => new Float64Array(n).fill(init));
      this.slots.set(i, s);
    }
    return s;
  }

  private update(i: number, w: Float64Array, g: Float64Array, { lr, momentum }: Hyper) {
    const { beta2, epsilon, rho, decay } = this.config;
    const n = w.length;
    const next = new Float64Array(n);
    switch (this.kind) {
      case 'sgd':
        for (let k = 0; k < n; k++) next[k] = at(w, k) - lr * at(g, k);
        break;
      case 'momentum': {
        const [acc] = this.slotsFor(i, n, 1) as [Float64Array];
        for (let k = 0; k < n; k++) {
          acc[k] = momentum * at(acc, k) + at(g, k);
          next[k] = at(w, k) - lr * at(acc, k);
        }
        break;
      }
      case 'adam': {
        const [m, v] = this.slotsFor(i, n, 2) as [Float64Array, Float64Array];
        for (let k = 0; k < n; k++) {
          m[k] = momentum * at(m, k) + (1 - momentum) * at(g, k);
          v[k] = beta2 * at(v, k) + (1 - beta2) * at(g, k) ** 2;
          const mHat = at(m, k) / (1 - this.accBeta1);
          const vHat = at(v, k) / (1 - this.accBeta2);
          next[k] = at(w, k) - (lr * mHat) / (Math.sqrt(vHat) + epsilon);
        }
        break;
      }
      case 'adamax': {
        const [m, u] = this.slotsFor(i, n, 2) as [Float64Array, Float64Array];
        const rate = lr / (this.iteration * decay + 1);
        for (let k = 0; k < n; k++) {
          m[k] = momentum * at(m, k) + (1 - momentum) * at(g, k);
          u[k] = Math.max(beta2 * at(u, k), Math.abs(at(g, k)));
          next[k] = at(w, k) - (rate / (1 - this.accBeta1)) * (at(m, k) / (at(u, k) + epsilon));
        }
        break;
      }
      case 'rmsprop': {
        const [ms, mom] = this.slotsFor(i, n, 2) as [Float64Array, Float64Array];
        for (let k = 0; k < n; k++) {
          ms[k] = decay * at(ms, k) + (1 - decay) * at(g, k) ** 2;
          mom[k] = momentum * at(mom, k) + (lr * at(g, k)) / Math.sqrt(at(ms, k) + epsilon);
          next[k] = at(w, k) - at(mom, k);
        }
        break;
      }
      case 'adagrad': {
        const [acc] = this.slotsFor(i, n, 1, this.config.initialAccumulatorValue) as [Float64Array];
        for (let k = 0; k < n; k++) {
          acc[k] = at(acc, k) + at(g, k) ** 2;
          next[k] = at(w, k) - (lr * at(g, k)) / Math.sqrt(at(acc, k) + epsilon);
        }
        break;
      }
      case 'adadelta': {
        const [accG, accU] = this.slotsFor(i, n, 2) as [Float64Array, Float64Array];
        for (let k = 0; k < n; k++) {
          const update =
            (Math.sqrt(at(accU, k) + epsilon) / Math.sqrt(at(accG, k) + epsilon)) * at(g, k);
          accG[k] = rho * at(accG, k) + (1 - rho) * at(g, k) ** 2;
          accU[k] = rho * at(accU, k) + (1 - rho) * update ** 2;
          next[k] = at(w, k) - lr * update;
        }
        break;
      }
    }
    return next;
  }
}

/** Element k of a typed array; the loops stay in bounds. */
function at(values: Float64Array, k: number): number {
  return values[k] as number;
}
