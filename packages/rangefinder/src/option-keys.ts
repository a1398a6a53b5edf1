import { nearestName } from '@cyclr/core';
import { RangeTestError } from './errors.js';

/**
 * Names other LR finders give these options (fastai, torch-lr-finder, keras-lr-finder,
 * camelCased), mapped to ours: close in meaning but too far in spelling for an edit distance.
 */
const otherLibrariesNames: Readonly<Record<string, string>> = {
  minLr: 'startLr',
  maxLr: 'endLr',
  lrMin: 'startLr',
  lrMax: 'endLr',
  numIt: 'steps',
  numIter: 'steps',
  iterations: 'steps',
  smoothing: 'beta',
  smoothF: 'beta',
  divergeTh: 'divergeFactor',
  stopDiv: 'divergeFactor',
};

/**
 * Refuses any key of `options` that is not in `known`, naming the nearest valid key (core's
 * `nearestName`, or the name another LR finder uses): a silently ignored `minLr` would sweep
 * the default range without a word.
 */
export function rejectUnknownKeys(
  fn: string,
  options: object,
  known: readonly string[],
  param = 'options',
): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const alias = otherLibrariesNames[key];
    const suggestion =
      alias !== undefined && known.includes(alias) ? alias : nearestName(key, known);
    throw new RangeTestError(
      fn,
      key,
      `unknown ${param === 'options' ? 'option' : `${param} key`} "${key}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}; expected one of ${known.join(', ')}`,
    );
  }
}
