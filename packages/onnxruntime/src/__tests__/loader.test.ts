// The loader on real PyTorch 1.13 training-mode exports (fixtures/loader-*.onnx, written by
// fixtures/make_loader_fixtures.py, with what PyTorch computed on them in loader-fixtures.json).
import { readFileSync } from 'node:fs';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { loadForwardModel, OnnxTrainer } from '../index.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const torch = JSON.parse(readFileSync(fixture('loader-fixtures.json'), 'utf8')) as {
  input: number[];
  labels: number[];
  evalLogits: number[];
  trainLoss: number;
  runningMeanAfter: number[];
  runningVarAfter: number[];
  dropout: { input: number[]; evalLogits: number[] };
};
function expectClose(actual: ArrayLike<number>, expected: readonly number[], digits: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    expect(actual[i]).toBeCloseTo(expected[i] as number, digits);
}

const SHAPE_OPS = ['Shape', 'Gather', 'Unsqueeze', 'Concat', 'Constant', 'Cast'];

describe.each([13, 15])(
  'a training-mode export at opset %i (BatchNorm2d, x.view(x.size(0), -1))',
  (opset) => {
    const bytes = readFileSync(fixture(`loader-bn-view-opset${opset}.onnx`));

    it('folds the view subgraph into a Reshape valid for every batch size', () => {
      const model = loadForwardModel(bytes);
      expect(model.nodes.map((n) => n.opType)).toEqual([
        'Conv',
        'BatchNormalization',
        'Relu',
        'Reshape',
        'Gemm',
      ]);
      expect(model.nodes.some((n) => SHAPE_OPS.includes(n.opType))).toBe(false);
      const reshape = model.nodes.find((n) => n.opType === 'Reshape');
      const target = model.constants.find((c) => c.name === reshape?.inputs[1]);
      expect(Array.from(target?.data as BigInt64Array, Number)).toEqual([0, -1]);
      // The running statistics are buffers, not parameters; BN has its plain one-output form.
      expect(model.buffers?.map((b) => b.name)).toEqual(['bn.running_mean', 'bn.running_var']);
      expect(model.params.map((p) => p.name)).toEqual([
        'conv.weight',
        'bn.weight',
        'bn.bias',
        'fc.weight',
        'fc.bias',
      ]);
      const bn = model.nodes[1];
      expect(bn?.outputs).toHaveLength(1);
      expect(bn?.attributes?.training_mode).toBeUndefined();
    });

    it('matches PyTorch: eval() logits on the running statistics, the train-mode loss and its running-stat update', async () => {
      const trainer = await OnnxTrainer.create({
        model: bytes,
        optimizer: { type: 'sgd', momentum: 0 },
        schedule: { policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 2 },
      });
      const input = Float32Array.from(torch.input);
      const labels = Int32Array.from(torch.labels);

      const session = await InferenceSession.create(await trainer.exportInferenceModel());
      for (const rows of [4, 2]) {
        // Another batch size than the export's: the folded Reshape holds for any.
        const out = await session.run({
          input: new Tensor('float32', input.subarray(0, rows * 36), [rows, 1, 6, 6]),
        });
        expectClose(out.logits?.data as Float32Array, torch.evalLogits.slice(0, rows * 3), 5);
      }
      await session.release();

      const loss = await trainer.stepWith(input, labels, { learningRate: 0, momentum: 0 });
      expect(loss).toBeCloseTo(torch.trainLoss, 5);
      const buffers = trainer.buffers();
      expectClose(buffers['bn.running_mean'] as Float32Array, torch.runningMeanAfter, 6);
      expectClose(buffers['bn.running_var'] as Float32Array, torch.runningVarAfter, 6);
      await trainer.release();
    });
  },
);

describe('a training-mode export with Dropout (ratio, bool training_mode) and F.pad by zeros', () => {
  const bytes = readFileSync(fixture('loader-dropout.onnx'));

  it('loads: Dropout keeps only its ratio, the pad subgraph folds away', () => {
    const model = loadForwardModel(bytes);
    expect(model.nodes.map((n) => n.opType)).toEqual(['Gemm', 'Dropout', 'Relu', 'Gemm']);
    const dropout = model.nodes[1];
    expect(dropout?.inputs).toHaveLength(2);
    const ratio = model.constants.find((c) => c.name === dropout?.inputs[1]);
    expect(ratio?.data[0]).toBeCloseTo(0.25, 6);
  });

  it("trains, and evaluates as PyTorch's eval() (no dropping)", async () => {
    const trainer = await OnnxTrainer.create({
      model: bytes,
      optimizer: { type: 'sgd', momentum: 0 },
      schedule: { policy: 'triangular', baseLr: 0.01, maxLr: 0.1, stepSize: 2 },
    });
    const input = Float32Array.from(torch.dropout.input);
    const session = await InferenceSession.create(await trainer.exportInferenceModel());
    const out = await session.run({ input: new Tensor('float32', input, [3, 4]) });
    expectClose(out.logits?.data as Float32Array, torch.dropout.evalLogits, 5);
    await session.release();
    const labels = Int32Array.from([0, 1, 2]);
    const first = await trainer.evaluate(input, labels);
    const again = await trainer.evaluate(input, labels);
    expect(again.loss).toBe(first.loss);
    const loss = await trainer.step(input, labels);
    expect(Number.isFinite(loss)).toBe(true);
    await trainer.release();
  });
});
