// Float64 reference implementations of the ops added for transformer/CNN blocks (issue 9),
// written directly from the ONNX spec (opset 13-18 semantics); reference.ts delegates to them.
import type { GraphNode } from '../../graph/types.js';
import { floatAttr, intAttr, intsAttr, stringAttr } from '../../graph/types.js';

export interface Tensor64 {
  shape: number[];
  data: Float64Array;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = (out[i + 1] ?? 1) * (shape[i + 1] ?? 1);
  return out;
}

/** Multi-index of flat position `k` in `shape`. */
function unravel(k: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d] as number;
    idx[d] = k % n;
    k = Math.floor(k / n);
  }
  return idx;
}

function ravel(idx: readonly number[], shape: readonly number[]): number {
  let k = 0;
  for (let d = 0; d < shape.length; d++) k = k * (shape[d] as number) + (idx[d] as number);
  return k;
}

const norm = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) =>
    Math.max(a[a.length - rank + i] ?? 1, b[b.length - rank + i] ?? 1),
  );
}

/** Value of `t` at the (right-aligned, broadcast) multi-index `idx`. */
function at(t: Tensor64, idx: readonly number[]): number {
  const lead = idx.length - t.shape.length;
  let k = 0;
  for (let d = 0; d < t.shape.length; d++) {
    const n = t.shape[d] as number;
    k = k * n + (n === 1 ? 0 : (idx[d + lead] as number));
  }
  return t.data[k] as number;
}

function binary(a: Tensor64, b: Tensor64, f: (x: number, y: number) => number): Tensor64 {
  const shape = broadcastShape(a.shape, b.shape);
  const data = new Float64Array(size(shape));
  for (let k = 0; k < data.length; k++) {
    const idx = unravel(k, shape);
    data[k] = f(at(a, idx), at(b, idx));
  }
  return { shape, data };
}

const unary = (x: Tensor64, f: (v: number) => number): Tensor64 => ({
  shape: x.shape,
  data: x.data.map(f),
});

