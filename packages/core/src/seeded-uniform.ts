// Counter-based random numbers: a value is a pure function of (seed, step, draw), so a noisy
// schedule gives the same rate at a step however often, and in whatever order, it is asked.

/** Chris Wellons' lowbias32 integer hash (github.com/skeeto/hash-prospector): a 32-bit bijection. */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

const TWO_POW_32 = 4294967296;

/** A 32-bit key for (seed, step); both are integers in [0, 2^53), split into 32-bit halves. */
export function streamKey(seed: number, step: number): number {
  let h = mix32(seed >>> 0);
  h = mix32(h ^ (Math.floor(seed / TWO_POW_32) >>> 0));
  h = mix32(h ^ (step >>> 0));
  return mix32(h ^ (Math.floor(step / TWO_POW_32) >>> 0));
}

/** The `draw`-th uniform number in [0, 1) of the stream `key`, with 32 random bits. */
export function uniformAt(key: number, draw: number): number {
  return mix32(key ^ mix32(draw + 0x9e3779b9)) / TWO_POW_32;
}
