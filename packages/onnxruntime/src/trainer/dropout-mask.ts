import type { Tensor, TensorConstructor } from 'onnxruntime-common';
import { dimSize } from '../graph/symbolic-dims.js';
import { seededRandom } from '../init/prng.js';

/**
 * A dropout mask for one step: each value is kept with probability 1 - rate and scaled by
 * 1 / (1 - rate), else 0. Drawn from a PRNG seeded with `seeds` (trainer seed, global step,
 * dropout index), so a step's mask is the same after a restore.
 */
export function dropoutMask(
  shape: readonly (number | string)[],
  rate: number,
  rows: number,
  seeds: readonly number[],
  Tensor: TensorConstructor,
): Tensor {
  // Attention-weight dropout is [batch * heads, seq, seq]: symbolic multiples scale with rows.
  const dims = shape.map((d) => dimSize(d, rows));
  const size = dims.reduce((a, b) => a * b, 1);
  const random = seededRandom(...seeds);
  const keep = 1 - rate;
  const scale = keep > 0 ? 1 / keep : 0;
  const mask = new Float32Array(size);
  for (let i = 0; i < size; i++) mask[i] = random() < keep ? scale : 0;
  return new Tensor('float32', mask, dims);
}
