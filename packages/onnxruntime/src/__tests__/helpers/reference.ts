// A float64 reference interpreter of the forward ops, written directly from the ONNX spec,
// used only by tests: finite differences of its loss are the gradients' ground truth.
import type { ForwardGraph, GraphNode } from '../../graph/types.js';
import { floatAttr, intAttr, intsAttr } from '../../graph/types.js';
import { referenceOp } from './reference-ops.js';

export interface T64 {
  shape: number[];
  data: Float64Array;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function strides(shape: readonly number[]): number[] {
  const out = new Array(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1] * (shape[i + 1] as number);
  return out;
}

function broadcastOp(a: T64, b: T64, f: (x: number, y: number) => number): T64 {
  const rank = Math.max(a.shape.length, b.shape.length);
  const pa = [...new Array(rank - a.shape.length).fill(1), ...a.shape];
  const pb = [...new Array(rank - b.shape.length).fill(1), ...b.shape];
  const shape = pa.map((d, i) => Math.max(d, pb[i] as number));
  const sa = strides(pa);
  const sb = strides(pb);
  const so = strides(shape);
  const data = new Float64Array(size(shape));
  for (let k = 0; k < data.length; k++) {
    let ia = 0;
    let ib = 0;
    for (let d = 0; d < rank; d++) {
      const idx = Math.floor(k / (so[d] as number)) % (shape[d] as number);
      if ((pa[d] as number) !== 1) ia += idx * (sa[d] as number);
      if ((pb[d] as number) !== 1) ib += idx * (sb[d] as number);
    }
    data[k] = f(a.data[ia] as number, b.data[ib] as number);
  }
  return { shape, data };
}

function gemm(
  node: GraphNode,
  a: T64,
  b: T64,
  c: T64 | undefined,
  transA: number,
  transB: number,
): T64 {
  const alpha = floatAttr(node, 'alpha', 1);
  const beta = floatAttr(node, 'beta', 1);
  const [ar, ac] = a.shape as [number, number];
  const [br, bc] = b.shape as [number, number];
  const m = transA ? ac : ar;
  const k = transA ? ar : ac;
  const n = transB ? br : bc;
  const A = (i: number, j: number) => (transA ? a.data[j * ac + i] : a.data[i * ac + j]) as number;
  const B = (i: number, j: number) => (transB ? b.data[j * bc + i] : b.data[i * bc + j]) as number;
  let out: T64 = { shape: [m, n], data: new Float64Array(m * n) };
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += A(i, t) * B(t, j);
      out.data[i * n + j] = alpha * s;
    }
  }
  if (c) out = broadcastOp(out, c, (x, y) => x + beta * y);
  return out;
}

function pool(node: GraphNode, x: T64, max: boolean): T64 {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [kh, kw] = intsAttr(node, 'kernel_shape', undefined) as [number, number];
  const [sh, sw] = (intsAttr(node, 'strides', [1, 1]) ?? [1, 1]) as [number, number];
  const [pt, pl, pb, pr] = (intsAttr(node, 'pads', [0, 0, 0, 0]) ?? [0, 0, 0, 0]) as [
    number,
    number,
    number,
    number,
  ];
  const includePad = intAttr(node, 'count_include_pad', 0) === 1;
  const oh = Math.floor((h + pt + pb - kh) / sh) + 1;
  const ow = Math.floor((w + pl + pr - kw) / sw) + 1;
  const out = new Float64Array(n * c * oh * ow);
  for (let p = 0; p < n * c; p++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        let acc = max ? Number.NEGATIVE_INFINITY : 0;
        let count = 0;
        for (let u = 0; u < kh; u++)
          for (let v = 0; v < kw; v++) {
            const y = i * sh - pt + u;
            const z = j * sw - pl + v;
            if (y < 0 || y >= h || z < 0 || z >= w) continue;
            const value = x.data[(p * h + y) * w + z] as number;
            acc = max ? Math.max(acc, value) : acc + value;
            count++;
          }
        out[(p * oh + i) * ow + j] = max ? acc : acc / (includePad ? kh * kw : count);
      }
  return { shape: [n, c, oh, ow], data: out };
}

function softmaxCrossEntropy(logits: T64, labels: readonly number[]): number {
  const [n, c] = logits.shape as [number, number];
  let total = 0;
  for (let i = 0; i < n; i++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < c; j++) max = Math.max(max, logits.data[i * c + j] as number);
    let sum = 0;
    for (let j = 0; j < c; j++) sum += Math.exp((logits.data[i * c + j] as number) - max);
    total -= (logits.data[i * c + (labels[i] as number)] as number) - max - Math.log(sum);
  }
  return total / n;
}

/**
 * BatchNormalization in training mode: the batch's mean and biased variance over every axis but
 * the channels (axis 1). Also returns those statistics, for checking the running-stat update.
 */
export function batchNormTraining(
  x: T64,
  scale: T64,
  bias: T64,
  epsilon: number,
): { y: T64; mean: Float64Array; variance: Float64Array; count: number } {
  const channels = x.shape[1] as number;
  const inner = size(x.shape.slice(2));
  const outer = x.shape[0] as number;
  const count = outer * inner;
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  const at = (n: number, c: number, k: number) => (n * channels + c) * inner + k;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let n = 0; n < outer; n++)
      for (let k = 0; k < inner; k++) sum += x.data[at(n, c, k)] as number;
    mean[c] = sum / count;
    let squares = 0;
    for (let n = 0; n < outer; n++)
      for (let k = 0; k < inner; k++)
        squares += ((x.data[at(n, c, k)] as number) - sum / count) ** 2;
    variance[c] = squares / count;
  }
  const data = new Float64Array(x.data.length);
  for (let n = 0; n < outer; n++)
    for (let c = 0; c < channels; c++)
      for (let k = 0; k < inner; k++) {
        const i = at(n, c, k);
        const normalized =
          ((x.data[i] as number) - (mean[c] as number)) /
          Math.sqrt((variance[c] as number) + epsilon);
        data[i] = normalized * (scale.data[c] as number) + (bias.data[c] as number);
      }
  return { y: { shape: x.shape, data }, mean, variance, count };
}

