import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromSpec, listPolicies, type PolicySpec, ScheduleError, toSpec } from '../index.js';
import {
  anySpec,
  baseSpec,
  cyclicSpec,
  decaySpec,
  type Generated,
  oneCycleSpec,
  restartDecaySpec,
  stepArb,
  warmupDecaySpec,
} from './arbitraries.js';

// Floating-point slack for monotonicity: a closed form may wobble by an ulp or so between
// neighbouring steps (e.g. 1 + cos(x) near its minimum); anything larger is a real rise.
const ULP_SLACK = 1e-14;
const noRise = (earlier: number, later: number) => later <= earlier + Math.abs(earlier) * ULP_SLACK;

describe('properties of every valid spec', () => {
  it('lr is finite and never negative or NaN; positive where the formula has no zero', () => {
    fc.assert(
      fc.property(anySpec, fc.array(stepArb, { minLength: 1, maxLength: 20 }), (g, steps) => {
        const s = fromSpec(g.spec);
        for (const t of steps) {
          const value = s.lr(t);
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
          // Short horizon: far out, gamma^t underflows to 0 in any floating-point library.
          if (!g.mayBeZero && t <= 200) expect(value).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('momentum, when present, stays in [0, 1)', () => {
    fc.assert(
      fc.property(anySpec, fc.array(stepArb, { minLength: 1, maxLength: 20 }), (g, steps) => {
        const momentum = fromSpec(g.spec).momentum;
        if (!momentum) return;
        for (const t of steps) {
          const value = momentum(t);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(1);
        }
      }),
    );
  });

  it('spec round trip: fromSpec(toSpec(s)) gives identical values and the same spec', () => {
    fc.assert(
      fc.property(anySpec, fc.array(stepArb, { minLength: 1, maxLength: 10 }), (g, steps) => {
        const s = fromSpec(g.spec);
        const spec = toSpec(s);
        const again = fromSpec(JSON.parse(JSON.stringify(spec)) as PolicySpec);
        expect(toSpec(again)).toEqual(spec);
        expect(again.totalSteps).toBe(s.totalSteps);
        for (const t of steps) {
          expect(again.lr(t)).toBe(s.lr(t));
          expect(again.momentum?.(t)).toBe(s.momentum?.(t));
        }
      }),
    );
  });
});

describe('shape properties', () => {
  it('inverseSqrt and warmupStableDecay rise to lr over the warm-up, then never rise', () => {
    fc.assert(
      fc.property(warmupDecaySpec, fc.integer({ min: 0, max: 20_000 }), (g, t) => {
        const s = fromSpec(g.spec);
        const { lr: peak, warmupSteps } = g.spec as unknown as { lr: number; warmupSteps: number };
        expect(s.lr(warmupSteps)).toBe(peak);
        const later = t < warmupSteps ? (a: number, b: number) => b >= a : noRise;
        expect(later(s.lr(t), s.lr(t + 1))).toBe(true);
        expect(s.lr(t)).toBeLessThanOrEqual(peak);
      }),
    );
  });

  it('cosineRestarts with cycleDecay peaks at minLr + (lr - minLr) * cycleDecay^i', () => {
    fc.assert(
      fc.property(restartDecaySpec, (g) => {
        const s = fromSpec(g.spec);
        const p = g.spec as unknown as {
          lr: number;
          minLr: number;
          firstCycleSteps: number;
          cycleMult: number;
          cycleDecay: number;
        };
        let start = 0;
        for (let cycle = 0; cycle < 4; cycle++) {
          const expected = p.minLr + (p.lr - p.minLr) * p.cycleDecay ** cycle;
          expect(s.lr(start)).toBeCloseTo(expected, 12);
          expect(s.lr(start + 0.5)).toBeLessThanOrEqual(s.lr(start));
          start += p.firstCycleSteps * p.cycleMult ** cycle;
        }
      }),
    );
  });

  it('decays never rise', () => {
    fc.assert(
      fc.property(decaySpec, stepArb, stepArb, (g, a, b) => {
        const s = fromSpec(g.spec);
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(noRise(s.lr(early), s.lr(late))).toBe(true);
        const start = Math.floor(early);
        for (let t = start; t < start + 20; t++) expect(noRise(s.lr(t), s.lr(t + 1))).toBe(true);
      }),
    );
  });

  it('oneCycle rises to maxLr, then never rises again; momentum mirrors it', () => {
    fc.assert(
      fc.property(oneCycleSpec, stepArb, stepArb, (g, a, b) => {
        const s = fromSpec(g.spec);
        const { totalSteps, pctStart, maxLr } = g.spec as unknown as {
          totalSteps: number;
          pctStart: number;
          maxLr: number;
        };
        const peak = pctStart * totalSteps - 1;
        expect(s.lr(peak)).toBeCloseTo(maxLr, 12);
        const [early, late] = a <= b ? [a, b] : [b, a];
        if (late <= peak) expect(s.lr(late)).toBeGreaterThanOrEqual(s.lr(early) * (1 - ULP_SLACK));
        if (early >= peak) expect(noRise(s.lr(early), s.lr(late))).toBe(true);
        if (s.momentum && late <= peak) {
          expect(noRise(s.momentum(early), s.momentum(late))).toBe(true);
        }
      }),
    );
  });

  it('warmup rises linearly to the wrapped schedule’s first rate, then hands over', () => {
    fc.assert(
      fc.property(
        baseSpec,
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (inner, warmupSteps, startFactor) => {
          const s = fromSpec({ policy: 'warmup', warmupSteps, startFactor, schedule: inner.spec });
          const wrapped = fromSpec(inner.spec);
          const stride = Math.ceil(warmupSteps / 50);
          for (let t = 0; t < warmupSteps; t += stride) {
            const next = Math.min(t + stride, warmupSteps);
            if (s.lr(next) < s.lr(t) * (1 - ULP_SLACK)) expect.fail(`falls from ${t} to ${next}`);
          }
          expect(s.lr(warmupSteps)).toBe(wrapped.lr(0));
          expect(s.lr(warmupSteps + 7)).toBe(wrapped.lr(7));
        },
      ),
    );
  });

  it('cyclic policies repeat: triangular every stepSize + stepSizeDown, SGDR every cycle', () => {
    fc.assert(
      fc.property(
        cyclicSpec,
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 5 }),
        (g, t, cycles) => {
          const spec = g.spec as unknown as {
            lr: number;
            stepSize: number;
            stepSizeDown?: number;
            firstCycleSteps: number;
            cycleMult: number;
          };
          const s = fromSpec(g.spec);
          if (g.spec.policy === 'triangular') {
            const bounds = g.spec as unknown as {
              baseLr: number;
              maxLr: number;
              baseMomentum?: number;
              maxMomentum?: number;
            };
            const up = spec.stepSize;
            const down = spec.stepSizeDown ?? spec.stepSize;
            const period = up + down;
            const later = t + cycles * period;
            // The position in the cycle, 1 + t / period - cycle, carries a rounding error of
            // about eps * later / period; the slope of the shorter half (period / min(up, down)
            // per unit of position) amplifies it. So equality holds up to
            // amplitude * eps * later / min(up, down), with a little slack for the rest.
            const slack = (amplitude: number) =>
              (8 * Number.EPSILON * amplitude * (later + period)) / Math.min(up, down);
            const a = s.lr(t);
            expect(Math.abs(s.lr(later) - a)).toBeLessThanOrEqual(
              slack(bounds.maxLr - bounds.baseLr) + a * Number.EPSILON * 4,
            );
            if (s.momentum) {
              const m = s.momentum(t);
              const swing = (bounds.maxMomentum ?? 0) - (bounds.baseMomentum ?? 0);
              expect(Math.abs(s.momentum(later) - m)).toBeLessThanOrEqual(
                slack(swing) + m * Number.EPSILON * 4,
              );
            }
          }
          if (g.spec.policy === 'cosineRestarts' && spec.cycleMult === 1) {
            expect(s.lr(t + cycles * spec.firstCycleSteps)).toBe(s.lr(t));
          }
          if (g.spec.policy === 'cosineRestarts') {
            // Every restart is back at the peak.
            let start = 0;
            let length = spec.firstCycleSteps;
            for (let k = 0; k < cycles; k++) {
              // minLr + (lr - minLr) * 2 / 2: lr up to an ulp or two, as in PyTorch.
              expect(Math.abs(s.lr(start) - spec.lr)).toBeLessThanOrEqual(spec.lr * 1e-15);
              start += length;
              length *= spec.cycleMult;
            }
          }
        },
      ),
    );
  });

  it('sequence is exact at its boundaries and runs each part on local time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(baseSpec, fc.integer({ min: 1, max: 1000 })), {
          minLength: 2,
          maxLength: 5,
        }),
        (parts) => {
          let at = 0;
          const boundaries = parts.slice(1).map(([, length]) => {
            at += length;
            return at;
          });
          const schedules = parts.map(([g]) => fromSpec(g.spec));
          const s = fromSpec({
            policy: 'sequence',
            schedules: parts.map(([g]) => g.spec),
            boundaries,
          });
          expect(s.lr(0)).toBe(schedules[0]?.lr(0));
          boundaries.forEach((boundary, k) => {
            const previousStart = k === 0 ? 0 : (boundaries[k - 1] as number);
            expect(s.lr(boundary)).toBe(schedules[k + 1]?.lr(0));
            expect(s.lr(boundary - 1)).toBe(schedules[k]?.lr(boundary - 1 - previousStart));
            expect(s.lr(boundary + 0.5)).toBe(schedules[k + 1]?.lr(0.5));
          });
        },
      ),
    );
  });
});

