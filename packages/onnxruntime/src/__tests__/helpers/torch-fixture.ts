import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ForwardGraph } from '../../graph/types.js';
import { dense, relu, sequential } from '../../index.js';

/** torch-mlp.json, written by fixtures/make_torch_fixture.py (PyTorch 1.13, float64). */
export interface TorchFixture {
  shape: { inputs: number; hidden: number; classes: number; batch: number };
  params: Record<string, number[]>;
  batches: { inputs: number[]; labels: number[] }[];
  loss: number;
  grads: Record<string, number[]>;
  trajectories: {
    optimizer: 'sgd' | 'adam' | 'adamw';
    options: {
      momentum?: number;
      nesterov?: boolean;
      weight_decay: number;
      betas?: number[];
      eps?: number;
    };
    lrs: number[];
    momenta: number[];
    steps: { loss: number; params: Record<string, number[]> }[];
  }[];
}

export const torchFixture: TorchFixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/torch-mlp.json'), 'utf8'),
);

/** The fixture's MLP as a forward graph holding PyTorch's initial weights. */
export function torchModel(): ForwardGraph {
  const { inputs, hidden, classes } = torchFixture.shape;
  const built = sequential({
    inputShape: [inputs],
    layers: [dense(hidden), relu(), dense(classes)],
  }).build(0);
  return {
    ...built,
    params: built.params.map((p) => ({
      ...p,
      data: Float32Array.from(torchFixture.params[p.name] ?? []),
    })),
  };
}
