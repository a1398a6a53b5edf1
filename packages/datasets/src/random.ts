/** A seeded source of uniform floats in [0, 1). */
export type Random = () => number;

function checkSeed(name: string, seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`${name}: expected seed to be an integer in [0, 2^32), got ${seed}`);
  }
}

/**
 * A small, fast, seeded pseudo-random generator (mulberry32: a 32-bit state advanced by a Weyl
 * sequence and mixed with two multiply-xorshift rounds). Same seed, same sequence, on every
 * platform. Not for cryptography.
 *
 * @param seed - Integer in [0, 2^32).
 *
 * @example
 * ```ts
 * import { seededRandom } from '@cyclr/datasets';
 * const random = seededRandom(1);
 * random(); // 0.6270739405881613
 * ```
 */
export function seededRandom(seed: number): Random {
  checkSeed('seededRandom', seed);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Derives an independent seed for a numbered stream (an epoch, a worker, a purpose) from a base
 * seed, so that streams do not overlap the way `seed + n` would. It is a murmur3-style finaliser
 * over both numbers.
 *
 * @example
 * ```ts
 * import { deriveSeed } from '@cyclr/datasets';
 * deriveSeed(0, 1) !== deriveSeed(1, 0); // true
 * ```
 */
export function deriveSeed(seed: number, stream: number): number {
  checkSeed('deriveSeed', seed);
  if (!Number.isInteger(stream) || stream < 0) {
    throw new RangeError(`deriveSeed: expected stream to be a non-negative integer, got ${stream}`);
  }
  let h = (seed ^ Math.imul(stream + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  h = (h + Math.imul(stream >>> 0, 0x27d4eb2f)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

/**
 * A uniformly random permutation of `0 .. count-1` (Fisher-Yates), reproducible from the seed.
 *
 * @example
 * ```ts
 * import { permutation } from '@cyclr/datasets';
 * permutation(5, 42); // e.g. Uint32Array [3, 0, 4, 1, 2], the same every time
 * ```
 */
export function permutation(count: number, seed: number): Uint32Array {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`permutation: expected count to be a non-negative integer, got ${count}`);
  }
  const random = seededRandom(seed);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i] as number;
    order[i] = order[j] as number;
    order[j] = tmp;
  }
  return order;
}
