import { dense, OnnxTrainer, relu, sequential } from '../../index.js';
import { batchOf, fashion } from './fashion.js';

/**
 * The runs checkpoint-schedules.test.ts stops and resumes:
 * - `plateau`: SGD momentum under a cosine lr with ReduceLROnPlateau on the validation loss,
 *   reported every 3 steps; it reduces both before and after the save (the test checks it).
 * - `hyperParameters`: AdamW under 1cycle with scheduled weight decay (cosine) and beta2 (a
 *   table that changes before and after the save).
 */
export const RUNS = {
  plateau: () =>
    OnnxTrainer.create({
      model: sequential({ inputShape: [784], layers: [dense(32), relu(), dense(10)] }),
      optimizer: { type: 'sgd', momentum: 0.9 },
      schedule: { policy: 'cosine', lr: 0.08, totalSteps: 30 },
      plateau: { patience: 1, factor: 0.5, threshold: 0.2, cooldown: 1 },
      seed: 5,
    }),
  hyperParameters: () =>
    OnnxTrainer.create({
      model: sequential({ inputShape: [784], layers: [dense(32), relu(), dense(10)] }),
      optimizer: { type: 'adamw' },
      schedule: { policy: 'oneCycle', maxLr: 0.01, totalSteps: 30 },
      hyperParameters: {
        weightDecay: { policy: 'cosine', lr: 0.05, totalSteps: 30 },
        beta2: { policy: 'table', values: [0.99, 0.995, 0.999], boundaries: [6, 20] },
      },
      seed: 5,
    }),
} as const;
export type RunName = keyof typeof RUNS;

export const REPORT_EVERY = 3;
const train = fashion('train');
const validation = batchOf(fashion('test'), 0, 128);

/** What a run did over its steps: each step's loss, and at each report the metric and multiplier. */
export interface RunRecord {
  readonly losses: number[];
  readonly evaluations: number[];
  readonly multipliers: number[];
}

/**
 * Trains steps [from, to) on 32-row batches of the Fashion slice; with a plateau, evaluates the
 * validation rows after every REPORT_EVERY-th step and reports the loss to it.
 */
export async function trainRecorded(
  trainer: OnnxTrainer,
  from: number,
  to: number,
): Promise<RunRecord> {
  const record: RunRecord = { losses: [], evaluations: [], multipliers: [] };
  for (let step = from; step < to; step++) {
    const b = batchOf(train, (step * 32) % train.rows, 32);
    record.losses.push(await trainer.step(b.inputs, b.labels));
    if (trainer.plateau && (step + 1) % REPORT_EVERY === 0) {
      const { loss } = await trainer.evaluate(validation.inputs, validation.labels, {
        report: true,
      });
      record.evaluations.push(loss);
      record.multipliers.push(trainer.plateau.multiplier);
    }
  }
  return record;
}
