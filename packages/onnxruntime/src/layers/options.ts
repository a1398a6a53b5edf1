import { nearestName } from '@cyclr/core';

/**
 * Refuses option keys a function does not know, suggesting the nearest valid one (a typo such as
 * `epsilion` or an unsupported `clipNorm` would otherwise be silently ignored). The one key check
 * of the package: layers, the trainer and the optimizers all call it. `parameter` names the
 * options object in messages when it is not the function's only options (e.g. `optimizer`).
 */
export function checkOptionKeys(
  fn: string,
  options: object,
  known: readonly string[],
  parameter = 'options',
): void {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${fn}: expected ${parameter} to be an object, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const suggestion = nearestName(key, known);
    const where = parameter === 'options' ? '' : ` in ${parameter}`;
    throw new TypeError(
      `${fn}: unknown option "${key}"${where}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; expected one of ${known.join(', ')}`,
    );
  }
}
