import { describe, expect, it } from 'vitest';
import { bounds, RangeTestError, rangeTest } from '../index.js';
import { quadraticTrainer } from './trainers/quadratic.js';

/** Exact equality, bit for bit (toEqual would accept -0 for 0). */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

describe('rangeTest on a quadratic with known curvature L (GD diverges for lr > 2/L)', () => {
  for (const curvature of [1e-1, 10, 1000]) {
    for (const noise of [0, 0.3]) {
      it(`L = ${curvature}, noise ${noise}: bounds().maxLr in 0.37-0.78 x 2/L over 5 seeds`, async () => {
        for (const seed of [1, 2, 3, 4, 5]) {
          const trainer = quadraticTrainer({ curvature, noise, seed });
          // The default sweep (1e-7..10) is too low for L = 0.1 (2/L = 20): shift it.
          const endLr = curvature < 1 ? 1000 : 10;
          const result = await rangeTest(trainer, { endLr });
          const maxLr = bounds(result).maxLr;
          // The README's claim, to two digits: 0.37-0.78 x 2/L.
          const ratio = maxLr / (2 / curvature);
          expect(ratio).toBeGreaterThanOrEqual(0.365);
          expect(ratio).toBeLessThanOrEqual(0.785);
        }
      });
    }
  }

  it('detects the divergence and stops early', async () => {
    const trainer = quadraticTrainer({ curvature: 10 });
    const result = await rangeTest(trainer);
    expect(result.reason).toBe('diverged');
    expect(result.stoppedAt).toBeLessThan(100);
    expect(result.stoppedAt).toBe(result.lrs.length);
    expect(trainer.calls).toBe(result.stoppedAt);
    const last = result.smoothedLosses.at(-1) as number;
    expect(last).toBeGreaterThan(4 * Math.min(...result.smoothedLosses));
    // It stopped past 2/L, but not long after: the blow-up is detected within a few steps.
    expect(result.lrs.at(-1)).toBeGreaterThan(2 / 10);
    expect(result.lrs.at(-1)).toBeLessThan(10 * (2 / 10));
  });

  it('stops on a non-finite loss', async () => {
    const trainer = quadraticTrainer({ curvature: 10 });
    const step = trainer.step;
    trainer.step = (lr) => (trainer.calls === 30 ? Number.NaN : step(lr));
    const result = await rangeTest(trainer, { divergeFactor: Number.POSITIVE_INFINITY });
    expect(result.reason).toBe('nonFinite');
    expect(result.stoppedAt).toBe(31);
    expect(result.suggestions.robust).toBeDefined();
  });

  it('runs every step when divergence is disabled and the loss stays finite', async () => {
    const trainer = quadraticTrainer({ curvature: 1e-3 });
    const result = await rangeTest(trainer, { steps: 50, endLr: 1 });
    expect(result.reason).toBe('completed');
    expect(result.stoppedAt).toBe(50);
  });
});

