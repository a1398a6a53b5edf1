// The documented train-step graph naming (README "Graphs and naming") is a contract.
import { describe, expect, it } from 'vitest';
import { buildTrainingGraphs, dense, dropout, relu, sequential, supportedOps } from '../index.js';

const model = sequential({
  inputShape: [4],
  layers: [dense(3), relu(), dropout(0.5), dense(2)],
}).build(0);
const names = (values: readonly { name: string }[]) => values.map((v) => v.name);

describe('train-step graph naming', () => {
  it('SGD: params, velocity, learning_rate, momentum, dropout masks in; loss and .next out', () => {
    const { trainStep, evaluation } = buildTrainingGraphs(model, { type: 'sgd', momentum: 0.9 });
    expect(names(trainStep.inputs)).toEqual([
      'input',
      'labels',
      'dense0.weight',
      'dense0.bias',
      'dense1.weight',
      'dense1.bias',
      'dense0.weight.velocity',
      'dense0.bias.velocity',
      'dense1.weight.velocity',
      'dense1.bias.velocity',
      'learning_rate',
      'momentum',
      'dropout0.mask',
    ]);
    expect(names(trainStep.outputs)).toEqual([
      'loss',
      'dense0.weight.next',
      'dense0.bias.next',
      'dense1.weight.next',
      'dense1.bias.next',
      'dense0.weight.velocity.next',
      'dense0.bias.velocity.next',
      'dense1.weight.velocity.next',
      'dense1.bias.velocity.next',
    ]);
    expect(trainStep.inputs.find((i) => i.name === 'learning_rate')).toEqual({
      name: 'learning_rate',
      dtype: 'float32',
      shape: [1],
    });
    expect(names(evaluation.outputs)).toEqual(['loss', 'logits']);
  });

  it('Adam: exp_avg, exp_avg_sq, learning_rate, beta1, step', () => {
    const { trainStep } = buildTrainingGraphs(model, { type: 'adamw' });
    expect(names(trainStep.inputs).slice(6)).toEqual([
      'dense0.weight.exp_avg',
      'dense0.weight.exp_avg_sq',
      'dense0.bias.exp_avg',
      'dense0.bias.exp_avg_sq',
      'dense1.weight.exp_avg',
      'dense1.weight.exp_avg_sq',
      'dense1.bias.exp_avg',
      'dense1.bias.exp_avg_sq',
      'learning_rate',
      'beta1',
      'step',
      'dropout0.mask',
    ]);
  });

  it('lists the gradient table', () => {
    expect(supportedOps()).toEqual([
      'Add',
      'AveragePool',
      'BatchNormalization',
      'Cast',
      'Concat',
      'Conv',
      'Div',
      'Dropout',
      'Erf',
      'Exp',
      'Expand',
      'Flatten',
      'Gather',
      'Gemm',
      'GlobalAveragePool',
      'Identity',
      'LayerNormalization',
      'Log',
      'LogSoftmax',
      'MatMul',
      'MaxPool',
      'Mul',
      'Neg',
      'Pad',
      'Pow',
      'ReduceMean',
      'ReduceSum',
      'Relu',
      'Reshape',
      'Sigmoid',
      'Slice',
      'Softmax',
      'SoftmaxCrossEntropyLoss',
      'Sqrt',
      'Squeeze',
      'Sub',
      'Tanh',
      'Transpose',
      'Unsqueeze',
    ]);
  });
});