const map = (x: T64, f: (v: number) => number): T64 => ({ shape: x.shape, data: x.data.map(f) });

/**
 * Loss of a forward graph in float64, BatchNormalization in training mode. `masks` replaces each Dropout node by x * mask, as the
 * train-step graph does.
 */
export function referenceLoss(
  model: ForwardGraph,
  params: Readonly<Record<string, Float64Array>>,
  input: T64,
  labels: readonly number[],
  masks: Readonly<Record<string, Float64Array>> = {},
): number {
  const values = new Map<string, T64>([[model.input.name, input]]);
  for (const p of model.params)
    values.set(p.name, { shape: [...p.dims], data: params[p.name] ?? Float64Array.from(p.data) });
  for (const b of model.buffers ?? [])
    values.set(b.name, { shape: [...b.dims], data: Float64Array.from(b.data) });
  for (const c of model.constants)
    values.set(c.name, {
      shape: [...c.dims],
      data: Float64Array.from(c.data as ArrayLike<number | bigint>, Number),
    });
  const get = (name: string | undefined) => (name ? values.get(name) : undefined);
  for (const node of model.nodes) {
    const inputs = node.inputs.map((n) => get(n));
    // MatMul, Conv and the transformer/CNN-block ops (issue 9) live in reference-ops.ts.
    const outputs = referenceOp(node, inputs);
    if (outputs) {
      outputs.forEach((t, i) => {
        const name = node.outputs[i];
        if (name) values.set(name, t);
      });
      continue;
    }
    const [a, b, c] = inputs;
    let y: T64;
    switch (node.opType) {
      case 'Gemm':
        y = gemm(
          node,
          a as T64,
          b as T64,
          c,
          intAttr(node, 'transA', 0),
          intAttr(node, 'transB', 0),
        );
        break;
      case 'Add':
        y = broadcastOp(a as T64, b as T64, (p, q) => p + q);
        break;
      case 'Sub':
        y = broadcastOp(a as T64, b as T64, (p, q) => p - q);
        break;
      case 'Mul':
        y = broadcastOp(a as T64, b as T64, (p, q) => p * q);
        break;
      case 'Relu':
        y = map(a as T64, (v) => Math.max(v, 0));
        break;
      case 'Sigmoid':
        y = map(a as T64, (v) => 1 / (1 + Math.exp(-v)));
        break;
      case 'LeakyRelu': {
        const alpha = floatAttr(node, 'alpha', 0.01);
        y = map(a as T64, (v) => (v > 0 ? v : alpha * v));
        break;
      }
      case 'Tanh':
        y = map(a as T64, Math.tanh);
        break;
      case 'Identity':
        y = a as T64;
        break;
      case 'Flatten':
        y = { shape: [a?.shape[0] ?? 0, size((a as T64).shape.slice(1))], data: (a as T64).data };
        break;
      case 'Reshape': {
        const wanted = Array.from((b as T64).data);
        const dims = wanted.map((d, i) => (d === 0 ? ((a as T64).shape[i] as number) : d));
        const known = dims.filter((d) => d !== -1).reduce((p, q) => p * q, 1);
        y = {
          shape: dims.map((d) => (d === -1 ? (a as T64).data.length / known : d)),
          data: (a as T64).data,
        };
        break;
      }
      case 'MaxPool':
        y = pool(node, a as T64, true);
        break;
      case 'AveragePool':
        y = pool(node, a as T64, false);
        break;
      case 'BatchNormalization':
        // Training mode (batch statistics): the train-step graph's forward.
        y = batchNormTraining(a as T64, b as T64, c as T64, floatAttr(node, 'epsilon', 1e-5)).y;
        break;
      case 'Dropout': {
        const mask = masks[`${node.name}.mask`];
        y = mask
          ? {
              shape: (a as T64).shape,
              data: (a as T64).data.map((v, i) => v * (mask[i] as number)),
            }
          : (a as T64);
        break;
      }
      default:
        throw new Error(`reference: no ${node.opType}`);
    }
    values.set(node.outputs[0] as string, y);
  }
  return softmaxCrossEntropy(values.get(model.output) as T64, labels);
}

/** Central finite differences of the float64 reference loss for every parameter. */
export function finiteDifferences(
  model: ForwardGraph,
  input: T64,
  labels: readonly number[],
  masks: Readonly<Record<string, Float64Array>> = {},
  h = 1e-6,
): Record<string, Float64Array> {
  const params: Record<string, Float64Array> = {};
  for (const p of model.params) params[p.name] = Float64Array.from(p.data);
  const out: Record<string, Float64Array> = {};
  for (const p of model.params) {
    const values = params[p.name] as Float64Array;
    const grad = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const saved = values[i] as number;
      values[i] = saved + h;
      const up = referenceLoss(model, params, input, labels, masks);
      values[i] = saved - h;
      const down = referenceLoss(model, params, input, labels, masks);
      values[i] = saved;
      grad[i] = (up - down) / (2 * h);
    }
    out[p.name] = grad;
  }
  return out;
}
