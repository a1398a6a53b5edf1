/** Weight initialisers (Keras/tfjs names). */
export type Initializer = 'glorotUniform' | 'heUniform' | 'zeros' | 'ones' | 'normal';

/**
 * Fills `size` values: glorotUniform ~ U(-l, l), l = sqrt(6 / (fanIn + fanOut));
 * heUniform ~ U(-l, l), l = sqrt(6 / fanIn); zeros; ones (a norm layer's scale); normal
 * ~ N(0, 1) (torch's nn.Embedding), by Box-Muller.
 */
export function initialize(
  kind: Initializer,
  size: number,
  fanIn: number,
  fanOut: number,
  random: () => number,
): Float32Array {
  const out = new Float32Array(size);
  if (kind === 'zeros') return out;
  if (kind === 'ones') return out.fill(1);
  if (kind === 'normal') {
    for (let i = 0; i < size; i++) {
      const u = 1 - random(); // (0, 1]: log stays finite
      out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    }
    return out;
  }
  const limit = kind === 'heUniform' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
  for (let i = 0; i < size; i++) out[i] = (random() * 2 - 1) * limit;
  return out;
}
