import { nearestName } from '@cyclr/core';

/**
 * Refuses any key of `args` not in `known`, with core's "did you mean": tfjs silently ignores
 * unknown callback args, and so would a spread here, leaving a misspelt option at its default.
 */
export function rejectUnknownKeys(fn: string, args: object, known: readonly string[]): void {
  for (const key of Object.keys(args)) {
    if (known.includes(key)) continue;
    const suggestion = nearestName(key, known);
    throw new TypeError(
      `${fn}: unknown option "${key}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}; expected one of ${known.join(', ')}`,
    );
  }
}
