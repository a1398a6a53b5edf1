import type { RangeTestTrainer } from '@cyclr/core/trainer';
import { gaussian, mulberry32 } from './random.js';

/** Options of {@link quadraticTrainer}. */
export interface QuadraticOptions {
  /** Largest curvature L: gradient descent diverges for lr > 2 / L. */
  readonly curvature: number;
  /** Number of parameters; curvatures spread log-uniformly over [L / spread, L]. Default 10. */
  readonly dimensions?: number;
  /** Ratio of the largest to the smallest curvature. Default 100. */
  readonly spread?: number;
  /** Std of the minibatch-like gradient noise, relative to the initial gradient. Default 0. */
  readonly noise?: number;
  /** Seed of the noise. Default 1. */
  readonly seed?: number;
}

/** A range-test trainer on f(w) = 1/2 sum_k c_k w_k^2 with plain gradient descent. */
export interface QuadraticTrainer extends RangeTestTrainer {
  /** The live weights (tests compare them before and after a range test). */
  readonly weights: Float64Array;
  /** Steps taken so far (not restored: it counts calls). */
  readonly calls: number;
  /** Make the n-th call to step (0-based) throw. */
  failAt: number | undefined;
}

/**
 * Gradient descent on a quadratic with known curvature: w <- w - lr (c * w + noise), loss
 * f(w) before the update (as a training step reports it). Along the top direction the error
 * is multiplied by |1 - lr L| per step, so GD diverges exactly for lr > 2 / L.
 */
export function quadraticTrainer(options: QuadraticOptions): QuadraticTrainer {
  const { curvature, dimensions = 10, spread = 100, noise = 0, seed = 1 } = options;
  const curvatures = Float64Array.from({ length: dimensions }, (_, k) =>
    dimensions === 1 ? curvature : curvature * spread ** (-k / (dimensions - 1)),
  );
  const weights = new Float64Array(dimensions).fill(1);
  const normal = gaussian(mulberry32(seed));
  const initialGradient = Math.sqrt(curvatures.reduce((sum, c) => sum + c * c, 0));
  const noiseScale = (noise * initialGradient) / Math.sqrt(dimensions);
  let calls = 0;
  const trainer: QuadraticTrainer = {
    weights,
    get calls() {
      return calls;
    },
    failAt: undefined,
    step(lr) {
      if (calls++ === trainer.failAt) throw new Error('step failed');
      let loss = 0;
      for (let k = 0; k < dimensions; k++) {
        const c = curvatures[k] as number;
        const w = weights[k] as number;
        loss += 0.5 * c * w * w;
        weights[k] = w - lr * (c * w + noiseScale * normal());
      }
      return loss;
    },
    snapshot: () => Float64Array.from(weights),
    restore(state) {
      weights.set(state as Float64Array);
    },
  };
  return trainer;
}
