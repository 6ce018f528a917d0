// Learning-rate schedules and batch sampling.
import { describe, expect, it } from 'vitest';
import { constantLr, cosineLr, sampleBatch } from '../src/train.mjs';
import { generateDataset } from '../src/dataset.mjs';
import { createRng } from '../src/rng.mjs';

describe('cosineLr', () => {
  it('warms up linearly, peaks at base, then anneals to the floor', () => {
    const lrs = Array.from({ length: 100 }, (_, s) => cosineLr(s, 100, 1, { warmup: 0.1, floor: 0.02 }));
    expect(lrs[0]).toBeCloseTo(0.19, 12);
    expect(lrs[9]).toBeCloseTo(1, 12);
    expect(lrs[10]).toBeCloseTo(1, 12);
    expect(lrs[99]).toBeCloseTo(0.02, 12);
    // halfway through the cosine part: (1 + 0.02) / 2
    expect(cosineLr(10 + 44.5, 100, 1, { warmup: 0.1, floor: 0.02 })).toBeCloseTo(0.51, 12);
    for (let s = 11; s < 100; s++) expect(lrs[s]).toBeLessThanOrEqual(lrs[s - 1]);
  });
  it('constantLr keeps the peak after the warm-up', () => {
    expect(constantLr(99, 100, 0.5)).toBe(0.5);
    expect(constantLr(0, 100, 0.5)).toBeLessThan(0.5);
  });
});

describe('data', () => {
  it('is deterministic from the seed, with 1–4 boxes inside the image', () => {
    const a = generateDataset({ count: 20, seed: 7 });
    const b = generateDataset({ count: 20, seed: 7 });
    expect(a.boxes).toEqual(b.boxes);
    expect(a.images[3]).toEqual(b.images[3]);
    expect(generateDataset({ count: 20, seed: 8 }).boxes).not.toEqual(a.boxes);
    for (const boxes of a.boxes) {
      expect(boxes.length).toBeGreaterThanOrEqual(1);
      expect(boxes.length).toBeLessThanOrEqual(4);
      for (const g of boxes) {
        expect(g.x - g.w / 2).toBeGreaterThanOrEqual(0);
        expect(g.x + g.w / 2).toBeLessThanOrEqual(1);
        expect([0, 1, 2]).toContain(g.classId);
      }
    }
  });
  it('sampleBatch mixes Mosaic images in at the requested rate', () => {
    const data = generateDataset({ count: 8, seed: 1 });
    const plain = sampleBatch(data, 16, createRng(1), 0);
    expect(plain.images.every((img) => data.images.includes(img))).toBe(true);
    const mixed = sampleBatch(data, 16, createRng(1), 1);
    expect(mixed.images.some((img) => data.images.includes(img))).toBe(false);
    expect(mixed.boxes).toHaveLength(16);
  });
});
