import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ForwardGraph } from '../../graph/types.js';
import { dense, type LossOptions, relu, sequential } from '../../index.js';
import { fashion } from './fashion.js';

/** torch-losses.json, written by fixtures/make_torch_loss_fixture.py (PyTorch 1.13, float32). */
export interface LossFixture {
  steps: number;
  batch: number;
  hidden: number;
  momentum: number;
  lrs: number[];
  footwear: number[];
  regression: {
    features: number;
    outputs: number;
    trainInputs: string;
    trainTargets: string;
    testInputs: string;
    testTargets: string;
  };
  runs: {
    loss: LossOptions;
    data: 'fashion' | 'fashion-multi-label' | 'regression';
    inputs: number;
    outputs: number;
    initial: Record<string, string>;
    firstGradients: Record<string, string>;
    losses: number[];
    final: Record<string, string>;
    heldOut: { loss: number; accuracy?: number };
    float64DriftFromFloat32: number;
  }[];
}

export const lossFixture: LossFixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/torch-losses.json'), 'utf8'),
);

/** Little-endian float32 values from the fixture's base64. */
export function float32(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

type Run = LossFixture['runs'][number];

/** The run's MLP (inputs-16-outputs) holding torch's initial weights. */
export function initialModel(run: Run): ForwardGraph {
  const built = sequential({
    inputShape: [run.inputs],
    layers: [dense(lossFixture.hidden), relu(), dense(run.outputs)],
  }).build(0);
  return {
    ...built,
    params: built.params.map((p) => ({ ...p, data: float32(run.initial[p.name] ?? '') })),
  };
}

/**
 * The generator's multi-label targets, derived the same way: one-hot of the class (10 values)
 * and "is footwear" (sandal, sneaker, ankle boot), 11 per image.
 */
export function multiLabelTargets(labels: Uint8Array): Float32Array {
  const width = 11;
  const out = new Float32Array(labels.length * width);
  labels.forEach((label, row) => {
    out[row * width + label] = 1;
    if (lossFixture.footwear.includes(label)) out[row * width + 10] = 1;
  });
  return out;
}

/** A run's data set: inputs, labels (class indices or float targets) and the row count. */
export interface LossData {
  readonly inputs: Float32Array;
  readonly labels: Uint8Array | Float32Array;
  readonly rows: number;
  readonly width: number;
}

export function lossData(run: Run, split: 'train' | 'test'): LossData {
  if (run.data === 'regression') {
    const r = lossFixture.regression;
    const inputs = float32(split === 'train' ? r.trainInputs : r.testInputs);
    const targets = float32(split === 'train' ? r.trainTargets : r.testTargets);
    return { inputs, labels: targets, rows: inputs.length / r.features, width: r.outputs };
  }
  const images = fashion(split);
  if (run.data === 'fashion') return { ...images, width: 1 };
  return {
    inputs: images.inputs,
    labels: multiLabelTargets(images.labels),
    rows: images.rows,
    width: 11,
  };
}

/** Rows [start, start + size) of a data set. */
export function rowsOf(data: LossData, start: number, size: number) {
  const features = data.inputs.length / data.rows;
  return {
    inputs: data.inputs.subarray(start * features, (start + size) * features),
    labels: data.labels.subarray(start * data.width, (start + size) * data.width),
  };
}
