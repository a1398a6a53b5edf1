// The step reuses its label buffer (labels written as int32 halves, no BigInt per label) and
// its feed record: batches of changing size and every label array type train identically.

import { describe, expect, it } from 'vitest';
import { batchOf, fashion } from './helpers/fashion.js';
import { mlpTrainer } from './helpers/mlp.js';

const train = fashion('train');
const sizes = [16, 8, 8, 16, 5];

async function run(convert: (labels: Uint8Array) => Uint8Array | Int32Array | BigInt64Array) {
  const trainer = await mlpTrainer({ optimizer: { type: 'adam' } });
  const losses: number[] = [];
  let start = 0;
  for (const size of sizes) {
    const b = batchOf(train, start, size);
    losses.push(await trainer.step(b.inputs, convert(b.labels)));
    start += size;
  }
  const params = trainer.parameters();
  await trainer.release();
  return { losses, params };
}

describe('lean step', () => {
  it('Uint8Array, Int32Array and BigInt64Array labels, batch sizes changing, give the same run', async () => {
    const bigint = await run((l) => BigInt64Array.from(l, (v) => BigInt(v)));
    for (const other of [await run((l) => l), await run((l) => Int32Array.from(l))]) {
      expect(other.losses).toEqual(bigint.losses);
      for (const [name, values] of Object.entries(bigint.params)) {
        expect(Buffer.from((other.params[name] as Float32Array).buffer)).toEqual(
          Buffer.from(values.buffer),
        );
      }
    }
  });
});
