import { describe, expect, it } from 'vitest';
import { boxSizes, kmeansAnchors, seededRandom, type KmeansInit } from '../src/index.js';

const iou = (a: readonly number[], b: readonly number[]) => {
  const inter = Math.min(a[0]!, b[0]!) * Math.min(a[1]!, b[1]!);
  return inter / (a[0]! * a[1]! + b[0]! * b[1]! - inter);
};
const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

// Three tight groups far apart in IoU (IoU > 0.95 within a group, < 0.35 across): a start with
// one box of each group ends at the three group means.
const groups = [
  [
    [10, 10],
    [10.2, 9.8],
    [9.8, 10.2],
    [10, 10.4],
  ],
  [
    [40, 40],
    [40.5, 39.5],
    [39.5, 40.5],
  ],
  [
    [20, 80],
    [20.4, 79.6],
    [20.2, 81],
  ],
] as [number, number][][];
const groupSizes = groups.flat();
const groupMeans = groups
  .map((g) => [mean(g.map((s) => s[0])), mean(g.map((s) => s[1]))])
  .sort((a, b) => a[0]! * a[1]! - b[0]! * b[1]!);
const atGroupMeans = (anchors: [number, number][]) =>
  anchors.every(
    (a, i) =>
      Math.abs(a[0] - groupMeans[i]![0]!) < 1e-12 && Math.abs(a[1] - groupMeans[i]![1]!) < 1e-12,
  );

/** Random sizes from a few log-normal modes, like real box sizes. */
function randomSizes(seed: number, n: number): [number, number][] {
  const rng = seededRandom(seed);
  const modes = [
    [12, 16],
    [30, 60],
    [70, 40],
    [150, 170],
    [300, 250],
  ];
  return Array.from({ length: n }, () => {
    const [w, h] = modes[Math.floor(rng() * modes.length)]!;
    return [w! * Math.exp(0.4 * (rng() - 0.5)), h! * Math.exp(0.4 * (rng() - 0.5))];
  });
}