// Values that no parameter of any built-in policy accepts.
const badValues: unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -1,
  -1e-9,
  '0.1',
  null,
  {},
  [Number.NaN],
];

describe('invalid specs', () => {
  it('a bad value for any parameter throws a ScheduleError naming that parameter', () => {
    fc.assert(
      fc.property(anySpec, fc.nat(), fc.constantFrom(...badValues), (g, pick, bad) => {
        const definition = listPolicies().find((p) => p.name === g.spec.policy);
        const names = Object.keys(definition?.params ?? {});
        const name = names[pick % names.length] as string;
        const spec = { ...g.spec, [name]: bad };
        let error: unknown;
        try {
          fromSpec(spec);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(ScheduleError);
        expect((error as ScheduleError).param).toBe(name);
        expect((error as Error).message).toContain(name);
        expect((error as Error).message.startsWith(`${g.spec.policy}: `)).toBe(true);
      }),
    );
  });

  it('a misspelt parameter throws naming it and suggesting the right one', () => {
    fc.assert(
      fc.property(anySpec, fc.nat(), (g: Generated, pick) => {
        const definition = listPolicies().find((p) => p.name === g.spec.policy);
        const names = Object.keys(definition?.params ?? {});
        const name = names[pick % names.length] as string;
        // Flip the case of the first letter: the classic `maxLR`/`MaxLr` slip.
        const typo = (name[0] as string).toUpperCase() + name.slice(1);
        const { [name]: value, ...rest } = g.spec as Record<string, unknown>;
        try {
          fromSpec({ ...rest, [typo]: value ?? 1 } as PolicySpec);
          expect.unreachable();
        } catch (error) {
          expect(error).toBeInstanceOf(ScheduleError);
          expect((error as ScheduleError).param).toBe(typo);
          expect((error as Error).message).toContain(`did you mean "${name}"`);
        }
      }),
    );
  });

  it('a negative, NaN or infinite step throws instead of returning garbage', () => {
    fc.assert(
      fc.property(
        anySpec,
        fc.oneof(
          fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
          fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY),
        ),
        (g, t) => {
          expect(() => fromSpec(g.spec).lr(t)).toThrow(ScheduleError);
        },
      ),
    );
  });
});
