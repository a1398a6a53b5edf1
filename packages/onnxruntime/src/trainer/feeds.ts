import { Tensor } from 'onnxruntime-node';

/** Rows of a batch, checked against the labels and the example shape. */
export function batchRows(
  fn: string,
  inputs: unknown,
  labels: unknown,
  featureShape: readonly number[],
): number {
  if (!(inputs instanceof Float32Array)) {
    throw new TypeError(`${fn}: expected inputs to be a Float32Array, got ${describe(inputs)}`);
  }
  if (
    !(
      labels instanceof Int32Array ||
      labels instanceof Uint8Array ||
      labels instanceof BigInt64Array
    )
  ) {
    throw new TypeError(
      `${fn}: expected labels to be an Int32Array, Uint8Array or BigInt64Array, got ${describe(labels)}`,
    );
  }
  const rows = labels.length;
  if (rows === 0) throw new RangeError(`${fn}: expected at least one row, got empty labels`);
  const features = featureShape.reduce((a, b) => a * b, 1);
  if (inputs.length !== rows * features) {
    throw new RangeError(
      `${fn}: expected inputs to have labels.length x ${features} = ${rows * features} values (${rows} rows of [${featureShape}]), got ${inputs.length}`,
    );
  }
  return rows;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return (value as object).constructor?.name ?? typeof value;
}

/** Labels as an int64 tensor, each checked to be a class index in [0, classes). */
export function labelTensor(
  fn: string,
  labels: Int32Array | Uint8Array | BigInt64Array,
  classes: number,
): Tensor {
  const out = new BigInt64Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = Number(labels[i]);
    if (!(v >= 0 && v < classes)) {
      throw new RangeError(
        `${fn}: expected labels[${i}] to be a class index in [0, ${classes}), got ${v}`,
      );
    }
    out[i] = BigInt(v);
  }
  return new Tensor('int64', out, [labels.length]);
}

/** Index of the largest value in each row. */
export function argmaxRows(values: Float32Array, rows: number, columns: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < columns; c++) {
      const v = values[r * columns + c] as number;
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    out[r] = best;
  }
  return out;
}
