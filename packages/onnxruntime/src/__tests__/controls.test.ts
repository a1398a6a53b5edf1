// The parameter selector and the checks of clipNorm / weightDecayFilter / paramGroups / freeze:
// what they match, and the errors (naming the option, the pattern and the nearest name).

import { describe, expect, it } from 'vitest';
import { buildTrainingGraphsWith } from '../graph/train-graph.js';
import {
  buildTrainingGraphs,
  dense,
  OnnxTrainer,
  type OnnxTrainerOptions,
  type OptimizerOptions,
  relu,
  sequential,
} from '../index.js';
import { optimizerGraph } from '../optimizers/create.js';
import { selectParams } from '../optimizers/param-selector.js';

const names = ['dense0.weight', 'dense0.bias', 'dense1.weight', 'dense1.bias'];
const model = () => sequential({ inputShape: [4], layers: [dense(3), relu(), dense(2)] });

function create(options: Partial<OnnxTrainerOptions>) {
  return OnnxTrainer.create({
    model: model(),
    optimizer: { type: 'sgd' },
    schedule: { policy: 'constant', lr: 0.1 },
    ...options,
  });
}

const sgd = (controls: Partial<OptimizerOptions>) =>
  create({ optimizer: { type: 'sgd', ...controls } as OptimizerOptions });

describe('parameter selector', () => {
  it('matches names, * and ? wildcards (anchored), RegExps (anywhere) and lists', () => {
    const select = (s: Parameters<typeof selectParams>[2]) => selectParams('f', 'x', s, names);
    expect(select('dense0.bias')).toEqual(['dense0.bias']);
    expect(select('dense0.*')).toEqual(['dense0.weight', 'dense0.bias']);
    expect(select('*.bias')).toEqual(['dense0.bias', 'dense1.bias']);
    expect(select('dense?.weight')).toEqual(['dense0.weight', 'dense1.weight']);
    // '.' is literal in a pattern, and a pattern must match the whole name.
    expect(() => select('dense0?weight.')).toThrow();
    expect(() => select('dense0')).toThrow();
    expect(select(/bias$/)).toEqual(['dense0.bias', 'dense1.bias']);
    // A global RegExp keeps lastIndex between tests; the selector must not.
    expect(select(/dense/g)).toEqual(names);
    // In the names' order, each once.
    expect(select(['dense1.*', /dense1/, 'dense0.weight'])).toEqual([
      'dense0.weight',
      'dense1.weight',
      'dense1.bias',
    ]);
  });

  it('an entry that matches nothing is an error naming it and the nearest name', () => {
    expect(() => selectParams('f', 'freeze', ['dense0.*', 'dense1.weigth'], names)).toThrow(
      "f: expected freeze 'dense1.weigth' to match a parameter (did you mean 'dense1.weight'?), got no match among dense0.weight, dense0.bias, dense1.weight, dense1.bias",
    );
    expect(() => selectParams('f', 'freeze', /^conv/, names)).toThrow(
      'f: expected freeze /^conv/ to match a parameter, got no match',
    );
    expect(() => selectParams('f', 'freeze', [] as never, names)).toThrow(
      "f: expected freeze to be a parameter name, a pattern ('dense0.*'), a RegExp or a non-empty list of those, got []",
    );
    expect(() => selectParams('f', 'freeze', 3 as never, names)).toThrow('got 3');
  });
});

describe('optimizer controls: checks', () => {
  it('clipNorm and weightDecayFilter', async () => {
    await expect(sgd({ clipNorm: 0 })).rejects.toThrow(
      'OnnxTrainer.create: expected optimizer.clipNorm to be a finite number > 0, got 0',
    );
    await expect(sgd({ clipNorm: Number.NaN })).rejects.toThrow('got NaN');
    await expect(sgd({ weightDecayFilter: 'biases' as never })).rejects.toThrow(
      `OnnxTrainer.create: expected optimizer.weightDecayFilter to be 'all' or 'exclude1d', got "biases"`,
    );
  });

  it('paramGroups: values, unknown keys, patterns that match nothing, overlaps', async () => {
    await expect(sgd({ paramGroups: [{ params: 'dense0.*', lrMultiplier: -1 }] })).rejects.toThrow(
      'OnnxTrainer.create: expected optimizer.paramGroups[0].lrMultiplier to be a finite number >= 0, got -1',
    );
    await expect(
      sgd({ paramGroups: [{ params: 'dense0.*', lrMultipler: 0.1 } as never] }),
    ).rejects.toThrow(
      'OnnxTrainer.create: unknown option "lrMultipler" in optimizer.paramGroups[0] (did you mean "lrMultiplier"?); expected one of params, lrMultiplier, weightDecay',
    );
    await expect(sgd({ paramGroups: [{ params: 'dense2.*' }] })).rejects.toThrow(
      "OnnxTrainer.create: expected optimizer.paramGroups[0].params 'dense2.*' to match a parameter",
    );
    await expect(
      sgd({ paramGroups: [{ params: 'dense0.*' }, { params: /bias/, lrMultiplier: 2 }] }),
    ).rejects.toThrow(
      "OnnxTrainer.create: expected each parameter in at most one of optimizer.paramGroups, got 'dense0.bias' in groups 0 and 1",
    );
    await expect(sgd({ paramGroups: 'dense0.*' as never })).rejects.toThrow(
      'expected optimizer.paramGroups to be an array',
    );
    // A frozen parameter is in no group: it is not trained.
    await expect(
      create({
        freeze: 'dense0.*',
        optimizer: { type: 'sgd', paramGroups: [{ params: 'dense0.weight' }] },
      }),
    ).rejects.toThrow(
      "expected optimizer.paramGroups[0].params 'dense0.weight' to match a parameter",
    );
  });

  it("an AdamW group's own decay rate cannot be combined with a scheduled weightDecay", async () => {
    await expect(
      create({
        optimizer: { type: 'adamw', paramGroups: [{ params: 'dense0.*', lrMultiplier: 0.1 }] },
        hyperParameters: { weightDecay: { policy: 'constant', lr: 0.01 } },
      }),
    ).rejects.toThrow(
      'OnnxTrainer.create: expected optimizer.paramGroups[0] to have no weightDecay or lrMultiplier with adamw while weightDecay is scheduled',
    );
  });

  it('freeze: nothing matched, everything frozen', async () => {
    await expect(create({ freeze: 'dense9.*' })).rejects.toThrow(
      "OnnxTrainer.create: expected freeze 'dense9.*' to match a parameter",
    );
    await expect(create({ freeze: ['dense0.*', 'dense1.*'] })).rejects.toThrow(
      'OnnxTrainer.create: expected freeze to leave at least one parameter trainable, got every parameter frozen (dense0.weight, dense0.bias, dense1.weight, dense1.bias)',
    );
  });
});

