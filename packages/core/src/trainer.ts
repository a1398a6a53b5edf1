// `@cyclr/core/trainer`: the protocol between a framework adapter that can train (@cyclr/tfjs,
// @cyclr/onnxruntime) and the tools that drive training (@cyclr/rangefinder). It lives in core,
// under its own entry point, so adapters depend on core alone and the arrows keep pointing
// inward; it is types only (no runtime code), so the schedule API does not carry it.

/**
 * The range-test trainer protocol: framework adapters provide it, `@cyclr/rangefinder`
 * consumes it. Structural: any object with these methods is a trainer.
 */
export interface RangeTestTrainer {
  /** One optimizer update at this learning rate; returns the batch's training loss. */
  step(lr: number): number | Promise<number>;
  /** Weights and optimizer state, enough for {@link RangeTestTrainer.restore} to undo the test. */
  snapshot(): unknown | Promise<unknown>;
  /** Puts back a state taken by {@link RangeTestTrainer.snapshot}, exactly. */
  restore(state: unknown): void | Promise<void>;
  /** Optional validation metric (e.g. accuracy), for Smith's accuracy-based range test. */
  evaluate?(): number | Promise<number>;
}
