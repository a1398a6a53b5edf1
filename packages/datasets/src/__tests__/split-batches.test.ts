import { describe, expect, it } from 'vitest';
import {
  batchSampler,
  deriveSeed,
  type ImageSet,
  permutation,
  seededRandom,
  selectExamples,
  sequentialBatches,
  splitValidation,
} from '../index.js';

/** `count` examples of shape [2]: example i has pixels [i, -i] and label i % classCount. */
function toySet(count = 100, classCount = 4): ImageSet {
  const images = new Float32Array(count * 2);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    images[2 * i] = i;
    images[2 * i + 1] = -i;
    labels[i] = i % classCount;
  }
  return { images, labels, count, shape: [2], classCount };
}

describe('seeded randomness', () => {
  it('repeats for a seed and differs across seeds', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(c()).not.toBe(first[0]);
    for (const value of first) expect(value).toBeGreaterThanOrEqual(0);
    for (const value of first) expect(value).toBeLessThan(1);
  });

  it('permutes every index exactly once', () => {
    const order = permutation(1000, 3);
    expect(Array.from(order).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 1000 }, (_, i) => i),
    );
    expect(Array.from(order)).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 1));
    expect(() => seededRandom(-1)).toThrow(/seededRandom: expected seed to be an integer/);
  });
});

describe('splitValidation', () => {
  it('is stratified, disjoint, complete and reproducible', () => {
    const set = toySet();
    const { train, validation } = splitValidation(set, { size: 20, seed: 1 });
    expect(train.count + validation.count).toBe(100);
    expect(validation.count).toBe(20);
    const perClass = [0, 0, 0, 0];
    for (const label of validation.labels) perClass[label] = (perClass[label] ?? 0) + 1;
    expect(perClass).toEqual([5, 5, 5, 5]);
    const ids = [
      ...train.images.filter((_, i) => i % 2 === 0),
      ...validation.images.filter((_, i) => i % 2 === 0),
    ];
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const again = splitValidation(set, { size: 20, seed: 1 });
    expect(Array.from(again.validation.images)).toEqual(Array.from(validation.images));
    const other = splitValidation(set, { size: 20, seed: 2 });
    expect(Array.from(other.validation.images)).not.toEqual(Array.from(validation.images));
  });

  it('rounds class shares so the sizes add up', () => {
    const { validation } = splitValidation(toySet(100, 3), { size: 10, seed: 0 });
    expect(validation.count).toBe(10);
    expect(() => splitValidation(toySet(), { size: 100, seed: 0 })).toThrow(
      /splitValidation: expected size to be an integer in \[1, 99\], got 100/,
    );
  });
});

describe('batchSampler', () => {
  it('visits every example once per epoch, drops the partial batch, reproducibly', () => {
    const set = toySet();
    const sampler = batchSampler(set, { batchSize: 32, seed: 5 });
    expect(sampler.batchesPerEpoch).toBe(3);
    const epoch0 = [0, 1, 2].flatMap((step) => Array.from(sampler.indices(step)));
    expect(new Set(epoch0).size).toBe(96);
    const epoch1 = [3, 4, 5].flatMap((step) => Array.from(sampler.indices(step)));
    expect(epoch1).not.toEqual(epoch0);
    const again = batchSampler(set, { batchSize: 32, seed: 5 });
    expect(Array.from(again.indices(4))).toEqual(Array.from(sampler.indices(4)));
    // Addressable by step: jumping back gives the same batch.
    expect(Array.from(sampler.indices(1))).toEqual(epoch0.slice(32, 64));
  });

  it('copies the chosen examples and labels', () => {
    const set = toySet();
    const sampler = batchSampler(set, { batchSize: 8, seed: 0 });
    const { images, labels, size } = sampler.batch(2);
    const chosen = sampler.indices(2);
    expect(size).toBe(8);
    for (let i = 0; i < 8; i++) {
      expect(images[2 * i]).toBe(chosen[i]);
      expect(labels[i]).toBe((chosen[i] as number) % 4);
    }
    expect(() => batchSampler(set, { batchSize: 0, seed: 0 })).toThrow(/batchSize/);
  });
});

describe('sequentialBatches and selectExamples', () => {
  it('covers the set once, last batch smaller', () => {
    const sizes = Array.from(sequentialBatches(toySet(), 30), (batch) => batch.size);
    expect(sizes).toEqual([30, 30, 30, 10]);
  });

  it('selects in the given order and checks indices', () => {
    const picked = selectExamples(toySet(), [5, 1]);
    expect(Array.from(picked.images)).toEqual([5, -5, 1, -1]);
    expect(() => selectExamples(toySet(), [100])).toThrow(/\[0, 100\), got 100 at position 0/);
  });
});