describe('kmeansAnchors', () => {
  it('finds well-separated clusters (area quantiles: boxes 1, 5, 8 by area, one per group)', () => {
    const { anchors, meanIou, converged } = kmeansAnchors(groupSizes, 3, {
      init: 'area-quantiles',
    });
    expect(converged).toBe(true);
    expect(atGroupMeans(anchors)).toBe(true);
    expect(meanIou).toBeCloseTo(
      mean(groupSizes.map((s) => Math.max(...groupMeans.map((m) => iou(s, m))))),
      12,
    );
  });

  it('k-means++ starts one per group far more often than k random boxes do', () => {
    // A second box of a group weighs (1 − IoU)² < 0.0025 against > 0.4 for the other groups:
    // k-means++ splits the groups with probability ~0.99; 3 random boxes of 10 do with 36/120.
    const found = (init: KmeansInit) =>
      Array.from({ length: 100 }, (_, seed) =>
        atGroupMeans(kmeansAnchors(groupSizes, 3, { init, seed }).anchors),
      ).filter(Boolean).length;
    expect(found('kmeans++')).toBeGreaterThanOrEqual(95);
    expect(found('random')).toBeGreaterThanOrEqual(30); // k-means recovers some bad starts
    expect(found('random')).toBeLessThan(found('kmeans++'));
  });

  it('ends at a k-means fixed point: each anchor is the mean of the boxes nearest to it', () => {
    const sizes = randomSizes(7, 600);
    for (const init of ['kmeans++', 'random', 'area-quantiles'] as KmeansInit[]) {
      const { anchors, converged } = kmeansAnchors(sizes, 9, { init, seed: 11 });
      expect(converged).toBe(true);
      const members = anchors.map(() => [] as [number, number][]);
      for (const s of sizes) {
        const ious = anchors.map((a) => iou(s, a));
        members[ious.indexOf(Math.max(...ious))]!.push(s);
      }
      anchors.forEach((a, c) => {
        expect(members[c]!.length).toBeGreaterThan(0);
        expect(a[0]).toBeCloseTo(mean(members[c]!.map((s) => s[0])), 9);
        expect(a[1]).toBeCloseTo(mean(members[c]!.map((s) => s[1])), 9);
      });
    }
  });

  it('sorts anchors by area and reports the mean best IoU', () => {
    const sizes = randomSizes(8, 300);
    const { anchors, meanIou } = kmeansAnchors(sizes, 6, { seed: 5 });
    const areas = anchors.map(([w, h]) => w * h);
    expect(areas).toEqual([...areas].sort((a, b) => a - b));
    expect(meanIou).toBeCloseTo(
      mean(sizes.map((s) => Math.max(...anchors.map((a) => iou(s, a))))),
      12,
    );
    expect(meanIou).toBeGreaterThan(0.6);
  });

  it('is deterministic from the seed, and the seed matters', () => {
    const sizes = randomSizes(9, 400);
    for (const init of ['kmeans++', 'random'] as KmeansInit[]) {
      expect(kmeansAnchors(sizes, 9, { init, seed: 3 })).toEqual(
        kmeansAnchors(sizes, 9, { init, seed: 3 }),
      );
      const runs = [1, 2, 3, 4, 5, 6].map((seed) =>
        JSON.stringify(kmeansAnchors(sizes, 9, { init, seed }).anchors),
      );
      expect(new Set(runs).size).toBeGreaterThan(1);
    }
  });

  it('more anchors never fit worse on these sizes (k-means++ keeps the best of the seeds)', () => {
    const sizes = randomSizes(10, 500);
    const best = (k: number) =>
      Math.max(...[0, 1, 2, 3].map((seed) => kmeansAnchors(sizes, k, { seed }).meanIou));
    const fits = [1, 3, 5, 9].map(best);
    fits.slice(1).forEach((f, i) => expect(f).toBeGreaterThan(fits[i]!));
  });

  it('one anchor is the mean size', () => {
    const { anchors, iterations } = kmeansAnchors(
      [
        [2, 4],
        [4, 8],
        [6, 6],
      ],
      1,
    );
    expect(anchors).toEqual([[4, 6]]);
    expect(iterations).toBe(2);
  });

  it('stops after options.iterations rounds', () => {
    const sizes = randomSizes(12, 500);
    const capped = kmeansAnchors(sizes, 9, { seed: 1, iterations: 1 });
    expect(capped.iterations).toBe(1);
    expect(capped.converged).toBe(false);
  });

  it('rejects bad input, naming the argument', () => {
    expect(() => kmeansAnchors([], 1)).toThrow(
      'kmeansAnchors: sizes: expected a non-empty array of [w, h] pairs',
    );
    expect(() => kmeansAnchors([[1, 2], [3]] as never, 1)).toThrow(
      'kmeansAnchors: sizes[1]: expected [w, h], got an array of length 1',
    );
    expect(() =>
      kmeansAnchors(
        [
          [1, 2],
          [3, 0],
        ],
        1,
      ),
    ).toThrow('kmeansAnchors: sizes[1][1] (h): expected a finite number > 0, got number 0');
    expect(() => kmeansAnchors([[1, NaN]], 1)).toThrow('sizes[0][1] (h)');
    expect(() => kmeansAnchors([[1, 2]], 1.5)).toThrow(
      'kmeansAnchors: k: expected an integer >= 1, got number 1.5',
    );
    expect(() =>
      kmeansAnchors(
        [
          [1, 2],
          [1, 2],
          [2, 2],
        ],
        3,
      ),
    ).toThrow('kmeansAnchors: k: asked for 3 anchors, but the 3 boxes have only 2 distinct sizes');
    expect(() => kmeansAnchors([[1, 2]], 1, { init: 'fast' as never })).toThrow(
      "options.init: expected 'kmeans++', 'random' or 'area-quantiles'",
    );
    expect(() => kmeansAnchors([[1, 2]], 1, { seed: 0.5 })).toThrow(
      'kmeansAnchors: options.seed: expected an integer',
    );
    expect(() => kmeansAnchors([[1, 2]], 1, { iterations: 0 })).toThrow(
      'kmeansAnchors: options.iterations: expected an integer >= 1',
    );
  });
});

describe('boxSizes', () => {
  it('scales normalised sizes to input pixels', () => {
    const gt = [
      [{ x: 0.5, y: 0.5, w: 0.25, h: 0.5, classId: 0 }],
      [],
      [{ x: 0.1, y: 0.2, w: 0.125, h: 0.0625, classId: 2 }],
    ];
    expect(boxSizes(gt, [416, 320])).toEqual([
      [104, 160],
      [52, 20],
    ]);
  });

  it('names the image and box of a bad box', () => {
    expect(() => boxSizes([[], [{ x: 0.5, y: 0.5, w: 0, h: 0.5, classId: 0 }]], [64, 64])).toThrow(
      'boxSizes: groundTruth[1][0].w: expected 0 < w <= 1',
    );
    expect(() => boxSizes([], [64, 0] as never)).toThrow(
      'boxSizes: inputSize[1] (height): expected an integer >= 1',
    );
  });
});
