// The folding pass on the shape subgraphs torch writes for `b, t, d = z.shape` (hand-built, to
// pin down each case; the PyTorch exports are in torch-fold-exports.test.ts): fixed dims fold
// through Div/Mul/Add/Cast, the batch stays symbolic, multiples of it too, and what cannot be
// written for every batch size is refused naming the node.
import { describe, expect, it } from 'vitest';
import { foldConstants } from '../graph/fold-constants.js';
import { divideDim, quotientDim, scaleDim } from '../graph/symbolic-dims.js';
import type { ConstTensor, GraphNode } from '../graph/types.js';
import { flatten } from '../ops/reshape.js';

const int64 = (name: string, values: number[], dims = [values.length]): ConstTensor => ({
  name,
  dtype: 'int64',
  dims,
  data: BigInt64Array.from(values, BigInt),
});
const node = (opType: string, inputs: string[], out: string, attributes = {}): GraphNode => ({
  opType,
  name: out,
  inputs,
  outputs: [out],
  attributes,
});
const ints = (t: ConstTensor | undefined) => Array.from(t?.data as BigInt64Array, Number);

type TargetDim = { index: number; op?: [string, number] } | { value: number };

/** Per dim Shape(z) -> Gather -> `op` -> Cast, or a constant; Unsqueeze, Concat, Reshape(z, ...). */
function reshapeOf(dims: TargetDim[], zShape: (number | string)[]) {
  const constants = [int64('axes', [0])];
  const nodes: GraphNode[] = [node('Shape', ['z'], 'shape')];
  dims.forEach((dim, i) => {
    if ('value' in dim) {
      constants.push(int64(`v${i}`, [dim.value], []));
      nodes.push(node('Unsqueeze', [`v${i}`, 'axes'], `u${i}`));
      return;
    }
    const { index, op } = dim;
    constants.push(int64(`i${i}`, [index], []));
    nodes.push(node('Gather', ['shape', `i${i}`], `g${i}`, { axis: { i: 0 } }));
    let value = `g${i}`;
    if (op) {
      constants.push(int64(`k${i}`, [op[1]], []));
      nodes.push(node(op[0], [value, `k${i}`], `a${i}`));
      nodes.push(node('Cast', [`a${i}`], `c${i}`, { to: { i: 7 } }));
      value = `c${i}`;
    }
    nodes.push(node('Unsqueeze', [value, 'axes'], `u${i}`));
  });
  nodes.push(
    node(
      'Concat',
      dims.map((_d, i) => `u${i}`),
      'target',
      { axis: { i: 0 } },
    ),
  );
  nodes.push(node('Reshape', ['z', 'target'], 'y'));
  nodes.push(node('Relu', ['y'], 'out'));
  const folded = foldConstants(nodes, constants, new Map([['z', zShape]]), ['out']);
  const reshape = folded.nodes.find((n) => n.opType === 'Reshape');
  return {
    ops: folded.nodes.map((n) => n.opType),
    target: ints(folded.constants.find((c) => c.name === reshape?.inputs[1])),
  };
}

describe('folding fixed dims read from the Shape of a batch-sized tensor', () => {
  it('z.reshape(b, t, 2, d // 2): t and d // 2 fold (Div, Cast), b becomes 0', () => {
    const { ops, target } = reshapeOf(
      [{ index: 0 }, { index: 1 }, { value: 2 }, { index: 2, op: ['Div', 2] }],
      ['batch', 14, 16],
    );
    expect(ops).toEqual(['Reshape', 'Relu']);
    expect(target).toEqual([0, 14, 2, 8]);
  });

  it('integer Div truncates as ONNX does, (d + 2) // 3 = 6 for d = 16', () => {
    const constants = [int64('two', [2]), int64('three', [3]), int64('last', [-1])];
    const nodes = [
      node('Shape', ['z'], 'shape'),
      node('Gather', ['shape', 'last'], 'd', { axis: { i: 0 } }),
      node('Add', ['d', 'two'], 'd2'),
      node('Div', ['d2', 'three'], 'part'),
      node('Slice', ['z', 'part', 'd', 'last'], 'out'),
    ];
    const folded = foldConstants(nodes, constants, new Map([['z', ['batch', 4, 16]]]), ['out']);
    expect(folded.nodes.map((n) => n.opType)).toEqual(['Slice']);
    const starts = folded.constants.find((c) => c.name === folded.nodes[0]?.inputs[1]);
    expect(ints(starts)).toEqual([6]);
  });

  it('the batch times the heads stays symbolic: [t, b, d] -> [t, b * 2, d // 2] is [14, -1, 8]', () => {
    const { target } = reshapeOf(
      [{ index: 0 }, { index: 1, op: ['Mul', 2] }, { index: 2, op: ['Div', 2] }],
      [14, 'batch', 16],
    );
    expect(target).toEqual([14, -1, 8]);
  });

  it('refuses batch arithmetic that is no multiple of it, naming the node', () => {
    expect(() => reshapeOf([{ index: 0, op: ['Div', 2] }, { index: 1 }], ['batch', 4])).toThrow(
      /Div node 'a0': input 'g0' depends on the batch size/,
    );
    expect(() => reshapeOf([{ index: 0, op: ['Add', 1] }, { index: 1 }], ['batch', 4])).toThrow(
      /Add node 'a0': input 'g0' depends on the batch size/,
    );
  });
});

describe('symbolic multiples of the batch', () => {
  it('scale, divide and infer a Reshape -1 through them', () => {
    expect(scaleDim('batch', 2)).toBe('batch*2');
    expect(scaleDim('batch*2', 3)).toBe('batch*6');
    expect(divideDim('batch*6', 3)).toBe('batch*2');
    expect(divideDim('batch*2', 2)).toBe('batch');
    expect(divideDim('batch', 2)).toBeUndefined();
    expect(quotientDim([14, 'batch', 16], [14, 8])).toBe('batch*2');
    expect(quotientDim(['batch*2', 14, 8], [14, 16])).toBe('batch');
    expect(quotientDim(['batch', 14, 16], ['batch', 14])).toBe(16);
    expect(quotientDim(['batch', 14, 16], [32])).toBe('batch*7');
    expect(quotientDim(['batch', 14, 16], [3])).toBeUndefined();
    expect(quotientDim(['batch', 'batch'], [2])).toBeUndefined();
  });

  it('Flatten keeps the batch multiple before its axis', () => {
    const at = (axis: number) => node('Flatten', ['x'], 'y', { axis: { i: axis } });
    const ctx = { constant: () => undefined };
    expect(flatten.inferShapes(at(2), [['batch', 14, 8]], ctx)).toEqual([['batch*14', 8]]);
    expect(flatten.inferShapes(at(1), [['batch*2', 14, 8]], ctx)).toEqual([['batch*2', 112]]);
    expect(() => flatten.inferShapes(at(0), [['batch', 3]], ctx)).toThrow(
      /fixed dims after axis 0/,
    );
  });
});
