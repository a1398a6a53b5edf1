// Reads fixtures/torch-exports/<name>.{onnx,json} (make_torch_export_fixtures.py) and rebuilds
// the model inputs of their batches bit for bit from the committed Fashion-MNIST slice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fashion } from './fashion.js';

const dir = join(import.meta.dirname, '../fixtures/torch-exports');

/** How the generator turned 28x28 pixels into the model input (see its docstring). */
export type InputSpec =
  | { readonly kind: 'image'; readonly stride: number } // float [batch, 1, h, w]
  | { readonly kind: 'sequence'; readonly stride: number } // float [batch, h (seq), w (dim)]
  | { readonly kind: 'tokens'; readonly stride: number }; // int64 [batch, h*w], pixel // 16

export interface TorchExport {
  readonly name: string;
  readonly opset: number;
  readonly ops: readonly string[];
  readonly input: InputSpec;
  readonly optimizer: {
    readonly type: 'sgd';
    readonly lr: number;
    readonly momentum: number;
    readonly weightDecay: number;
  };
  /** Dropout: PyTorch's masks were random, so losses and final parameters are not comparable. */
  readonly randomMasks: boolean;
  /** Rows of the training slice of each step. */
  readonly batches: readonly (readonly number[])[];
  /** PyTorch's loss of each step (float64, before the update). */
  readonly losses: readonly number[];
  /** Parameters after the last step (empty for random masks). */
  readonly params: Readonly<Record<string, readonly number[]>>;
  /** BatchNorm running_mean / running_var after the last step. */
  readonly runningStats: Readonly<Record<string, readonly number[]>>;
  readonly heldOut: {
    readonly rows: readonly number[];
    readonly labels: readonly number[];
    /** Eval-mode logits of the exported weights (before training), [rows, 10]. */
    readonly initialLogits: readonly number[];
    /** Eval-mode logits after training, [rows, 10]. */
    readonly logits: readonly number[];
    /** Dropout only: held-out loss after training from the same weights with 20 other mask seeds. */
    readonly lossSpread?: { readonly seeds: number; readonly mean: number; readonly sd: number };
  };
}

export function torchExport(name: string): { fixture: TorchExport; bytes: Uint8Array } {
  return {
    fixture: JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')),
    bytes: new Uint8Array(readFileSync(join(dir, `${name}.onnx`))),
  };
}

const SIDE = 28;
const splits = { train: fashion('train'), test: fashion('test') };

/** The model input of `rows` and its shape: Float32Array, or BigInt64Array for tokens. */
export function inputsOf(
  spec: InputSpec,
  split: 'train' | 'test',
  rows: readonly number[],
): { data: Float32Array | BigInt64Array; dims: number[]; labels: Uint8Array } {
  const source = splits[split];
  const side = Math.ceil(SIDE / spec.stride);
  const values: number[] = [];
  for (const row of rows) {
    for (let y = 0; y < SIDE; y += spec.stride) {
      for (let x = 0; x < SIDE; x += spec.stride) {
        values.push(source.inputs[row * SIDE * SIDE + y * SIDE + x] as number);
      }
    }
  }
  const labels = Uint8Array.from(rows, (row) => source.labels[row] as number);
  if (spec.kind === 'tokens') {
    // fashion() holds float32(v / 255); v is recovered exactly by rounding.
    const tokens = BigInt64Array.from(values, (v) => BigInt(Math.floor(Math.round(v * 255) / 16)));
    return { data: tokens, dims: [rows.length, side * side], labels };
  }
  const dims = spec.kind === 'image' ? [rows.length, 1, side, side] : [rows.length, side, side];
  return { data: Float32Array.from(values), dims, labels };
}

/** max |a - b| / max |b|: error relative to the tensor's scale (elementwise relative error explodes near 0). */
export function relativeToScale(actual: ArrayLike<number>, expected: readonly number[]): number {
  if (actual.length !== expected.length) {
    throw new RangeError(`relativeToScale: lengths ${actual.length} and ${expected.length} differ`);
  }
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] as number) - (expected[i] as number)));
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  return diff / (scale || 1);
}
