/**
 * Thins a line to at most `maxPoints` points while keeping its envelope: every bucket of
 * consecutive points keeps its minimum and its maximum, in order, so peaks of fast cycles
 * survive where plain subsampling would alias them away. First and last points are kept.
 */
export function decimate(
  x: readonly number[],
  y: readonly number[],
  maxPoints: number,
): { x: number[]; y: number[] } {
  const length = Math.min(x.length, y.length);
  if (length <= maxPoints || maxPoints < 4) return { x: x.slice(0, length), y: y.slice(0, length) };
  const buckets = Math.floor((maxPoints - 2) / 2);
  const keep: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const lo = 1 + Math.floor((b * (length - 2)) / buckets);
    const hi = 1 + Math.floor(((b + 1) * (length - 2)) / buckets);
    let minIndex = lo;
    let maxIndex = lo;
    for (let i = lo + 1; i < hi; i++) {
      if ((y[i] as number) < (y[minIndex] as number)) minIndex = i;
      if ((y[i] as number) > (y[maxIndex] as number)) maxIndex = i;
    }
    if (lo >= hi) continue;
    if (minIndex === maxIndex) keep.push(minIndex);
    else keep.push(Math.min(minIndex, maxIndex), Math.max(minIndex, maxIndex));
  }
  keep.push(length - 1);
  return { x: keep.map((i) => x[i] as number), y: keep.map((i) => y[i] as number) };
}