describe('optimizer controls: graphs', () => {
  const forward = model().build(0);
  const inputs = (optimizer: OptimizerOptions) =>
    buildTrainingGraphs(forward, optimizer).trainStep.inputs.map((i) => i.name);
  const readers = (optimizer: OptimizerOptions, input: string) =>
    buildTrainingGraphs(forward, optimizer).trainStep.nodes.filter((n) => n.inputs.includes(input));

  it('feeds stay the same: groups are constant Muls on learning_rate, shared per multiplier', () => {
    const plain = inputs({ type: 'sgd', momentum: 0.9 });
    const grouped: OptimizerOptions = {
      type: 'sgd',
      momentum: 0.9,
      clipNorm: 1,
      weightDecayFilter: 'exclude1d',
      paramGroups: [{ params: 'dense0.*', lrMultiplier: 0.1 }],
    };
    expect(inputs(grouped)).toEqual(plain);
    // One Mul makes the group's lr; dense1's two updates read learning_rate itself.
    expect(readers(grouped, 'learning_rate').map((n) => n.opType)).toEqual(['Mul', 'Mul', 'Mul']);
  });

  it('adam: the group multiplier scales step_size; an AdamW group with its own rate reads learning_rate', () => {
    expect(inputs({ type: 'adam', paramGroups: [{ params: '*.bias', lrMultiplier: 2 }] })).toEqual(
      inputs({ type: 'adam' }),
    );
    expect(inputs({ type: 'adamw', paramGroups: [{ params: '*.bias', lrMultiplier: 2 }] })).toEqual(
      [...inputs({ type: 'adamw' }), 'learning_rate'],
    );
    // No decay on the group: no factor of its own, no learning_rate input.
    expect(
      inputs({
        type: 'adamw',
        paramGroups: [{ params: '*.bias', lrMultiplier: 2, weightDecay: 0 }],
      }),
    ).toEqual(inputs({ type: 'adamw' }));
  });

  it('exclude1d with a scheduled weight decay: only the 2-D weights read weight_decay', () => {
    const optimizer = optimizerGraph(
      { type: 'sgd', weightDecayFilter: 'exclude1d' },
      new Set(['weightDecay']),
    );
    const graph = buildTrainingGraphsWith(forward, optimizer).trainStep;
    const decayed = graph.nodes
      .filter((n) => n.inputs.includes('weight_decay'))
      .map((n) => n.inputs.find((i) => i !== 'weight_decay'));
    expect(decayed).toEqual(['dense0.weight', 'dense1.weight']);
  });

  it('frozen parameters are constants of the train step, not inputs, and have no state', async () => {
    const trainer = await create({ freeze: /^dense0\./, optimizer: { type: 'adam' } });
    const state = await trainer.snapshot();
    expect(Object.keys(state.params)).toEqual(['dense1.weight', 'dense1.bias']);
    expect(Object.keys(state.optimizerState)).toEqual([
      'dense1.weight.exp_avg',
      'dense1.weight.exp_avg_sq',
      'dense1.bias.exp_avg',
      'dense1.bias.exp_avg_sq',
    ]);
    expect(Object.keys(trainer.parameters()).sort()).toEqual([...names].sort());
    await trainer.release();
  });

  it('lrMultiplier 0 leaves its group unchanged while the others train', async () => {
    const trainer = await sgd({
      momentum: 0.9,
      paramGroups: [{ params: 'dense1.*', lrMultiplier: 0 }],
    });
    const before = trainer.parameters();
    const inputs = Float32Array.from({ length: 32 }, (_, i) => Math.sin(i));
    const labels = Int32Array.from({ length: 8 }, (_, i) => i % 2);
    for (let i = 0; i < 3; i++) await trainer.step(inputs, labels);
    const after = trainer.parameters();
    expect(after['dense1.weight']).toEqual(before['dense1.weight']);
    expect(after['dense0.weight']).not.toEqual(before['dense0.weight']);
    await trainer.release();
  });
});
