import { batchNorm, dense, dropout, OnnxTrainer, relu, sequential } from '../../index.js';
import { batchOf, fashion } from './fashion.js';

/** The run the checkpoint tests stop and resume: BatchNorm buffers, dropout, Adam state, 1cycle lr and beta1. */
export function createRun(): Promise<OnnxTrainer> {
  return OnnxTrainer.create({
    model: sequential({
      inputShape: [784],
      layers: [dense(24), batchNorm(), relu(), dropout(0.25), dense(10)],
    }),
    optimizer: { type: 'adamw', weightDecay: 0.02 },
    schedule: { policy: 'oneCycle', maxLr: 0.01, totalSteps: 40 },
    seed: 7,
  });
}

const train = fashion('train');

/** Trains steps [from, to) on 32-row batches of the Fashion slice; returns the losses. */
export async function trainSteps(
  trainer: OnnxTrainer,
  from: number,
  to: number,
): Promise<number[]> {
  const losses: number[] = [];
  for (let step = from; step < to; step++) {
    const b = batchOf(train, (step * 32) % train.rows, 32);
    losses.push(await trainer.step(b.inputs, b.labels));
  }
  return losses;
}
