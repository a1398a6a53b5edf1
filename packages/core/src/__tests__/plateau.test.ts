import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cosine, type PlateauOptions, reduceLrOnPlateau, ScheduleError } from '../index.js';

// PyTorch 1.13's ReduceLROnPlateau on recorded metric sequences (scripts/pytorch_plateau.py):
// "lr" is the optimizer's lr after each scheduler.step(metric). The controller must reduce after
// exactly the same reports; the rates agree to rounding (PyTorch multiplies the lr it holds, we
// multiply the schedule's rate by a multiplier: at most a few ulps apart).
interface TorchCase {
  readonly title: string;
  readonly torch: string;
  readonly lr0: number;
  readonly options: PlateauOptions;
  readonly metrics: readonly number[];
  readonly lr: readonly number[];
  readonly reducedAfterReport: readonly number[];
}
const { cases } = JSON.parse(
  readFileSync(new URL('./fixtures/plateau/torch-plateau.json', import.meta.url), 'utf8'),
) as { cases: TorchCase[] };

const relative = (a: number, b: number) =>
  a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

describe('reduceLrOnPlateau against torch ReduceLROnPlateau', () => {
  it.each(cases.map((c) => [`${c.title}: ${c.torch}`, c] as const))('%s', (_title, golden) => {
    const plateau = reduceLrOnPlateau(golden.options);
    const reduced: number[] = [];
    golden.metrics.forEach((metric, k) => {
      if (plateau.report(metric, golden.lr0)) reduced.push(k);
      expect(
        relative(plateau.lr(golden.lr0), golden.lr[k] as number),
        `after report ${k}`,
      ).toBeLessThan(1e-14);
    });
    expect(reduced).toEqual(golden.reducedAfterReport);
  });

  it.each(cases.map((c) => [c.title, c] as const))(
    'resumes exactly from its JSON state after any report (%s)',
    (_title, golden) => {
      const reference = reduceLrOnPlateau(golden.options);
      const rates = golden.metrics.map((metric) => {
        reference.report(metric, golden.lr0);
        return reference.lr(golden.lr0);
      });
      for (let cut = 0; cut <= golden.metrics.length; cut++) {
        let plateau = reduceLrOnPlateau(golden.options);
        golden.metrics.forEach((metric, k) => {
          if (k === cut) {
            const saved = JSON.parse(JSON.stringify(plateau));
            plateau = reduceLrOnPlateau({ ...saved.options, state: saved.state });
          }
          plateau.report(metric, golden.lr0);
          expect(plateau.lr(golden.lr0)).toBe(rates[k]);
        });
      }
    },
  );
});

describe('reduceLrOnPlateau composed with a schedule', () => {
  it('multiplies the schedule; the plateau never takes the rate below minLr, the schedule may', () => {
    const s = cosine({ lr: 0.1, totalSteps: 100 });
    const plateau = reduceLrOnPlateau({ patience: 0, factor: 0.5, minLr: 0.01 });
    expect(plateau.report(1, s.lr(10))).toBe(false); // first report is an improvement on +inf
    expect(plateau.report(1, s.lr(20))).toBe(true);
    expect(plateau.multiplier).toBe(0.5);
    expect(plateau.lr(s.lr(20))).toBe(s.lr(20) * 0.5);
    // Flat metric: halves at every report until the rate at the report is at the floor.
    for (const t of [30, 40, 50]) plateau.report(1, s.lr(t));
    expect(plateau.lr(s.lr(50))).toBeCloseTo(0.01, 15);
    // Later the cosine falls on: the plateau's floor holds while the schedule is above it ...
    expect(plateau.lr(s.lr(60))).toBe(0.01);
    // ... and the schedule alone may go below it (the plateau does not raise it).
    expect(plateau.lr(s.lr(99))).toBe(s.lr(99));
    expect(s.lr(99)).toBeLessThan(0.01);
  });

  it('never reduces at a zero rate, and never gives a multiplier above 1', () => {
    const plateau = reduceLrOnPlateau({ patience: 0, minLr: 0.5 });
    for (let k = 0; k < 5; k++) plateau.report(1, k % 2 === 0 ? 0 : 0.1);
    expect(plateau.multiplier).toBe(1);
    expect(plateau.lr(0.1)).toBe(0.1);
    expect(plateau.lr(1)).toBe(1);
  });
});

describe('reduceLrOnPlateau errors', () => {
  it('refuses unknown options with the nearest name, and PyTorch’s invalid values', () => {
    expect(() => reduceLrOnPlateau({ patiense: 3 } as PlateauOptions)).toThrow(
      'reduceLrOnPlateau: unknown option "patiense" (did you mean "patience"?)',
    );
    expect(() => reduceLrOnPlateau({ factor: 1 })).toThrow(
      'reduceLrOnPlateau: expected factor to be a number between 0 and 1 (exclusive), got 1',
    );
    expect(() => reduceLrOnPlateau({ mode: 'auto' as 'min' })).toThrow(ScheduleError);
    expect(() => reduceLrOnPlateau({ thresholdMode: 'relative' as 'rel' })).toThrow(
      'reduceLrOnPlateau: expected thresholdMode to be one of "rel", "abs", got "relative"',
    );
  });

  it('refuses a state that is not one it wrote', () => {
    const state = reduceLrOnPlateau().state();
    expect(() => reduceLrOnPlateau({ state: { ...state, multiplier: 2 } })).toThrow(
      'reduceLrOnPlateau: expected state to be an object whose multiplier is in (0, 1]',
    );
    expect(() =>
      reduceLrOnPlateau({ state: { ...state, badEpochs: 1 } as unknown as typeof state }),
    ).toThrow('unknown state key "badEpochs"');
    expect(() => reduceLrOnPlateau().report(Number.NaN, Number.NaN)).toThrow(
      "reduceLrOnPlateau: expected scheduleRate to be a finite number >= 0 (the schedule's rate for the next update), got NaN",
    );
  });
});