describe('rangeTest restores the trainer exactly', () => {
  it('after divergence', async () => {
    const trainer = quadraticTrainer({ curvature: 10, noise: 0.3 });
    trainer.weights.set(trainer.weights.map((_, k) => Math.sin(k + 0.1)));
    const before = Float64Array.from(trainer.weights);
    const result = await rangeTest(trainer);
    expect(result.reason).toBe('diverged');
    expect(sameBits(trainer.weights, before)).toBe(true);
  });

  it('after a step throws (and rethrows the error)', async () => {
    const trainer = quadraticTrainer({ curvature: 10, noise: 0.3 });
    const before = Float64Array.from(trainer.weights);
    trainer.failAt = 40;
    await expect(rangeTest(trainer)).rejects.toThrow('step failed');
    expect(trainer.calls).toBe(41);
    expect(sameBits(trainer.weights, before)).toBe(true);
  });

  it('after an abort, returning the curve so far', async () => {
    const trainer = quadraticTrainer({ curvature: 10 });
    const before = Float64Array.from(trainer.weights);
    const controller = new AbortController();
    const result = await rangeTest(trainer, {
      signal: controller.signal,
      onStep: ({ step }) => {
        if (step === 9) controller.abort();
      },
    });
    expect(result.reason).toBe('aborted');
    expect(result.stoppedAt).toBe(10);
    expect(sameBits(trainer.weights, before)).toBe(true);
  });

  it('when aborted before the first step', async () => {
    const trainer = quadraticTrainer({ curvature: 10 });
    const result = await rangeTest(trainer, { signal: AbortSignal.abort() });
    expect(result.reason).toBe('aborted');
    expect(result.stoppedAt).toBe(0);
    expect(result.suggestions.robust).toBeUndefined();
    expect(() => bounds(result)).toThrow(RangeTestError);
  });

  it('with an async trainer, restoring before the promise settles', async () => {
    const inner = quadraticTrainer({ curvature: 10 });
    const before = Float64Array.from(inner.weights);
    const events: string[] = [];
    const trainer = {
      step: async (lr: number) => inner.step(lr),
      snapshot: async () => {
        events.push('snapshot');
        return inner.snapshot();
      },
      restore: async (state: unknown) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        inner.restore(state);
        events.push('restore');
      },
    };
    const result = await rangeTest(trainer);
    expect(events).toEqual(['snapshot', 'restore']);
    expect(result.reason).toBe('diverged');
    expect(sameBits(inner.weights, before)).toBe(true);
  });
});

describe('rangeTest sweep, smoothing and progress', () => {
  it('sweeps exponentially from startLr to endLr by default (fastai: 1e-7 to 10, 100 steps)', async () => {
    const trainer = quadraticTrainer({ curvature: 1e-9 });
    const result = await rangeTest(trainer);
    expect(result.lrs).toHaveLength(100);
    expect(result.lrs[0]).toBe(1e-7);
    expect(result.lrs[99]).toBe(10);
    const ratio = (10 / 1e-7) ** (1 / 99);
    for (let i = 1; i < 100; i++) {
      expect((result.lrs[i] as number) / (result.lrs[i - 1] as number)).toBeCloseTo(ratio, 10);
    }
    expect(result.options).toMatchObject({ startLr: 1e-7, endLr: 10, steps: 100, beta: 0.98 });
  });

  it('sweeps linearly in linear mode', async () => {
    const trainer = quadraticTrainer({ curvature: 1e-3 });
    const result = await rangeTest(trainer, { startLr: 0.1, endLr: 1, steps: 10, mode: 'linear' });
    expect(result.lrs).toHaveLength(10);
    result.lrs.forEach((lr, i) => {
      expect(lr).toBeCloseTo(0.1 + 0.1 * i, 14);
    });
  });

  it('smooths with a bias-corrected EMA (a constant loss stays constant)', async () => {
    const trainer = { step: () => 2, snapshot: () => 0, restore: () => {} };
    const result = await rangeTest(trainer, { steps: 20 });
    for (const smoothed of result.smoothedLosses) expect(smoothed).toBeCloseTo(2, 12);
    // Hand-checked: beta 0.5, losses 4, 2 -> (0.5 * 4 * 0.5 + 0.5 * 2) / (1 - 0.25) = 8 / 3.
    const losses = [4, 2];
    const twoStep = { step: () => losses.shift() ?? 0, snapshot: () => 0, restore: () => {} };
    const short = await rangeTest(twoStep, { steps: 2, beta: 0.5 });
    expect(short.smoothedLosses).toEqual([4, 8 / 3]);
  });

  it('reports every step to onStep', async () => {
    const trainer = quadraticTrainer({ curvature: 10 });
    const seen: [number, number][] = [];
    const result = await rangeTest(trainer, {
      onStep: (progress) => {
        seen.push([progress.step, progress.lr]);
      },
    });
    expect(seen).toEqual(result.lrs.map((lr, i) => [i, lr]));
  });

  it('records the metric every evaluateEvery steps and after the last', async () => {
    const trainer = {
      ...quadraticTrainer({ curvature: 1e-3 }),
      evaluate: () => 0.5,
    };
    const result = await rangeTest(trainer, { steps: 25, evaluateEvery: 10 });
    expect(result.metrics?.steps).toEqual([9, 19, 24]);
    expect(result.metrics?.lrs).toEqual([result.lrs[9], result.lrs[19], result.lrs[24]]);
    expect(result.metrics?.values).toEqual([0.5, 0.5, 0.5]);
  });

  it('serialises to plain data for plotting', async () => {
    const result = await rangeTest(quadraticTrainer({ curvature: 10 }));
    const data = JSON.parse(JSON.stringify(result));
    expect(data).toEqual(result.toJSON());
    expect(Object.keys(data).sort()).toEqual(
      ['lrs', 'losses', 'options', 'reason', 'smoothedLosses', 'stoppedAt', 'suggestions'].sort(),
    );
    expect(data.suggestions.robust).toEqual({
      lr: result.suggestions.robust?.lr,
      loss: result.suggestions.robust?.loss,
    });
  });
});

