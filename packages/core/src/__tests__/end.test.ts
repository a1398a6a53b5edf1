import { describe, expect, it } from 'vitest';
import { cosine, linear, oneCycle, polynomial, sequence, warmup } from '../index.js';

// docs/architecture.md: a schedule with a length holds its final value after the end, where PyTorch
// extrapolates (CosineAnnealingLR climbs back up, OneCycleLR throws, PolynomialLR/LinearLR hold).
describe('past the end: the final value is held', () => {
  const later = [1, 2, 10, 1e6, 1e12];

  it.each([
    ['cosine', cosine({ lr: 0.1, totalSteps: 100, minLr: 0.001 }), 100, 0.001],
    ['cosine to 0', cosine({ lr: 0.1, totalSteps: 100 }), 100, 0],
    ['polynomial', polynomial({ lr: 0.1, totalSteps: 50, power: 2 }), 50, 0],
    ['linear', linear({ lr: 0.05, startFactor: 0.5, totalSteps: 4 }), 4, 0.05],
    [
      'linear decay',
      linear({ lr: 0.1, startFactor: 1, endFactor: 0.01, totalSteps: 300 }),
      300,
      0.001,
    ],
  ] as const)('%s', (_name, schedule, end, final) => {
    expect(schedule.totalSteps).toBe(end);
    expect(schedule.lr(end)).toBeCloseTo(final, 17);
    for (const extra of later) expect(schedule.lr(end + extra)).toBe(schedule.lr(end));
  });

  it('oneCycle reaches its final value at step totalSteps - 1 and holds it (PyTorch throws)', () => {
    for (const threePhase of [false, true]) {
      for (const anneal of ['cos', 'linear'] as const) {
        const s = oneCycle({ maxLr: 0.1, totalSteps: 1000, threePhase, anneal });
        const finalLr = 0.1 / 25 / 1e4;
        // PyTorch's linear anneal computes (end - start) * 1 + start: the final value to ~1e-11.
        expect(Math.abs(s.lr(999) - finalLr) / finalLr).toBeLessThan(1e-10);
        expect(s.momentum?.(999)).toBeCloseTo(0.95, 15);
        for (const extra of later) {
          expect(s.lr(999 + extra)).toBe(s.lr(999));
          expect(s.momentum?.(999 + extra)).toBe(s.momentum?.(999));
        }
        // Between the last two integer steps the value still moves monotonically.
        expect(s.lr(998.5)).toBeGreaterThanOrEqual(s.lr(999));
      }
    }
  });

  it('combinators hold the wrapped schedule’s final value', () => {
    const s = warmup({ warmupSteps: 10, schedule: cosine({ lr: 0.1, totalSteps: 90 }) });
    expect(s.totalSteps).toBe(100);
    expect(s.lr(100)).toBe(0);
    expect(s.lr(1e9)).toBe(0);
    const joined = sequence({
      schedules: [cosine({ lr: 0.1, totalSteps: 10 }), polynomial({ lr: 0.01, totalSteps: 20 })],
      boundaries: [10],
    });
    expect(joined.totalSteps).toBe(30);
    expect(joined.lr(30)).toBe(0);
    expect(joined.lr(31)).toBe(0);
  });
});
