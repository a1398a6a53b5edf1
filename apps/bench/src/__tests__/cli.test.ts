import { describe, expect, it } from 'vitest';
import { benchCommand, resolveConfig } from '../cli.js';
import { BUDGETS, DEFAULT_POLICIES } from '../config.js';

function parse(...flags: string[]) {
  const command = benchCommand()
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  command.parse(['node', 'bench', ...flags]);
  return resolveConfig(command.opts(), '/base');
}

describe('bench command line', () => {
  it('defaults to the issue-6 suite: onnxruntime, mlp, 8 policies, 3 seeds, batch 128', () => {
    const config = parse();
    expect(config.backend).toBe('onnxruntime');
    expect(config.model).toBe('mlp');
    expect(config.policies).toEqual([...DEFAULT_POLICIES]);
    expect(config.seeds).toBe(3);
    expect(config.batchSize).toBe(128);
    expect(config.momentum).toBe(0.9);
    expect(config.iterations).toBe(BUDGETS.onnxruntime.iterations);
    expect(config.out).toBe('/base/bench-results');
    expect(config.dataDir).toBeUndefined();
    expect(config.boundsFrom).toBe('loss');
  });

  it('gives tfjs a shorter budget and --quick a tiny one', () => {
    expect(parse('--backend', 'tfjs').iterations).toBe(BUDGETS.tfjs.iterations);
    const quick = parse('--quick');
    expect(quick.iterations).toBe(BUDGETS.quick.iterations);
    expect(quick.seeds).toBe(1);
    expect(quick.quick).toBe(true);
  });

  it('takes every flag, resolving paths against the base directory', () => {
    const config = parse(
      '--backend=onnxruntime',
      '--model=cnn',
      '--data=data/fmnist',
      '--policies=constant, oneCycle ,specs/mine.json',
      '--iters=900',
      '--seeds=2',
      '--batch-size=64',
      '--eval-every=50',
      '--out=/tmp/out',
      '--workers=1',
      '--grid=0.1,0.01',
      '--cycles=4',
      '--bounds=accuracy',
    );
    expect(config).toMatchObject({
      backend: 'onnxruntime',
      model: 'cnn',
      dataDir: '/base/data/fmnist',
      policies: ['constant', 'oneCycle', '/base/specs/mine.json'],
      iterations: 900,
      seeds: 2,
      batchSize: 64,
      evalEvery: 50,
      out: '/tmp/out',
      workers: 1,
      grid: [0.01, 0.1],
      cycles: 4,
      boundsFrom: 'accuracy',
    });
    expect(parse('--iters=600').evalEvery).toBe(20);
  });

  it('rejects bad values with a message naming the flag', () => {
    expect(() => parse('--backend', 'pytorch')).toThrow(
      /--backend <name>.*pytorch.*onnxruntime, tfjs/,
    );
    expect(() => parse('--iters', '0')).toThrow(/--iters <n>.*expected a positive integer, got 0/);
    expect(() => parse('--grid', '0.1,-1')).toThrow(/expected positive learning rates, got -1/);
    expect(() => parse('--nope')).toThrow(/unknown option '--nope'/);
    expect(() => parse('--backend', 'tfjs', '--model', 'cnn')).toThrow(
      /expected --backend onnxruntime/,
    );
  });
});

describe('suites', () => {
  it('--suite paper: the BN ResNet, the 8 policies, 3 seeds, its budget; needs --data', () => {
    const config = parse('--suite', 'paper', '--data', 'fmnist');
    expect(config).toMatchObject({
      model: 'resnet',
      policies: [...DEFAULT_POLICIES],
      seeds: 3,
      iterations: 400,
      evalEvery: 50,
      dataDir: '/base/fmnist',
      // Up to 1.0: a BN net's best fixed rates lie above the default grid's 0.2.
      grid: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1],
    });
    expect(parse('--suite', 'paper', '--data', 'x', '--grid', '0.1,0.3').grid).toEqual([0.1, 0.3]);
    expect(() => parse('--suite', 'paper')).toThrow(/--suite paper: expected --data DIR/);
    expect(parse('--suite', 'paper', '--quick').model).toBe('resnet');
    expect(() => parse('--suite', 'paper', '--backend', 'tfjs', '--data', 'x')).toThrow(
      /--model resnet: expected --backend onnxruntime/,
    );
    expect(() => parse('--suite', 'nope')).toThrow(/--suite <name>.*default, paper/);
  });
});
