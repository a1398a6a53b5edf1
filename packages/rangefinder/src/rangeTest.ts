import type { RangeTestTrainer } from '@cyclr/core/trainer';
import { fail } from './errors.js';
import { type RangeTestOptions, resolveOptions } from './options.js';
import { type MetricCurve, type RangeTestResult, type StopReason, toResult } from './result.js';
import { emaSmoother } from './smoothing.js';
import { suggestAll } from './suggest.js';
import { sweepLrs } from './sweep.js';

/**
 * The learning-rate range test (Smith 2017, section 3.3; fastai's `lr_find`): train for
 * `steps` updates while the rate grows from `startLr` to `endLr`, record the loss, and read
 * bounds for a cyclical or 1cycle schedule off the curve.
 *
 * - Smoothing: bias-corrected EMA, s_i = a_i / (1 - beta^(i+1)), a_i = beta a_(i-1) + (1 - beta) loss_i.
 * - Early stop: when s_i > divergeFactor x min(s_0..s_i) (`"diverged"`), when a loss is NaN or
 *   infinite (`"nonFinite"`), or when `signal` aborts (`"aborted"`).
 * - State: `trainer.snapshot()` is taken first and `trainer.restore()` always runs at the end,
 *   also when a step throws (the error is rethrown after the restore) or the test is aborted.
 *   The trainer leaves the test with exactly the weights and optimizer state it came with.
 *
 * Options are checked before the trainer is touched; bad ones throw a {@link RangeTestError}.
 *
 * @example
 * const result = await rangeTest(trainer, { startLr: 1e-5, endLr: 1, steps: 100 });
 * result.suggestions.robust?.lr; // the default suggestion for maxLr
 * bounds(result);                // { baseLr, maxLr } for triangular / oneCycle
 * JSON.stringify(result);        // curves + markers, for `cyclr plot`
 */
export async function rangeTest(
  trainer: RangeTestTrainer,
  options: RangeTestOptions = {},
): Promise<RangeTestResult> {
  if (
    typeof trainer !== 'object' ||
    trainer === null ||
    typeof trainer.step !== 'function' ||
    typeof trainer.snapshot !== 'function' ||
    typeof trainer.restore !== 'function'
  ) {
    fail('rangeTest', 'trainer', 'an object with step, snapshot and restore methods', trainer);
  }
  const resolved = resolveOptions(options, typeof trainer.evaluate === 'function');
  const { signal, onStep } = options;
  const schedule = sweepLrs(resolved.startLr, resolved.endLr, resolved.steps, resolved.mode);

  const lrs: number[] = [];
  const losses: number[] = [];
  const smoothedLosses: number[] = [];
  const metricSteps: number[] = [];
  const metricLrs: number[] = [];
  const metricValues: number[] = [];
  let reason: StopReason = 'completed';

  const state = await trainer.snapshot();
  try {
    const smooth = emaSmoother(resolved.beta);
    let best = Number.POSITIVE_INFINITY;
    for (let step = 0; step < resolved.steps; step++) {
      if (signal?.aborted) {
        reason = 'aborted';
        break;
      }
      const lr = schedule[step] as number;
      const loss = await trainer.step(lr);
      if (typeof loss !== 'number') {
        fail('rangeTest', 'trainer.step()', 'a number (the batch loss)', loss);
      }
      const smoothed = smooth(loss);
      lrs.push(lr);
      losses.push(loss);
      smoothedLosses.push(smoothed);
      if (smoothed < best) best = smoothed;

      let metric: number | undefined;
      const every = resolved.evaluateEvery;
      const finite = Number.isFinite(loss) && Number.isFinite(smoothed);
      if (
        every !== undefined &&
        finite &&
        ((step + 1) % every === 0 || step === resolved.steps - 1) &&
        trainer.evaluate
      ) {
        metric = await trainer.evaluate();
        metricSteps.push(step);
        metricLrs.push(lr);
        metricValues.push(metric);
      }
      await onStep?.({ step, lr, loss, smoothedLoss: smoothed, bestLoss: best, metric });

      if (!finite) {
        reason = 'nonFinite';
        break;
      }
      if (smoothed > resolved.divergeFactor * best) {
        reason = 'diverged';
        break;
      }
    }
  } finally {
    await trainer.restore(state);
  }

  const metrics: MetricCurve | undefined =
    resolved.evaluateEvery === undefined
      ? undefined
      : { steps: metricSteps, lrs: metricLrs, values: metricValues };
  return toResult({
    lrs,
    losses,
    smoothedLosses,
    metrics,
    stoppedAt: lrs.length,
    reason,
    suggestions: suggestAll(
      lrs,
      losses,
      smoothedLosses,
      resolved.skipStart,
      resolved.skipEnd,
      metrics,
    ),
    options: resolved,
  });
}
