// PyTorch 1.13 training-mode exports whose forward reads fixed dims from the Shape of a
// batch-sized tensor at run time (fixtures/torch-exports/fold-*, make_fold_fixtures.py):
// `z.reshape(b, 14, 2, d // 2)`, `torch.chunk`, `torch.split` (a Split node), `z.view(b, t, h, d // h)` and
// nn.TransformerEncoderLayer, whose attention reshapes [seq, batch, d] to
// [seq, batch * heads, d / heads]. The loader folds those dims (and batch multiples) at load;
// the trainer then follows PyTorch's per-step losses, final parameters and eval logits.
// Exported at batch 2, trained at 16 and evaluated at 32, so no fixed batch is baked in.
//
// Tolerances as in torch-exports.test.ts (PyTorch trained in float64 from the float32 weights;
// the gap is float32 rounding). Measured here (onnxruntime-node 1.30): per-step loss <= 1.3e-7
// relative, final parameters <= 2.2e-6 and eval logits <= 4.5e-7 of the tensor's largest
// magnitude, initial logits <= 1.6e-7.
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { OnnxTrainer } from '../index.js';
import {
  inputsOf,
  relativeToScale,
  type TorchExport,
  torchExport,
} from './helpers/torch-export.js';

const lossTolerance = (step: number) => 1e-5 * (1 + step);
const FINAL_TOLERANCE = 1e-4;

async function evalLogits(trainer: OnnxTrainer, fixture: TorchExport): Promise<Float32Array> {
  const session = await InferenceSession.create(await trainer.exportInferenceModel());
  const x = inputsOf(fixture.input, 'test', fixture.heldOut.rows);
  const [inputName] = session.inputNames;
  const result = await session.run({
    [inputName as string]: new Tensor('float32', x.data, x.dims),
  });
  await session.release();
  return result[session.outputNames[0] as string]?.data as Float32Array;
}

describe.each([
  'fold-reshape-div',
  'fold-chunk',
  'fold-split',
  'fold-view-heads',
  'fold-encoder-layer',
])('torch.onnx.export with static dims read from a batch-sized Shape: %s', (name) => {
  it('loads, predicts like PyTorch and trains to its losses, parameters and eval logits', async () => {
    const { fixture, bytes } = torchExport(name);
    const { lr, momentum, weightDecay } = fixture.optimizer;
    const trainer = await OnnxTrainer.create({
      model: bytes,
      optimizer: { type: 'sgd', momentum, weightDecay },
      schedule: { policy: 'constant', lr },
    });
    const before = await evalLogits(trainer, fixture);
    expect(relativeToScale(before, fixture.heldOut.initialLogits), 'initial logits').toBeLessThan(
      FINAL_TOLERANCE,
    );
    const losses: number[] = [];
    for (const rows of fixture.batches) {
      const x = inputsOf(fixture.input, 'train', rows);
      losses.push(await trainer.step(x.data, x.labels));
    }
    losses.forEach((loss, step) => {
      const expected = fixture.losses[step] as number;
      expect(Math.abs(loss - expected) / expected, `${name} step ${step}`).toBeLessThan(
        lossTolerance(step),
      );
    });
    const params = trainer.parameters();
    expect(Object.keys(params).sort()).toEqual(Object.keys(fixture.params).sort());
    for (const [param, expected] of Object.entries(fixture.params)) {
      expect(relativeToScale(params[param] as Float32Array, expected), param).toBeLessThan(
        FINAL_TOLERANCE,
      );
    }
    const after = await evalLogits(trainer, fixture);
    expect(relativeToScale(after, fixture.heldOut.logits), 'eval logits').toBeLessThan(
      FINAL_TOLERANCE,
    );
    await trainer.release();
  });
});
