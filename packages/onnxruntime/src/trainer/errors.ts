/**
 * Thrown by {@link OnnxTrainer.step} when the batch's loss is NaN or infinite. The update of
 * that step is never applied; with `restoreOnNonFiniteLoss` the trainer also goes back to the
 * parameters of the last step whose loss was finite. With `gradientAccumulationSteps` > 1 the
 * whole accumulation window is dropped (no update; the next step starts a new window).
 */
export class NonFiniteLossError extends Error {
  override readonly name = 'NonFiniteLossError';
  constructor(
    /** The global step (0-based) whose loss was not finite. */
    readonly step: number,
    /** The loss value (NaN, Infinity or -Infinity). */
    readonly loss: number,
    /** The global step the trainer is at now (after an optional restore). */
    readonly resumedAt: number,
  ) {
    super(
      `OnnxTrainer.step: loss is ${loss} at step ${step}; the update was not applied` +
        (resumedAt < step ? `, parameters restored to those before step ${resumedAt}` : ''),
    );
  }
}
