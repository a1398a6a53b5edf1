import { describe, expect, it } from 'vitest';
import { parseFieldText } from './schedule-form.js';
import { specsFromHash, specsToHash } from './share-link.js';

describe('share links', () => {
  it('round-trips one spec as an object and overlays as a list', () => {
    const one = [{ policy: 'oneCycle', maxLr: 0.1, totalSteps: 2000 }];
    expect(specsToHash(one)).toBe(`#spec=${encodeURIComponent(JSON.stringify(one[0]))}`);
    expect(specsFromHash(specsToHash(one))).toEqual(one);
    const two = [...one, { policy: 'cosine', lr: 0.1, totalSteps: 2000 }];
    expect(specsFromHash(specsToHash(two))).toEqual(two);
  });

  it('reports what is wrong with a broken link, and ignores other hashes', () => {
    expect(specsFromHash('#about')).toBeUndefined();
    expect(specsFromHash('#spec=%7B')).toMatch(/not valid URI-encoded JSON/);
    expect(specsFromHash(`#spec=${encodeURIComponent('[1]')}`)).toMatch(/must be a spec object/);
  });
});

describe('form field text', () => {
  it('reads numbers, lists typed with commas, JSON and plain words', () => {
    expect(parseFieldText(' 0.1 ')).toBe(0.1);
    expect(parseFieldText('1e-3')).toBe(0.001);
    expect(parseFieldText('300, 600')).toEqual([300, 600]);
    expect(parseFieldText('[300, 600]')).toEqual([300, 600]);
    expect(parseFieldText('cos')).toBe('cos');
    expect(parseFieldText('')).toBeUndefined();
  });
});
