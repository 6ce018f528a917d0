// mAP against cases computed by hand.
import { describe, expect, it } from 'vitest';
import { averagePrecision, boxIou, classAps, COCO_THRESHOLDS, meanAveragePrecision } from '../src/map.mjs';

/** @param {number} x @param {number} y @param {number} w @param {number} h @param {number} [classId] */
const box = (x, y, w, h, classId = 0) => ({ x, y, w, h, classId });
/** @param {import('../src/map.mjs').GtBox} b @param {number} score */
const det = (b, score) => ({ ...b, score });

describe('boxIou', () => {
  it('is 1 for identical boxes, 0 for disjoint ones, I/U otherwise', () => {
    expect(boxIou(box(0.5, 0.5, 0.2, 0.2), box(0.5, 0.5, 0.2, 0.2))).toBeCloseTo(1, 12);
    expect(boxIou(box(0.2, 0.2, 0.1, 0.1), box(0.8, 0.8, 0.1, 0.1))).toBe(0);
    // [0,1]x[0,1] vs [0,0.6]x[0,1]: I = 0.6, U = 1
    expect(boxIou(box(0.5, 0.5, 1, 1), box(0.3, 0.5, 0.6, 1))).toBeCloseTo(0.6, 12);
    // two unit squares shifted by half: I = 0.5, U = 1.5
    expect(boxIou(box(0, 0, 1, 1), box(0.5, 0, 1, 1))).toBeCloseTo(1 / 3, 12);
  });
  it('is 0, not NaN, for empty boxes', () => {
    expect(boxIou(box(0.5, 0.5, 0, 0), box(0.5, 0.5, 0, 0))).toBe(0);
  });
});

describe('averagePrecision (all-point interpolation)', () => {
  it('integrates the precision envelope over recall', () => {
    // TP, FP, TP with 2 GT: r = .5 .5 1, p = 1 .5 2/3 → envelope 1, 2/3, 2/3 → .5·1 + .5·2/3
    expect(averagePrecision([0.5, 0.5, 1], [1, 0.5, 2 / 3])).toBeCloseTo(0.5 + 1 / 3, 12);
  });
  it('is 0 for an empty curve and 1 for a perfect one', () => {
    expect(averagePrecision([], [])).toBe(0);
    expect(averagePrecision([0.5, 1], [1, 1])).toBe(1);
  });
  it('counts recall that is never reached as zero precision', () => {
    // one TP out of 4 GT: .25 · 1
    expect(averagePrecision([0.25], [1])).toBeCloseTo(0.25, 12);
  });
});

describe('classAps', () => {
  const gtA = box(0.3, 0.3, 0.2, 0.2);
  const gtB = box(0.7, 0.7, 0.2, 0.2);

  it('gives 1 for perfect detections and 0 for none', () => {
    expect(classAps([[det(gtA, 0.9), det(gtB, 0.8)]], [[gtA, gtB]], 0.5, 1)).toEqual([1]);
    expect(classAps([[]], [[gtA, gtB]], 0.5, 1)).toEqual([0]);
  });

  it('ranks by score: a false positive above the only true positive halves AP', () => {
    const miss = box(0.8, 0.1, 0.1, 0.1);
    // FP (.9) then TP (.8): r = 0, 1; p = 0, .5 → AP = .5
    expect(classAps([[det(miss, 0.9), det(gtA, 0.8)]], [[gtA]], 0.5, 1)[0]).toBeCloseTo(0.5, 12);
    // TP (.9) then FP (.8): AP = 1
    expect(classAps([[det(miss, 0.8), det(gtA, 0.9)]], [[gtA]], 0.5, 1)[0]).toBeCloseTo(1, 12);
  });

  it('TP, FP, TP over two GT gives 5/6', () => {
    const miss = box(0.1, 0.9, 0.1, 0.1);
    const ap = classAps([[det(gtA, 0.9), det(miss, 0.8), det(gtB, 0.7)]], [[gtA, gtB]], 0.5, 1)[0];
    expect(ap).toBeCloseTo(5 / 6, 12);
  });

  it('counts a second detection of the same object as a false positive', () => {
    // TP (.9), duplicate FP (.8), 2 GT: r = .5 .5, p = 1 .5 → AP = .5
    const ap = classAps([[det(gtA, 0.9), det(gtA, 0.8)]], [[gtA, gtB]], 0.5, 1)[0];
    expect(ap).toBeCloseTo(0.5, 12);
  });

  it('matches only within the same image and the same class', () => {
    const gt = [[gtA], [gtB]];
    // the detection of gtA sits in image 1, where only gtB is: a false positive
    expect(classAps([[], [det(gtA, 0.9)]], gt, 0.5, 1)).toEqual([0]);
    // a class-1 detection on a class-0 object: class 0 AP 0, class 1 has no GT (null)
    expect(classAps([[det({ ...gtA, classId: 1 }, 0.9)], []], gt, 0.5, 2)).toEqual([0, null]);
  });

  it('uses IoU >= threshold', () => {
    const gt = box(0.5, 0.5, 1, 1);
    const d = det(box(0.3, 0.5, 0.6, 1), 0.9); // IoU 0.6
    expect(classAps([[d]], [[gt]], 0.6, 1)).toEqual([1]);
    expect(classAps([[d]], [[gt]], 0.65, 1)).toEqual([0]);
  });

  it('rejects mismatched lengths', () => {
    expect(() => classAps([[]], [[], []], 0.5, 1)).toThrow(/1 detection lists for 2 images/);
  });
});

describe('meanAveragePrecision', () => {
  it('averages over 0.50:0.05:0.95', () => {
    expect(COCO_THRESHOLDS).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]);
    const gt = box(0.5, 0.5, 1, 1);
    const d = det(box(0.3, 0.5, 0.6, 1), 0.9); // IoU 0.6: a hit at 0.50, 0.55, 0.60 only
    const m = meanAveragePrecision([[d]], [[gt]], 1);
    expect(m.map50).toBe(1);
    expect(m.map50_95).toBeCloseTo(0.3, 12);
  });

  it('averages over classes with ground truth only', () => {
    const a = box(0.3, 0.3, 0.2, 0.2, 0);
    const b = box(0.7, 0.7, 0.2, 0.2, 2);
    // class 0 found (AP 1), class 2 missed (AP 0), class 1 has no GT and a stray detection
    const m = meanAveragePrecision([[det(a, 0.9), det({ ...b, classId: 1 }, 0.95)]], [[a, b]], 3);
    expect(m.perClass50).toEqual([1, null, 0]);
    expect(m.map50).toBeCloseTo(0.5, 12);
    expect(m.map50_95).toBeCloseTo(0.5, 12);
  });

  it('is 0 without ground truth at all', () => {
    expect(meanAveragePrecision([[]], [[]], 3)).toEqual({ map50: 0, map50_95: 0, perClass50: [null, null, null] });
  });
});
