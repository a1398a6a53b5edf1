import type { RangeTestTrainer } from '@cyclr/core/trainer';
import type { Dataset } from './fashion.js';
import { gaussian, mulberry32 } from './random.js';

/** Options of {@link mlpTrainer}. */
export interface MlpOptions {
  readonly train: Dataset;
  /** Evaluated by `evaluate()` (accuracy). */
  readonly test?: Dataset;
  /** Hidden units (ReLU); 0 makes it softmax regression. Default 32. */
  readonly hidden?: number;
  readonly batchSize?: number;
  /** SGD momentum (heavy ball, PyTorch convention). Default 0.9. */
  readonly momentum?: number;
  /** Seed of the initial weights. Default 0. */
  readonly initSeed?: number;
  /** Seed of the batch order: the run-to-run noise of a range test. Default 1. */
  readonly dataSeed?: number;
}

/** A range-test trainer that also trains for real (for the benches). */
export interface MlpTrainer extends RangeTestTrainer {
  readonly params: Float64Array;
  /** One update; `momentum` overrides the constructor's for this step (1cycle cycles it). */
  step(lr: number, momentum?: number): number;
  /** Accuracy on `test`. */
  evaluate(): number;
}

/**
 * A 1-hidden-layer MLP (or softmax regression) in plain TypeScript, trained by minibatch SGD
 * with momentum on a cross-entropy loss: small enough to run range tests by the dozen.
 * v <- momentum v + g,  w <- w - lr v  (PyTorch's SGD). The snapshot holds the weights, the
 * velocity and the data cursor, so restore() replays the same batches.
 */
export function mlpTrainer(options: MlpOptions): MlpTrainer {
  const { train, test, hidden = 32, batchSize = 64, momentum = 0.9 } = options;
  const inputs = train.features;
  const classes = 10;
  const layers =
    hidden > 0
      ? [
          { from: inputs, to: hidden },
          { from: hidden, to: classes },
        ]
      : [{ from: inputs, to: classes }];
  const offsets: { w: number; b: number; from: number; to: number }[] = [];
  let size = 0;
  for (const layer of layers) {
    offsets.push({ w: size, b: size + layer.from * layer.to, ...layer });
    size += layer.from * layer.to + layer.to;
  }
  const params = new Float64Array(size);
  const velocity = new Float64Array(size);
  const grads = new Float64Array(size);
  const normal = gaussian(mulberry32(options.initSeed ?? 0));
  for (const o of offsets) {
    const scale = Math.sqrt(2 / o.from); // He initialisation
    for (let k = 0; k < o.from * o.to; k++) params[o.w + k] = normal() * scale;
  }
  const order = Uint32Array.from({ length: train.count }, (_, i) => i);
  const shuffleRandom = mulberry32(options.dataSeed ?? 1);
  const shuffle = () => {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(shuffleRandom() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
  };
  shuffle();
  let cursor = 0;

  // Activations per layer for one example: a[0] = input, a[l + 1] = output of layer l.
  const activations = [inputs, ...layers.map((l) => l.to)].map((n) => new Float64Array(n));
  const deltas = layers.map((l) => new Float64Array(l.to));

  const forward = (x: Float64Array, row: number): Float64Array => {
    const a0 = activations[0] as Float64Array;
    for (let k = 0; k < inputs; k++) a0[k] = x[row * inputs + k] as number;
    offsets.forEach((o, l) => {
      const input = activations[l] as Float64Array;
      const output = activations[l + 1] as Float64Array;
      for (let j = 0; j < o.to; j++) {
        let sum = params[o.b + j] as number;
        for (let i = 0; i < o.from; i++)
          sum += (input[i] as number) * (params[o.w + i * o.to + j] as number);
        output[j] = l < offsets.length - 1 ? Math.max(0, sum) : sum;
      }
    });
    return activations[offsets.length] as Float64Array;
  };

  const softmax = (logits: Float64Array, out: Float64Array) => {
    let max = Number.NEGATIVE_INFINITY;
    for (const v of logits) max = Math.max(max, v);
    let sum = 0;
    for (let j = 0; j < logits.length; j++) {
      out[j] = Math.exp((logits[j] as number) - max);
      sum += out[j] as number;
    }
    for (let j = 0; j < logits.length; j++) out[j] = (out[j] as number) / sum;
  };
  const probabilities = new Float64Array(classes);

  return {
    params,
    step(lr, stepMomentum = momentum) {
      grads.fill(0);
      let loss = 0;
      for (let b = 0; b < batchSize; b++) {
        if (cursor === order.length) {
          shuffle();
          cursor = 0;
        }
        const row = order[cursor++] as number;
        const label = train.y[row] as number;
        softmax(forward(train.x, row), probabilities);
        loss -= Math.log(Math.max(probabilities[label] as number, 1e-300));
        const last = deltas[offsets.length - 1] as Float64Array;
        for (let j = 0; j < classes; j++) {
          last[j] = ((probabilities[j] as number) - (j === label ? 1 : 0)) / batchSize;
        }
        for (let l = offsets.length - 1; l >= 0; l--) {
          const o = offsets[l] as (typeof offsets)[number];
          const delta = deltas[l] as Float64Array;
          const input = activations[l] as Float64Array;
          const below = l > 0 ? (deltas[l - 1] as Float64Array) : undefined;
          if (below) below.fill(0);
          for (let j = 0; j < o.to; j++)
            grads[o.b + j] = (grads[o.b + j] as number) + (delta[j] as number);
          for (let i = 0; i < o.from; i++) {
            const ai = input[i] as number;
            let back = 0;
            for (let j = 0; j < o.to; j++) {
              const at = o.w + i * o.to + j;
              grads[at] = (grads[at] as number) + ai * (delta[j] as number);
              back += (params[at] as number) * (delta[j] as number);
            }
            if (below) below[i] = ai > 0 ? back : 0;
          }
        }
      }
      for (let k = 0; k < size; k++) {
        velocity[k] = stepMomentum * (velocity[k] as number) + (grads[k] as number);
        params[k] = (params[k] as number) - lr * (velocity[k] as number);
      }
      return loss / batchSize;
    },
    snapshot: () => ({
      params: Float64Array.from(params),
      velocity: Float64Array.from(velocity),
      order: Uint32Array.from(order),
      cursor,
    }),
    restore(state) {
      const s = state as {
        params: Float64Array;
        velocity: Float64Array;
        order: Uint32Array;
        cursor: number;
      };
      params.set(s.params);
      velocity.set(s.velocity);
      order.set(s.order);
      cursor = s.cursor;
    },
    evaluate() {
      if (!test) throw new Error('mlpTrainer: no test set');
      let correct = 0;
      for (let n = 0; n < test.count; n++) {
        const logits = forward(test.x, n);
        let best = 0;
        for (let j = 1; j < classes; j++)
          if ((logits[j] as number) > (logits[best] as number)) best = j;
        if (best === test.y[n]) correct++;
      }
      return correct / test.count;
    },
  };
}
