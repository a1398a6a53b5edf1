import { dense, OnnxTrainer, type OnnxTrainerOptions, relu, sequential } from '../../index.js';

/** A small Fashion-MNIST MLP trainer (784-32-10), SGD unless overridden. */
export function mlpTrainer(options: Partial<OnnxTrainerOptions> = {}): Promise<OnnxTrainer> {
  return OnnxTrainer.create({
    model: sequential({
      inputShape: [784],
      layers: [dense(32, { kernelInitializer: 'heUniform' }), relu(), dense(10)],
    }),
    optimizer: { type: 'sgd', momentum: 0.9 },
    schedule: { policy: 'constant', lr: 0.05 },
    seed: 1,
    ...options,
  });
}
