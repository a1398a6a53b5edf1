import type { ForwardGraph } from '../../graph/types.js';
import { dense, relu, sequential } from '../../index.js';

/** A float32 tensor the fixture generators wrote as base64 of its little-endian bytes. */
export function float32(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/** The fixtures' 784-hidden-10 MLP, with torch's initial weights (base64 by parameter name). */
export function torchInitialMlp(hidden: number, initial: Record<string, string>): ForwardGraph {
  const built = sequential({
    inputShape: [784],
    layers: [dense(hidden), relu(), dense(10)],
  }).build(0);
  return {
    ...built,
    params: built.params.map((p) => ({ ...p, data: float32(initial[p.name] ?? '') })),
  };
}
