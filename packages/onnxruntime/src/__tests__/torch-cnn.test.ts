// A CNN's loss and gradients vs PyTorch autograd (fixtures/torch-cnn.json, float64 in PyTorch).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { avgPool2d, conv2d, dense, flatten, maxPool2d, relu, sequential, tanh } from '../index.js';
import { maxRelativeError, ortGradients } from './helpers/run-gradients.js';

const fixture: {
  inputs: number[];
  labels: number[];
  params: Record<string, number[]>;
  loss: number;
  grads: Record<string, number[]>;
} = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/torch-cnn.json'), 'utf8'));

describe('CNN vs PyTorch', () => {
  it('loss and gradients of conv, relu, maxpool, tanh, avgpool, flatten, dense match torch autograd', async () => {
    const built = sequential({
      inputShape: [1, 10, 10],
      layers: [
        conv2d(3, { kernelSize: 3, padding: 1 }),
        relu(),
        maxPool2d(),
        conv2d(4, { kernelSize: 3, strides: 2 }),
        tanh(),
        avgPool2d(),
        flatten(),
        dense(5),
      ],
    }).build(0);
    const model = {
      ...built,
      params: built.params.map((p) => ({
        ...p,
        data: Float32Array.from(fixture.params[p.name] ?? []),
      })),
    };
    expect(model.params.map((p) => p.name).sort()).toEqual(Object.keys(fixture.grads).sort());
    const { loss, grads } = await ortGradients(
      model,
      Float32Array.from(fixture.inputs),
      [4, 1, 10, 10],
      fixture.labels,
    );
    expect(loss).toBeCloseTo(fixture.loss, 5);
    for (const [name, expected] of Object.entries(fixture.grads)) {
      expect(maxRelativeError(grads[name] as Float32Array, expected), name).toBeLessThan(1e-5);
    }
  });
});
