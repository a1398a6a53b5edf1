import type { LrBounds, RangeTestData } from '@cyclr/rangefinder';
import { inputError } from './errors.js';
import type { JsonInput } from './spec-input.js';

/** A range-test result as `cyclr find --save` (or `--json`) writes it. */
export interface SavedRangeTest {
  readonly result: RangeTestData;
  readonly bounds: LrBounds | undefined;
}

/** Whether a JSON object is a saved range test rather than a policy spec. */
export function isSavedRangeTest(value: Record<string, unknown>): boolean {
  return !('policy' in value) && ('lrs' in value || 'losses' in value);
}

/**
 * Checks a saved range test: equally long `lrs`, `losses` and `smoothedLosses` (JSON writes a
 * NaN or infinite loss as `null`; it is read back as NaN), and a `suggestions` object.
 */
export function readSavedRangeTest({ value, source }: JsonInput): SavedRangeTest {
  const lrs = numbers(value, 'lrs', source);
  const losses = numbers(value, 'losses', source);
  const smoothedLosses = numbers(value, 'smoothedLosses', source);
  if (losses.length !== lrs.length || smoothedLosses.length !== lrs.length) {
    throw inputError(
      `expected ${source} to have as many losses and smoothedLosses as lrs (${lrs.length}), got ${losses.length} and ${smoothedLosses.length}`,
    );
  }
  const suggestions = value.suggestions;
  if (typeof suggestions !== 'object' || suggestions === null || Array.isArray(suggestions)) {
    throw inputError(
      `expected ${source} to have a suggestions object (as cyclr find --save writes it), got ${suggestions === undefined ? 'none' : JSON.stringify(suggestions)}`,
    );
  }
  const metrics = value.metrics as RangeTestData['metrics'] | null | undefined;
  const bounds = value.bounds as LrBounds | null | undefined;
  const validBounds =
    typeof bounds === 'object' &&
    bounds !== null &&
    typeof bounds.baseLr === 'number' &&
    typeof bounds.maxLr === 'number';
  return {
    result: {
      ...(value as unknown as RangeTestData),
      lrs,
      losses,
      smoothedLosses,
      metrics: metrics ?? undefined,
      stoppedAt: typeof value.stoppedAt === 'number' ? value.stoppedAt : lrs.length,
      suggestions: suggestions as RangeTestData['suggestions'],
    },
    bounds: validBounds ? bounds : undefined,
  };
}

function numbers(value: Record<string, unknown>, key: string, source: string): number[] {
  const array = value[key];
  if (!Array.isArray(array) || !array.every((item) => item === null || typeof item === 'number')) {
    throw inputError(
      `expected ${source} to be a policy spec {"policy": ...} or a range-test result from cyclr find --save with a numeric ${key} array, got ${array === undefined ? `no ${key}` : `${key} = ${JSON.stringify(array).slice(0, 40)}`}`,
    );
  }
  return array.map((item) => (item === null ? Number.NaN : (item as number)));
}
