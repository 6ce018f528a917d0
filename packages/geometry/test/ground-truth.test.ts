import { describe, expect, it } from 'vitest';
import { normalizeGroundTruth, type GtBox } from '../src/index.js';

const box = (o: Partial<GtBox> = {}): GtBox => ({ x: 0.5, y: 0.5, w: 0.2, h: 0.3, classId: 1, ...o });
const spec = { batchSize: 2, numClasses: 3 };

describe('normalizeGroundTruth', () => {
  it('keeps ragged lists and empty images as they are', () => {
    const gt = [[box(), box({ classId: 2 })], []];
    expect(normalizeGroundTruth(gt, spec)).toEqual(gt);
  });

  it('accepts the padded [N, maxBoxes, 5] forms and drops padding rows', () => {
    const padded = [
      [[0.5, 0.5, 0.2, 0.3, 1], [0, 0, 0, 0, -1]],
      [[0, 0, -1, 0, 0], [0.1, 0.9, 1, 1, 0]],
    ];
    const expected = [[box()], [{ x: 0.1, y: 0.9, w: 1, h: 1, classId: 0 }]];
    expect(normalizeGroundTruth(padded, spec)).toEqual(expected);
    const flat = Float32Array.from(padded.flat(2));
    const fromFlat = normalizeGroundTruth(flat, spec);
    expect(fromFlat[1]).toEqual([{ x: expect.closeTo(0.1, 6), y: expect.closeTo(0.9, 6), w: 1, h: 1, classId: 0 }]);
    expect(fromFlat[0]).toHaveLength(1);
  });

  it.each([
    [{ x: Number.NaN }, /groundTruth\[1\]\[0\]\.x: expected a finite number, got NaN \(image 1, box 0\)/],
    [{ w: 0 }, /\.w: expected 0 < w <= 1.*got 0 \(image 1, box 0\)/],
    [{ h: 1.5 }, /\.h: expected 0 < h <= 1/],
    [{ y: -0.1 }, /\.y: the centre must lie in \[0, 1\], got -0.1/],
    [{ classId: 3 }, /\.classId: expected an integer in \[0, 3\), got 3/],
    [{ classId: 0.5 }, /\.classId: expected an integer in \[0, 3\), got 0.5/],
    [{ x: Infinity }, /\.x: expected a finite number, got Infinity/],
  ])('rejects %o naming image and box', (bad, message) => {
    expect(() => normalizeGroundTruth([[], [box(bad)]], spec)).toThrow(message);
  });

  it('rejects a batch size that differs from the predictions', () => {
    expect(() => normalizeGroundTruth([[box()]], spec)).toThrow(/has 1 images but the predictions have batch size 2/);
    expect(() => normalizeGroundTruth(new Float32Array(7), spec)).toThrow(/N·maxBoxes·5 values for N = 2 images, got 7/);
  });
});
