/** Levenshtein distance; small inputs only (parameter and policy names). */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] as number;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] as number;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] as number;
}

/**
 * The candidate closest to `name` by edit distance (case-insensitive), when it is close enough
 * to be a likely typo (at most max(2, floor(name.length / 3)) edits); `undefined` otherwise.
 * The "did you mean" of every cyclr error about an unknown policy, parameter or option key;
 * exported so adapters and tools refuse unknown keys with the same suggestion core gives.
 *
 * @example
 * ```ts
 * nearestName('stepSise', ['stepSize', 'maxLr']); // 'stepSize'
 * nearestName('onecycle', ['oneCycle', 'triangular']); // 'oneCycle'
 * nearestName('batch', ['startLr', 'endLr']); // undefined
 * ```
 */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(2, Math.floor(name.length / 3));
  return bestDistance <= tolerance ? best : undefined;
}