describe('rangeTest rejects bad options before touching the trainer', () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ startLr: 0 }, 'rangeTest: expected startLr to be a positive finite number, got 0'],
    [{ endLr: -1 }, 'rangeTest: expected endLr to be a positive finite number, got -1'],
    [
      { startLr: 0.1, endLr: 0.01 },
      'rangeTest: expected endLr to be greater than startLr (0.1), got 0.01',
    ],
    [
      { startLr: 0.1, endLr: 0.1 },
      'rangeTest: expected endLr to be greater than startLr (0.1), got 0.1',
    ],
    [{ steps: 1 }, 'rangeTest: expected steps to be an integer >= 2, got 1'],
    [{ steps: 2.5 }, 'rangeTest: expected steps to be an integer >= 2, got 2.5'],
    [{ mode: 'log' }, 'rangeTest: expected mode to be "exponential" or "linear", got "log"'],
    [{ beta: 1 }, 'rangeTest: expected beta to be a number in [0, 1), got 1'],
    [
      { divergeFactor: 1 },
      'rangeTest: expected divergeFactor to be a number > 1 (or Infinity), got 1',
    ],
    [{ evaluateEvery: 0 }, 'rangeTest: expected evaluateEvery to be an integer >= 1, got 0'],
    [
      { evaluateEvery: 5 },
      'rangeTest: expected trainer.evaluate to be a function when evaluateEvery is set, got undefined',
    ],
    [{ skipEnd: -1 }, 'rangeTest: expected skipEnd to be a non-negative integer, got -1'],
    [{ onStep: 3 }, 'rangeTest: expected onStep to be a function, got 3'],
  ];
  for (const [options, message] of cases) {
    it(message, async () => {
      const trainer = quadraticTrainer({ curvature: 10 });
      const error = await rangeTest(trainer, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RangeTestError);
      expect((error as Error).message).toBe(message);
      expect(trainer.calls).toBe(0);
    });
  }

  it('rejects a trainer without the protocol', async () => {
    await expect(rangeTest({} as never)).rejects.toThrow(
      'rangeTest: expected trainer to be an object with step, snapshot and restore methods, got {}',
    );
  });

  it('rejects a step that returns no number, after restoring', async () => {
    const trainer = quadraticTrainer({ curvature: 10 });
    const before = Float64Array.from(trainer.weights);
    const step = trainer.step;
    trainer.step = (lr) => (trainer.calls === 3 ? (undefined as never) : step(lr));
    await expect(rangeTest(trainer)).rejects.toThrow(
      'rangeTest: expected trainer.step() to be a number (the batch loss), got nothing',
    );
    expect(sameBits(trainer.weights, before)).toBe(true);
  });
});
