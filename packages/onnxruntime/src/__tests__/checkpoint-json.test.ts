// The checkpoint's JSON metadata keeps what JSON cannot spell: NaN and infinite attribute floats.

import { expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/checkpoint.js';
import { dense, sequential } from '../index.js';

it('non-finite attribute floats survive a save and load', () => {
  const f = sequential({ inputShape: [4], layers: [dense(2)] }).build(0);
  const forward = {
    ...f,
    nodes: f.nodes.map((n) => ({
      ...n,
      attributes: {
        ...n.attributes,
        x: { f: Number.NEGATIVE_INFINITY },
        y: { floats: [Number.NaN, 1] },
      },
    })),
  };
  const c = decodeCheckpoint(
    encodeCheckpoint({
      forward,
      optimizer: { type: 'sgd' },
      schedule: null,
      seed: 0,
      restoreOnNonFiniteLoss: false,
      state: { globalStep: 0, params: {}, optimizerState: {} },
    }),
  );
  expect(c.forward.nodes[0]?.attributes?.x).toEqual({ f: Number.NEGATIVE_INFINITY });
  expect(c.forward.nodes[0]?.attributes?.y).toEqual({ floats: [Number.NaN, 1] });
});
