import { nearestName } from '@cyclr/core';

/**
 * Refuses option keys a layer does not know, suggesting the nearest valid one (a typo such as
 * `epsilion` would otherwise be silently ignored).
 */
export function checkOptionKeys(fn: string, options: object, known: readonly string[]): void {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: expected options to be an object, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const suggestion = nearestName(key, known);
    throw new TypeError(
      `${fn}: unknown option "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; expected one of ${known.join(', ')}`,
    );
  }
}
