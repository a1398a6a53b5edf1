// Cost of the embedding-table gradient, two formulations of dTable for a [vocab, dim] table
// looked up with [batch, seq] indices: ScatterND(zeros, indices, dY, reduction add) (what the
// Gather rule emits) vs a one-hot MatMul, OneHot(indices)^T dY. Each graph also checks the two
// agree. Usage: pnpm --filter @cyclr/onnxruntime bench:embedding
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { encodeModel } from '../src/graph/encode.js';
import type { GraphDef, GraphNode } from '../src/graph/types.js';

const [VOCAB, DIM, BATCH, SEQ] = [1000, 32, 64, 32];
const node = (
  opType: string,
  inputs: string[],
  out: string,
  attributes?: GraphNode['attributes'],
): GraphNode => ({
  opType,
  name: out,
  inputs,
  outputs: [out],
  ...(attributes ? { attributes } : {}),
});
const int64 = (name: string, values: number[]) => ({
  name,
  dtype: 'int64' as const,
  dims: [values.length],
  data: BigInt64Array.from(values, BigInt),
});

function graph(nodes: GraphNode[], initializers: GraphDef['initializers']): GraphDef {
  return {
    name: 'embedding-grad',
    inputs: [
      { name: 'ids', dtype: 'int64', shape: [BATCH, SEQ] },
      { name: 'dY', dtype: 'float32', shape: [BATCH, SEQ, DIM] },
    ],
    outputs: [{ name: 'dTable', dtype: 'float32', shape: [VOCAB, DIM] }],
    nodes,
    initializers,
  };
}

const scatter = graph(
  [
    node('ConstantOfShape', ['tableShape'], 'zeros'),
    node('Unsqueeze', ['ids', 'last'], 'at'),
    node('ScatterND', ['zeros', 'at', 'dY'], 'dTable', { reduction: { s: 'add' } }),
  ],
  [int64('tableShape', [VOCAB, DIM]), int64('last', [-1])],
);
const oneHot = graph(
  [
    node('Reshape', ['ids', 'flat'], 'flatIds'),
    node('Reshape', ['dY', 'rows'], 'dYRows'),
    node('OneHot', ['flatIds', 'depth', 'offOn'], 'hot', { axis: { i: -1 } }),
    node('Gemm', ['hot', 'dYRows'], 'dTable', { transA: { i: 1 } }),
  ],
  [
    int64('flat', [-1]),
    int64('rows', [-1, DIM]),
    int64('depth', [VOCAB]),
    { name: 'offOn', dtype: 'float32', dims: [2], data: new Float32Array([0, 1]) },
  ],
);

const options = {
  graphOptimizationLevel: 'all' as const,
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential' as const,
  logSeverityLevel: 3 as const,
};
const ids = BigInt64Array.from({ length: BATCH * SEQ }, (_, i) => BigInt((i * 7919) % VOCAB));
const feeds = {
  ids: new Tensor('int64', ids, [BATCH, SEQ]),
  dY: new Tensor(
    'float32',
    Float32Array.from({ length: BATCH * SEQ * DIM }, (_, i) => Math.sin(i)),
    [BATCH, SEQ, DIM],
  ),
};

const results: Record<string, Float32Array> = {};
for (const [name, g] of Object.entries({ scatterND: scatter, oneHotGemm: oneHot })) {
  const session = await InferenceSession.create(encodeModel(g), options);
  for (let i = 0; i < 20; i++) await session.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    const out = await session.run(feeds);
    times.push(performance.now() - start);
    results[name] = out.dTable?.data as Float32Array;
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name}: median ${(times[100] ?? 0).toFixed(3)} ms per run (${VOCAB}x${DIM} table, [${BATCH}, ${SEQ}] ids)`,
  );
  await session.release();
}
const [a, b] = [results.scatterND, results.oneHotGemm];
let worst = 0;
for (let i = 0; i < (a?.length ?? 0); i++)
  worst = Math.max(worst, Math.abs((a?.[i] ?? 0) - (b?.[i] ?? 0)));
console.log(`max |scatterND - oneHotGemm| = ${worst}`);
