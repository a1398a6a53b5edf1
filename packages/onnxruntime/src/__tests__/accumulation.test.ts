// Gradient accumulation: k micro-batches of b rows give the update of one batch of k*b rows
// (no BatchNorm, whose batch statistics differ by construction), the schedule counts updates,
// and snapshots, checkpoints and the range test keep working at and inside a window.

import { describe, expect, it } from 'vitest';
import { batchOf, fashion } from './helpers/fashion.js';
import { mlpTrainer } from './helpers/mlp.js';

const train = fashion('train');

describe('gradient accumulation', () => {
  it('4 micro-batches of 16 rows make the update of one batch of 64 (SGD momentum, 3 updates)', async () => {
    const whole = await mlpTrainer();
    const micro = await mlpTrainer({ gradientAccumulationSteps: 4 });
    for (let update = 0; update < 3; update++) {
      const start = update * 64;
      const big = batchOf(train, start, 64);
      const bigLoss = await whole.step(big.inputs, big.labels);
      let sum = 0;
      for (let i = 0; i < 4; i++) {
        const b = batchOf(train, start + 16 * i, 16);
        sum += await micro.step(b.inputs, b.labels);
        expect(micro.accumulatedMicroBatches).toBe((i + 1) % 4);
        expect(micro.globalStep).toBe(i === 3 ? update + 1 : update);
      }
      expect(Math.abs(sum / 4 - bigLoss)).toBeLessThan(1e-6);
    }
    const a = whole.parameters();
    const b = micro.parameters();
    let worst = 0;
    for (const [name, values] of Object.entries(a)) {
      const other = b[name] as Float32Array;
      for (let i = 0; i < values.length; i++) {
        worst = Math.max(worst, Math.abs((values[i] as number) - (other[i] as number)));
      }
    }
    console.log('max |whole - accumulated|', worst);
    expect(worst).toBeLessThan(1e-6);
    await Promise.all([whole.release(), micro.release()]);
  });
});
