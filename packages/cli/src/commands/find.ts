import { writeFileSync } from 'node:fs';
import type { LrBounds, RangeTestData } from '@cyclr/rangefinder';
import { inputError, oneLine, usageError } from '../errors.js';
import type { CliIO } from '../io.js';
import { type FindModules, loadFindModules } from './find-modules.js';
import { type FindOptions, type FindSettings, parseFindOptions } from './find-options.js';
import { formatReport, suggestedSpecs, writeCurve } from './find-report.js';

export type { FindOptions } from './find-options.js';

/** Test images the accuracy test (`--evaluate-every`) evaluates on. */
const evaluationRows = 1000;

/**
 * `cyclr find`: Smith's learning-rate range test with the ONNX trainer on Fashion-MNIST (the
 * subset that ships with @cyclr/datasets, or the four IDX files in `--data DIR`), and the
 * bounds it suggests for CLR and 1cycle. Exits 1 after the report when the curve gives no
 * bounds.
 */
export async function findCommand(
  options: FindOptions,
  io: CliIO,
  load: (cwd: string) => Promise<FindModules> = loadFindModules,
): Promise<void> {
  const settings = parseFindOptions(options, io.cwd);
  const modules = await load(io.cwd);
  const { result, setup } = await runRangeTest(modules, settings);

  const { rangefinder } = modules;
  // `bounds` reads the edge suggestion unless told otherwise; ask for it by name, so what the
  // report says is what was computed.
  const from =
    settings.evaluateEvery !== undefined && result.suggestions.accuracy ? 'accuracy' : 'edge';
  let bounds: LrBounds | undefined;
  try {
    bounds = rangefinder.bounds(
      result,
      from === 'accuracy' ? { from: 'accuracy' } : { from: 'loss', suggestion: 'edge' },
    );
  } catch (error) {
    if (!(error instanceof rangefinder.RangeTestError)) throw error;
  }

  const specs = bounds === undefined ? undefined : suggestedSpecs(bounds, setup.stepsPerEpoch);
  const saved = `${JSON.stringify({ ...result, bounds, specs })}\n`;
  if (settings.outPath !== undefined && settings.out !== undefined) {
    await writeCurve(settings.outPath, settings.out, result, bounds);
  }
  if (settings.savePath !== undefined && settings.save !== undefined) {
    try {
      writeFileSync(settings.savePath, saved);
    } catch (error) {
      throw inputError(
        `cannot write --save ${settings.save}: ${oneLine((error as Error).message)}`,
      );
    }
  }
  if (settings.json) {
    io.stdout(saved);
  } else {
    io.stdout(formatReport(setup, result, bounds && { value: bounds, from }, io));
  }
  if (bounds === undefined) {
    throw inputError(
      `the range test gave no bounds (${result.stoppedAt} steps, stopped: ${result.reason}); try a wider --start-lr/--end-lr or more --steps`,
    );
  }
}

/** Loads the data, builds the MLP trainer and runs the sweep; the trainer is always released. */
async function runRangeTest(
  { onnxruntime, rangefinder, datasets }: FindModules,
  settings: FindSettings,
) {
  let sets: Awaited<ReturnType<typeof datasets.loadFashionMnist>>;
  try {
    sets = await datasets.loadFashionMnist(
      settings.data === undefined ? {} : { dir: settings.data },
    );
  } catch (error) {
    if (error instanceof datasets.DatasetError) throw inputError(oneLine(error.message));
    throw error;
  }
  const { train, test } = sets;
  if (settings.batchSize > train.count) {
    throw usageError(
      `expected --batch-size to be at most the ${train.count} training images, got ${settings.batchSize}`,
    );
  }
  const inputSize = train.shape.reduce((product, size) => product * size, 1);
  const { dense, relu, sequential, OnnxTrainer } = onnxruntime;
  const trainer = await OnnxTrainer.create({
    model: sequential({
      inputShape: [inputSize],
      layers: [
        dense(settings.hidden, { kernelInitializer: 'heUniform' }),
        relu(),
        dense(train.classCount),
      ],
    }),
    optimizer:
      settings.optimizer === 'sgd'
        ? { type: 'sgd', momentum: settings.momentum }
        : { type: 'adam', beta1: settings.momentum },
    // The range test feeds its own rate every step; the schedule is only a placeholder.
    schedule: { policy: 'constant', lr: settings.startLr },
    batchSize: settings.batchSize,
    seed: settings.seed,
  });
  let result: RangeTestData;
  try {
    const sampler = datasets.batchSampler(train, {
      batchSize: settings.batchSize,
      seed: settings.seed,
    });
    const rows = Math.min(evaluationRows, test.count);
    const testImages = test.images.subarray(0, rows * inputSize);
    const testLabels = test.labels.subarray(0, rows);
    let step = 0;
    const rangeTrainer = trainer.asRangeTestTrainer({
      nextBatch: () => {
        const batch = sampler.batch(step++);
        return { inputs: batch.images, labels: batch.labels };
      },
      evaluate: async () => (await trainer.evaluate(testImages, testLabels)).accuracy,
    });
    const sweep = await rangefinder.rangeTest(rangeTrainer, {
      startLr: settings.startLr,
      endLr: settings.endLr,
      steps: settings.steps,
      ...(settings.evaluateEvery === undefined ? {} : { evaluateEvery: settings.evaluateEvery }),
    });
    result = sweep.toJSON();
  } finally {
    await trainer.release();
  }
  return {
    result,
    setup: {
      settings,
      trainCount: train.count,
      inputSize,
      classCount: train.classCount,
      stepsPerEpoch: Math.floor(train.count / settings.batchSize),
    },
  };
}