/** erf by its Maclaurin series (|x| small) or continued fraction (large): ~1e-15 accurate. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 100; n++) {
      term *= (-ax * ax) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17) break;
    }
    return Math.sign(x) * sum * (2 / Math.sqrt(Math.PI));
  }
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))) (Lentz-free, backward).
  let f = ax;
  for (let n = 60; n >= 1; n--) f = ax + n / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

function matMul(a: Tensor64, b: Tensor64): Tensor64 {
  const a2 = a.shape.length === 1 ? [1, ...a.shape] : a.shape;
  const b2 = b.shape.length === 1 ? [...b.shape, 1] : b.shape;
  const m = a2[a2.length - 2] as number;
  const k = a2[a2.length - 1] as number;
  const n = b2[b2.length - 1] as number;
  const batch = broadcastShape(a2.slice(0, -2), b2.slice(0, -2));
  const shape = [...batch, m, n];
  const data = new Float64Array(size(shape));
  const A: Tensor64 = { shape: a2, data: a.data };
  const B: Tensor64 = { shape: b2, data: b.data };
  for (let q = 0; q < data.length; q++) {
    const idx = unravel(q, shape);
    const i = idx[idx.length - 2] as number;
    const j = idx[idx.length - 1] as number;
    let s = 0;
    for (let t = 0; t < k; t++) {
      s += at(A, [...idx.slice(0, -2), i, t]) * at(B, [...idx.slice(0, -2), t, j]);
    }
    data[q] = s;
  }
  const out = [...shape];
  if (b.shape.length === 1) out.pop();
  if (a.shape.length === 1) out.splice(out.length - (b.shape.length === 1 ? 1 : 2), 1);
  return { shape: out, data };
}

/** Conv 2-D with group, dilations, strides and explicit pads. */
function conv(node: GraphNode, x: Tensor64, w: Tensor64, b: Tensor64 | undefined): Tensor64 {
  const [n, ci, h, wd] = x.shape as [number, number, number, number];
  const [co, cig, kh, kw] = w.shape as [number, number, number, number];
  const group = intAttr(node, 'group', 1);
  const [sh, sw] = (intsAttr(node, 'strides', [1, 1]) ?? [1, 1]) as [number, number];
  const [dh, dw] = (intsAttr(node, 'dilations', [1, 1]) ?? [1, 1]) as [number, number];
  const [pt, pl, pb, pr] = (intsAttr(node, 'pads', [0, 0, 0, 0]) ?? [0, 0, 0, 0]) as [
    number,
    number,
    number,
    number,
  ];
  if (cig * group !== ci) throw new Error(`reference Conv: ${ci} channels, group ${group}`);
  const oh = Math.floor((h + pt + pb - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((wd + pl + pr - dw * (kw - 1) - 1) / sw) + 1;
  const cog = co / group;
  const out = new Float64Array(n * co * oh * ow);
  for (let b0 = 0; b0 < n; b0++)
    for (let o = 0; o < co; o++) {
      const g = Math.floor(o / cog);
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let s = b ? (b.data[o] as number) : 0;
          for (let c = 0; c < cig; c++)
            for (let u = 0; u < kh; u++)
              for (let v = 0; v < kw; v++) {
                const y = i * sh - pt + u * dh;
                const z = j * sw - pl + v * dw;
                if (y < 0 || y >= h || z < 0 || z >= wd) continue;
                s +=
                  (x.data[((b0 * ci + g * cig + c) * h + y) * wd + z] as number) *
                  (w.data[((o * cig + c) * kh + u) * kw + v] as number);
              }
          out[((b0 * co + o) * oh + i) * ow + j] = s;
        }
    }
  return { shape: [n, co, oh, ow], data: out };
}

function transpose(x: Tensor64, perm: readonly number[]): Tensor64 {
  const shape = perm.map((p) => x.shape[p] as number);
  const data = new Float64Array(x.data.length);
  for (let k = 0; k < data.length; k++) {
    const idx = unravel(k, shape);
    const src = new Array<number>(perm.length);
    perm.forEach((p, i) => {
      src[p] = idx[i] as number;
    });
    data[k] = x.data[ravel(src, x.shape)] as number;
  }
  return { shape, data };
}

/** Reduces `axes` of x with `f` (sum, then `finish(sum, count)`). */
function reduce(
  x: Tensor64,
  axes: readonly number[],
  keepdims: boolean,
  finish: (sum: number, count: number) => number,
): Tensor64 {
  const rank = x.shape.length;
  const set = new Set(axes.map((a) => norm(a, rank)));
  const kept = x.shape.map((d, i) => (set.has(i) ? 1 : d));
  const sums = new Float64Array(size(kept));
  const strideK = strides(kept);
  for (let k = 0; k < x.data.length; k++) {
    const idx = unravel(k, x.shape);
    let q = 0;
    idx.forEach((v, d) => {
      if (!set.has(d)) q += v * (strideK[d] as number);
    });
    sums[q] = (sums[q] as number) + (x.data[k] as number);
  }
  const count = x.data.length / sums.length;
  const data = sums.map((s) => finish(s, count));
  return { shape: keepdims ? kept : x.shape.filter((_d, i) => !set.has(i)), data };
}

function softmax(x: Tensor64, axis: number, log: boolean): Tensor64 {
  const a = norm(axis, x.shape.length);
  const n = x.shape[a] as number;
  const step = strides(x.shape)[a] as number;
  const data = new Float64Array(x.data.length);
  for (let k = 0; k < x.data.length; k++) {
    const idx = unravel(k, x.shape);
    if (idx[a] !== 0) continue;
    let max = Number.NEGATIVE_INFINITY;
    for (let t = 0; t < n; t++) max = Math.max(max, x.data[k + t * step] as number);
    let sum = 0;
    for (let t = 0; t < n; t++) sum += Math.exp((x.data[k + t * step] as number) - max);
    for (let t = 0; t < n; t++) {
      const z = (x.data[k + t * step] as number) - max;
      data[k + t * step] = log ? z - Math.log(sum) : Math.exp(z) / sum;
    }
  }
  return { shape: x.shape, data };
}

function layerNorm(node: GraphNode, x: Tensor64, scale: Tensor64, bias?: Tensor64): Tensor64[] {
  const rank = x.shape.length;
  const axis = norm(intAttr(node, 'axis', -1), rank);
  const epsilon = floatAttr(node, 'epsilon', 1e-5);
  const inner = size(x.shape.slice(axis));
  const outer = x.data.length / inner;
  const y = new Float64Array(x.data.length);
  const means = new Float64Array(outer);
  const invs = new Float64Array(outer);
  const innerShape = x.shape.slice(axis);
  for (let o = 0; o < outer; o++) {
    let mean = 0;
    for (let t = 0; t < inner; t++) mean += x.data[o * inner + t] as number;
    mean /= inner;
    let variance = 0;
    for (let t = 0; t < inner; t++) variance += ((x.data[o * inner + t] as number) - mean) ** 2;
    variance /= inner;
    const inv = 1 / Math.sqrt(variance + epsilon);
    means[o] = mean;
    invs[o] = inv;
    for (let t = 0; t < inner; t++) {
      const idx = unravel(t, innerShape);
      const b = bias ? at(bias, idx) : 0;
      y[o * inner + t] = ((x.data[o * inner + t] as number) - mean) * inv * at(scale, idx) + b;
    }
  }
  const statShape = x.shape.map((d, i) => (i < axis ? d : 1));
  return [
    { shape: x.shape, data: y },
    { shape: statShape, data: means },
    { shape: statShape, data: invs },
  ];
}

function concat(node: GraphNode, inputs: readonly Tensor64[]): Tensor64 {
  const first = inputs[0] as Tensor64;
  const axis = norm(intAttr(node, 'axis', 0), first.shape.length);
  const shape = [...first.shape];
  shape[axis] = inputs.reduce((s, t) => s + (t.shape[axis] as number), 0);
  const data = new Float64Array(size(shape));
  let offset = 0;
  for (const t of inputs) {
    for (let k = 0; k < t.data.length; k++) {
      const idx = unravel(k, t.shape);
      idx[axis] = (idx[axis] as number) + offset;
      data[ravel(idx, shape)] = t.data[k] as number;
    }
    offset += t.shape[axis] as number;
  }
  return { shape, data };
}

function gather(node: GraphNode, x: Tensor64, indices: Tensor64): Tensor64 {
  const axis = norm(intAttr(node, 'axis', 0), x.shape.length);
  const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  const data = new Float64Array(size(shape));
  const r = indices.shape.length;
  for (let k = 0; k < data.length; k++) {
    const idx = unravel(k, shape);
    const which = idx.slice(axis, axis + r);
    let i = Math.round(indices.data[ravel(which, indices.shape)] as number);
    if (i < 0) i += x.shape[axis] as number;
    const src = [...idx.slice(0, axis), i, ...idx.slice(axis + r)];
    data[k] = x.data[ravel(src, x.shape)] as number;
  }
  return { shape, data };
}

function pad(node: GraphNode, x: Tensor64, pads: Tensor64, value: Tensor64 | undefined) {
  const mode = stringAttr(node, 'mode', 'constant');
  if (mode !== 'constant') throw new Error(`reference Pad: mode ${mode}`);
  const rank = x.shape.length;
  const p = Array.from(pads.data, Math.round);
  const fill = value ? (value.data[0] as number) : 0;
  const shape = x.shape.map((d, i) => d + (p[i] as number) + (p[i + rank] as number));
  const data = new Float64Array(size(shape));
  for (let k = 0; k < data.length; k++) {
    const idx = unravel(k, shape);
    const src = idx.map((v, i) => v - (p[i] as number));
    const inside = src.every((v, i) => v >= 0 && v < (x.shape[i] as number));
    data[k] = inside ? (x.data[ravel(src, x.shape)] as number) : fill;
  }
  return { shape, data };
}

function sliceOp(x: Tensor64, [starts, ends, axesIn, stepsIn]: (Tensor64 | undefined)[]): Tensor64 {
  const rank = x.shape.length;
  const begin = x.shape.map(() => 0);
  const step = x.shape.map(() => 1);
  const shape = [...x.shape];
  const s = Array.from((starts as Tensor64).data, Math.round);
  const e = Array.from((ends as Tensor64).data, Math.round);
  const axes = axesIn ? Array.from(axesIn.data, Math.round) : s.map((_v, i) => i);
  const steps = stepsIn ? Array.from(stepsIn.data, Math.round) : s.map(() => 1);
  axes.forEach((a, i) => {
    const axis = norm(a, rank);
    const d = x.shape[axis] as number;
    const st = steps[i] as number;
    const clamp = (v: number) => {
      const w = v < 0 ? v + d : v;
      return st > 0 ? Math.min(Math.max(w, 0), d) : Math.min(Math.max(w, -1), d - 1);
    };
    const b = clamp(s[i] as number);
    const en = clamp(e[i] as number);
    begin[axis] = b;
    step[axis] = st;
    shape[axis] = Math.max(0, Math.ceil((en - b) / st));
  });
  const data = new Float64Array(size(shape));
  for (let k = 0; k < data.length; k++) {
    const idx = unravel(k, shape).map((v, d) => (begin[d] as number) + v * (step[d] as number));
    data[k] = x.data[ravel(idx, x.shape)] as number;
  }
  return { shape, data };
}

function axesOf(node: GraphNode, input: Tensor64 | undefined): number[] | undefined {
  if (input) return Array.from(input.data, Math.round);
  return intsAttr(node, 'axes', undefined)?.slice();
}

function reduceOp(node: GraphNode, x: Tensor64, axesInput: Tensor64 | undefined, mean: boolean) {
  const keepdims = intAttr(node, 'keepdims', 1) === 1;
  let axes = axesOf(node, axesInput) ?? [];
  if (axes.length === 0) {
    if (intAttr(node, 'noop_with_empty_axes', 0) === 1) return x;
    axes = x.shape.map((_d, i) => i);
  }
  return reduce(x, axes, keepdims, mean ? (s, c) => s / c : (s) => s);
}

/**
 * Outputs of one node of the ops above, or undefined when the op is not one of them.
 * `inputs` are the node's input values (undefined for omitted optional inputs).
 */
export function referenceOp(
  node: GraphNode,
  inputs: readonly (Tensor64 | undefined)[],
): Tensor64[] | undefined {
  const [a, b, c] = inputs;
  const x = a as Tensor64;
  const rank = x?.shape.length ?? 0;
  switch (node.opType) {
    case 'MatMul':
      return [matMul(x, b as Tensor64)];
    case 'Conv':
      return [conv(node, x, b as Tensor64, c)];
    case 'Div':
      return [binary(x, b as Tensor64, (p, q) => p / q)];
    case 'Pow':
      return [binary(x, b as Tensor64, (p, q) => p ** q)];
    case 'Sqrt':
      return [unary(x, Math.sqrt)];
    case 'Erf':
      return [unary(x, erf)];
    case 'Neg':
      return [unary(x, (v) => -v)];
    case 'Exp':
      return [unary(x, Math.exp)];
    case 'Log':
      return [unary(x, Math.log)];
    case 'Softmax':
      return [softmax(x, intAttr(node, 'axis', -1), false)];
    case 'LogSoftmax':
      return [softmax(x, intAttr(node, 'axis', -1), true)];
    case 'Transpose': {
      const perm = intsAttr(node, 'perm', undefined) ?? x.shape.map((_d, i) => rank - 1 - i);
      return [transpose(x, perm)];
    }
    case 'ReduceSum':
      return [reduceOp(node, x, b, false)];
    case 'ReduceMean':
      return [reduceOp(node, x, b, true)];
    case 'GlobalAveragePool':
      return [
        reduce(
          x,
          x.shape.slice(2).map((_d, i) => i + 2),
          true,
          (s, count) => s / count,
        ),
      ];
    case 'LayerNormalization':
      return layerNorm(node, x, b as Tensor64, c);
    case 'Concat':
      return [concat(node, inputs as Tensor64[])];
    case 'Gather':
      return [gather(node, x, b as Tensor64)];
    case 'Pad':
      return [pad(node, x, b as Tensor64, c)];
    case 'Slice':
      return [sliceOp(x, inputs.slice(1) as (Tensor64 | undefined)[])];
    case 'Expand':
      return [
        binary(
          x,
          {
            shape: Array.from((b as Tensor64).data),
            data: new Float64Array(size(Array.from((b as Tensor64).data))),
          },
          (p) => p,
        ),
      ];
    case 'Unsqueeze': {
      const axes = (axesOf(node, b) ?? []).map((v) => norm(v, rank + (b?.data.length ?? 0)));
      const shape = [...x.shape];
      for (const axis of [...axes].sort((p, q) => p - q)) shape.splice(axis, 0, 1);
      return [{ shape, data: x.data }];
    }
    case 'Squeeze': {
      const axes = axesOf(node, b)?.map((v) => norm(v, rank));
      const shape = x.shape.filter((d, i) => (axes ? !axes.includes(i) : d !== 1));
      return [{ shape, data: x.data }];
    }
    default:
      return undefined;
  }
}
