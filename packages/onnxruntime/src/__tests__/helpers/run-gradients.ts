import { InferenceSession, Tensor } from 'onnxruntime-node';
import { encodeModel } from '../../graph/encode.js';
import { buildGradientGraph, gradName, LABELS, LOSS } from '../../graph/train-graph.js';
import type { ForwardGraph } from '../../graph/types.js';

/** Loss and parameter gradients of a forward graph, computed by its ORT gradient graph. */
export async function ortGradients(
  model: ForwardGraph,
  input: Float32Array,
  inputShape: readonly number[],
  labels: readonly number[],
  masks: Readonly<Record<string, Float32Array>> = {},
): Promise<{ loss: number; grads: Record<string, Float32Array> }> {
  const { graph, extraInputs } = buildGradientGraph(model);
  const session = await InferenceSession.create(encodeModel(graph), { logSeverityLevel: 3 });
  const feeds: Record<string, Tensor> = {
    [model.input.name]: new Tensor('float32', input, inputShape),
    [LABELS]: new Tensor('int64', BigInt64Array.from(labels, BigInt), [labels.length]),
  };
  for (const p of model.params) feeds[p.name] = new Tensor('float32', p.data, p.dims);
  for (const b of model.buffers ?? []) feeds[b.name] = new Tensor('float32', b.data, b.dims);
  for (const e of extraInputs) {
    const mask = masks[e.name];
    if (!mask) throw new Error(`missing mask ${e.name}`);
    feeds[e.name] = new Tensor(
      'float32',
      mask,
      e.shape.map((d) => (typeof d === 'number' ? d : labels.length)),
    );
  }
  const out = await session.run(feeds);
  await session.release();
  const grads: Record<string, Float32Array> = {};
  for (const p of model.params) grads[p.name] = out[gradName(p.name)]?.data as Float32Array;
  return { loss: (out[LOSS] as Tensor).data[0] as number, grads };
}

/** Largest |a - b| / (|b| + scale), scale = max |b|, a relative error robust to tiny entries. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i] as number));
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)) / (scale + 1e-12));
  }
  return worst;
}
