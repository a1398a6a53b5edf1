import { describe, expect, it } from 'vitest';
import { cosine, fromSpec, oneCycle, ScheduleError, scheduleBundle } from '../index.js';

describe('scheduleBundle', () => {
  const spec = {
    lr: { policy: 'oneCycle', maxLr: 0.01, totalSteps: 1000 },
    weightDecay: { policy: 'cosine', lr: 1e-4, totalSteps: 1000 },
    beta2: { policy: 'constant', lr: 0.999 },
  };

  it('gives every hyper-parameter its schedule’s value, momentum from the lr schedule', () => {
    const bundle = scheduleBundle(spec);
    const lr = oneCycle({ maxLr: 0.01, totalSteps: 1000 });
    const wd = cosine({ lr: 1e-4, totalSteps: 1000 });
    for (const t of [0, 1, 299, 300, 999, 5000]) {
      expect(bundle.at(t)).toEqual({
        lr: lr.lr(t),
        weightDecay: wd.lr(t),
        beta2: 0.999,
        momentum: lr.momentum?.(t),
      });
    }
    expect(bundle.names).toEqual(['lr', 'weightDecay', 'beta2']);
  });

  it('round-trips through JSON', () => {
    const bundle = scheduleBundle({ ...spec, beta2: fromSpec(spec.beta2) });
    const again = scheduleBundle(JSON.parse(JSON.stringify(bundle)));
    expect(again.toJSON()).toEqual(bundle.toJSON());
    expect(again.at(123)).toEqual(bundle.at(123));
  });

  it('names the entry a bad spec is in, and refuses two momentum schedules', () => {
    expect(() =>
      scheduleBundle({ lr: { policy: 'constant', lr: 0.1 }, beta2: { policy: 'cosin', lr: 1 } }),
    ).toThrow('scheduleBundle: in beta2: cosin: unknown policy "cosin" (did you mean "cosine"?)');
    expect(() =>
      scheduleBundle({ lr: spec.lr, momentum: { policy: 'constant', lr: 0.9 } }),
    ).toThrow(ScheduleError);
    expect(() => scheduleBundle({})).toThrow('scheduleBundle: expected at least one schedule');
    expect(() => scheduleBundle({ 'weight decay': spec.beta2 })).toThrow(
      'scheduleBundle: expected names to be identifiers',
    );
  });
});
