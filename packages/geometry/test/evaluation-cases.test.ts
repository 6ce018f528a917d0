// Hand-computed COCO box metrics. Each case derives pycocotools' arrays by hand: per IoU
// threshold, the ranked detections' cumulative tp/fp, recall = tp / npig, precision
// = tp / (tp + fp + eps) with eps = 2⁻⁵² (so one TP alone has precision 1/(1 + 2⁻⁵²)
// = 1 − 2⁻⁵² =: V), made non-increasing from the right, read at recall points i·0.01.
// Where a final mean of many equal values is not exact by hand, the expected number is the
// one numpy 2.4.6 prints for np.mean of that array (noted).
import { testBackend } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { evaluateDetections, type Detection, type EvaluationGtBox } from '../src/index.js';
import { numpyMean } from '../src/evaluation/numpy-mean.js';
import { IOU_THRESHOLDS, RECALL_POINTS } from '../src/evaluation/protocol.js';

const V = 1 - 2 ** -52;
/** np.mean(np.full(1010, V)) */
const MEAN_1010_V = 0.9999999999999998;
/** np.mean(np.full(101, V)) */
const MEAN_101_V = 0.9999999999999999;

/** A box in pixels `[x_min, y_min, w, h]` of a `size`-px square image, as a normalised centre box. */
const px = (x: number, y: number, w: number, h: number, size = 256) => ({
  x: (x + w / 2) / size,
  y: (y + h / 2) / size,
  w: w / size,
  h: h / size,
});
const gt = (
  box: { x: number; y: number; w: number; h: number },
  extra: Partial<EvaluationGtBox> = {},
): EvaluationGtBox => ({ ...box, classId: 0, ...extra });
const det = (
  box: { x: number; y: number; w: number; h: number },
  score: number,
  classId = 0,
): Detection => ({ ...box, score, classId });
const square = (n: number, size = 256): [number, number][] =>
  Array.from({ length: n }, () => [size, size]);

describe.skipIf(testBackend() !== 'cpu')(
  'evaluateDetections: hand-computed cases (cpu project only: pure CPU code)',
  () => {
    it('one perfect detection: precision V at every point, recall 1', () => {
      // 128×128 px box: area 16384 > 96², large. Every threshold: tp=[1], fp=[0], rc=[1], pr=[V];
      // all 101 points reached -> q = V everywhere.
      const box = px(64, 64, 128, 128);
      const m = evaluateDetections([[det(box, 0.9)]], [[gt(box)]], { imageSizes: square(1) });
      expect(m.map).toBe(MEAN_1010_V);
      expect(m.map50).toBe(MEAN_101_V);
      expect(m.map75).toBe(MEAN_101_V);
      expect(m.mapLarge).toBe(MEAN_1010_V);
      expect(m.mapSmall).toBe(-1); // no GT in range: nothing to average
      expect(m.mapMedium).toBe(-1);
      expect([m.ar1, m.ar10, m.ar100, m.arLarge]).toEqual([1, 1, 1, 1]);
      expect([m.arSmall, m.arMedium]).toEqual([-1, -1]);
      expect(m.perClass).toEqual([{ classId: 0, ap: MEAN_1010_V, ap50: MEAN_101_V }]);
    });

    it('one false positive ranked above one true positive: AP 0.5, AR@1 0', () => {
      // Ranked: FP (0.9), TP (0.8). tp=[0,1], fp=[1,1], rc=[0,1], pr=[0, 1/(2+eps)=0.5] -> [0.5,0.5];
      // r=0 -> index 0, r>0 -> index 1: q = 0.5 at all 101 points, every threshold (sums exact).
      // AR@1 keeps only the FP: recall 0. In the large range the FP (32² px, small) is unmatched
      // and outside the range, so it is ignored: one TP alone, MEAN_1010_V.
      const box = px(64, 64, 128, 128);
      const far = px(0, 0, 32, 32);
      const m = evaluateDetections([[det(far, 0.9), det(box, 0.8)]], [[gt(box)]], {
        imageSizes: square(1),
      });
      expect([m.map, m.map50, m.map75]).toEqual([0.5, 0.5, 0.5]);
      expect(m.mapLarge).toBe(MEAN_1010_V);
      expect([m.ar1, m.ar10, m.ar100]).toEqual([0, 1, 1]);
      // Ranked the other way: TP, FP: pr=[V, 0.5] stays, every point reads index 0 -> V.
      const flipped = evaluateDetections([[det(far, 0.7), det(box, 0.8)]], [[gt(box)]], {
        imageSizes: square(1),
      });
      expect(flipped.map).toBe(MEAN_1010_V);
      expect(flipped.ar1).toBe(1);
    });

    it('curves: the interpolated precision at each recall point, 0 past the final recall, -1 without ground truth', () => {
      // Class 0: 2 GT (A, B), ranked TP(A) 0.9, FP 0.8, TP(B) 0.7 at every threshold:
      // tp=[1,1,2], fp=[0,1,1], rc=[0.5,0.5,1], pr=[V, 1/(2+eps), 2/(3+eps)]. The running
      // maximum from the right is [V, 2/3, 2/3] (1/(2+eps) < 2/(3+eps)). Points 0…50 (≤ 0.5) read
      // index 0: V; points 51…100 read index 2: 2/(3+eps). Class 1: one GT, nothing found:
      // recall 0, precision 0 everywhere. Class 2: only a detection, no GT: -1 everywhere.
      const a = px(0, 0, 64, 64);
      const b = px(128, 128, 64, 64);
      const far = px(200, 0, 40, 40);
      const c1 = px(0, 128, 64, 64);
      const options = { imageSizes: square(1), numClasses: 3, curves: true as const };
      const m = evaluateDetections(
        [[det(a, 0.9), det(far, 0.8), det(b, 0.7), det(c1, 0.6, 2)]],
        [[gt(a), gt(b), gt(c1, { classId: 1 })]],
        options,
      );
      const twoThirds = 2 / (3 + 2 ** -52);
      const expected0 = RECALL_POINTS.map((_, r) => (r <= 50 ? V : twoThirds));
      expect(m.curves.iouThresholds).toEqual(Array.from(IOU_THRESHOLDS));
      expect(m.curves.recallPoints).toEqual(Array.from(RECALL_POINTS));
      expect(m.curves.perClass.map((c) => c.classId)).toEqual([0, 1, 2]);
      const [k0, k1, k2] = m.curves.perClass;
      for (let t = 0; t < 10; t++) {
        expect(k0!.precision[t]).toEqual(Array.from(expected0));
        expect(k1!.precision[t]).toEqual(new Array(101).fill(0));
        expect(k2!.precision[t]).toEqual(new Array(101).fill(-1));
      }
      expect(k0!.recall).toEqual(new Array(10).fill(1));
      expect(k1!.recall).toEqual(new Array(10).fill(0));
      expect(k2!.recall).toEqual(new Array(10).fill(-1));
      // The curve's mean over the recall points is the class's AP at that threshold.
      expect(m.perClass[0]!.ap50).toBe(numpyMean(Float64Array.from(expected0), 101));
      // Without the option there are no curves, and the summary is the same.
      const plain = evaluateDetections(
        [[det(a, 0.9), det(far, 0.8), det(b, 0.7), det(c1, 0.6, 2)]],
        [[gt(a), gt(b), gt(c1, { classId: 1 })]],
        { imageSizes: square(1), numClasses: 3 },
      );
      expect(plain.curves).toBeUndefined();
      const { curves, ...summary } = m;
      expect(curves).toBeDefined();
      expect(summary).toEqual(plain);
    });

    it('exact score ties keep input order, then image order', () => {
      const box = px(64, 64, 128, 128);
      const far = px(0, 0, 32, 32);
      // Same image, equal scores: the FP listed first ranks first -> AP 0.5 (as above).
      expect(
        evaluateDetections([[det(far, 0.5), det(box, 0.5)]], [[gt(box)]], { imageSizes: square(1) })
          .map,
      ).toBe(0.5);
      expect(
        evaluateDetections([[det(box, 0.5), det(far, 0.5)]], [[gt(box)]], { imageSizes: square(1) })
          .map,
      ).toBe(MEAN_1010_V);
      // Across images: image 0's FP ranks before image 1's TP at the same score.
      const twoImages = evaluateDetections([[det(far, 0.5)], [det(box, 0.5)]], [[], [gt(box)]], {
        imageSizes: square(2),
      });
      expect(twoImages.map).toBe(0.5);
      const swapped = evaluateDetections([[det(box, 0.5)], [det(far, 0.5)]], [[gt(box)], []], {
        imageSizes: square(2),
      });
      expect(swapped.map).toBe(MEAN_1010_V);
    });

    it('recall points are i·0.01: 7 of 10 found reaches 0.7 but not the point 0.7000000000000001', () => {
      // 10 GT (40×40 px each, medium), 7 found exactly, no FP. pr = [V, 1, …, 1] -> all 1 after the
      // right maximum; rc ends at 7/10 = 0.7 < 70·0.01 = 0.7000000000000001, so points 0…69 read 1
      // and 70…100 read 0: AP = 70/101 at every threshold; the sum 700 is exact, 700/1010 = 70/101.
      const boxes = Array.from({ length: 10 }, (_, i) =>
        px(50 * (i % 5), 50 * Math.floor(i / 5), 40, 40, 320),
      );
      const m = evaluateDetections(
        [boxes.slice(0, 7).map((b, i) => det(b, 1 - i / 10))],
        [boxes.map((b) => gt(b))],
        { imageSizes: square(1, 320) },
      );
      expect(m.map).toBe(70 / 101);
      expect(m.mapMedium).toBe(70 / 101);
      expect(m.ar100).toBe(0.7);
    });

    it('on equal IoU the later ground truth wins, which leaves the earlier one for the next detection', () => {
      // GT A = [0,0,64,64], B = [16,0,64,64]; det1 = [8,0,64,64] (0.9) has IoU 56·64/(2·4096−56·64)
      // = 7/9 with both; det2 = A (0.8): IoU 1 with A, 0.6 with B.
      // t <= 0.75 (6 thresholds): det1 -> B (later), det2 -> A: tp=[1,2], pr=[V,1] -> [1,1], AP 1.
      // t >= 0.8 (4): det1 unmatched (FP), det2 -> A: rc=[0,0.5], pr=[0,0.5] -> [0.5,0.5]; points
      // 0…50 read 0.5: AP = 25.5/101. Sum over [t][r]: 606 + 102 = 708, exact: map = 708/1010.
      // (Earlier-wins would give det2 a FP at 0.65–0.75.)
      const A = px(0, 0, 64, 64);
      const B = px(16, 0, 64, 64);
      const m = evaluateDetections([[det(px(8, 0, 64, 64), 0.9), det(A, 0.8)]], [[gt(A), gt(B)]], {
        imageSizes: square(1),
      });
      expect(m.map).toBe(708 / 1010);
      expect(m.map50).toBe(1);
      expect(m.map75).toBe(1);
    });

    it('a detection prefers a ground truth inside the area range, even at a lower IoU (0.6 exactly)', () => {
      // D = [0,0,64,64] (area 4096, medium). G1 = [16,0,64,64] (medium): IoU 48·64/(8192−3072) = 0.6,
      // exactly the third threshold. G2 = D's box with area 500 (small).
      // medium: G2 ignored. t in {0.5,0.55,0.6}: D -> G1 (counts first) TP -> AP V-ish; t >= 0.65:
      //   D -> G2 (ignored): not counted, no detections left -> AP 0. np.mean of 303 V and 707 zeros
      //   in [t][r] order = 0.29999999999999993 (numpy).
      // small: G1 ignored, G2 counts: D -> G2 (IoU 1) TP at every threshold -> MEAN_1010_V.
      // all: both count, D -> G2 (IoU 1, best): rc=[0.5], pr=[V]: points 0…50 -> V, AP 51V/101.
      const D = px(0, 0, 64, 64);
      const m = evaluateDetections(
        [[det(D, 0.9)]],
        [[gt(px(16, 0, 64, 64)), gt(D, { area: 500 })]],
        { imageSizes: square(1) },
      );
      expect(m.mapMedium).toBe(0.29999999999999993);
      expect(m.mapSmall).toBe(MEAN_1010_V);
      expect(m.mapLarge).toBe(-1);
      expect(m.map).toBeCloseTo((51 * V) / 101, 15);
      expect(m.arMedium).toBe(0.3); // recall 1 at 3 thresholds, 0 at 7
      expect(m.ar100).toBe(0.5);
    });

    it('crowd regions: detections inside them are ignored, any number of times', () => {
      // A crowd GT covering the image and one regular GT. Two detections inside the crowd region
      // (IoU = intersection / their own area = 1), away from the GT: both matched to the crowd
      // region, ignored. With the perfect detection of the GT the result is one TP: MEAN_1010_V.
      const crowd = gt(px(0, 0, 256, 256), { iscrowd: true });
      const target = px(128, 128, 100, 100);
      const dets = [det(px(0, 0, 40, 40), 0.95), det(px(10, 10, 40, 40), 0.9), det(target, 0.5)];
      const m = evaluateDetections([dets], [[crowd, gt(target)]], { imageSizes: square(1) });
      expect(m.map).toBe(MEAN_1010_V);
      // Without the crowd flag the same region is an ordinary large GT: the first detection's IoU
      // with it is 1600/65536 < 0.5, so both are FPs ranked first: tp=[0,0,1], rc=[0,0,0.5],
      // pr -> 1/3 everywhere; points 0…50 read 1/3, 51…100 read 0: AP50 = 51/303.
      const plain = evaluateDetections([dets], [[gt(px(0, 0, 256, 256)), gt(target)]], {
        imageSizes: square(1),
      });
      expect(plain.map50).toBeCloseTo(51 / 303, 15);
    });

    it('maxDetections: what falls below the cut does not exist', () => {
      // Ranked FP 0.9, FP 0.8, TP 0.7. Cut 2: no TP, tp=[0,0] -> AP 0, AR 0 (the FPs still count).
      // Cut 3: tp=[0,0,1], fp=[1,2,2], pr -> 1/(3+eps) = 1/3 at every point; np.mean = 1/3 (numpy).
      const box = px(64, 64, 128, 128);
      const dets = [det(px(0, 0, 20, 20), 0.9), det(px(0, 200, 20, 20), 0.8), det(box, 0.7)];
      const cut2 = evaluateDetections([dets], [[gt(box)]], {
        imageSizes: square(1),
        maxDetections: 2,
      });
      expect([cut2.map, cut2.ar100, cut2.ar10]).toEqual([0, 0, 0]);
      const cut3 = evaluateDetections([dets], [[gt(box)]], {
        imageSizes: square(1),
        maxDetections: 3,
      });
      expect(cut3.map).toBe(1 / 3);
      expect([cut3.ar1, cut3.ar10, cut3.ar100]).toEqual([0, 1, 1]);
    });

    it('degenerate boxes: a zero-width detection never matches, a zero-width GT is never found', () => {
      const box = px(64, 64, 128, 128);
      const flat = { ...box, w: 0 };
      const m = evaluateDetections([[det(flat, 0.9)]], [[gt(box)]], { imageSizes: square(1) });
      expect([m.map, m.ar100]).toEqual([0, 0]);
      // A zero-area GT counts (area 0 is in 'all' and 'small') but IoU is 0: AP 0 with a perfect
      // detection of the other GT: rc ends at 0.5, points 0…50 -> V.
      const two = evaluateDetections([[det(box, 0.9)]], [[gt(flat), gt(box)]], {
        imageSizes: square(1),
      });
      expect(two.map).toBeCloseTo((51 * V) / 101, 15);
      expect(two.mapSmall).toBe(0);
    });

    it('classes: mean over classes with ground truth, -1 for the others', () => {
      // Class 0: one perfect detection (V everywhere); class 2: FP above TP (0.5 everywhere);
      // class 1: only a detection (no GT: -1, left out). [t][r][k] mean of V and 0.5 pairs = 0.75 (numpy).
      const box = px(64, 64, 128, 128);
      const far = px(0, 0, 32, 32);
      const m = evaluateDetections(
        [[det(box, 0.9, 0), det(far, 0.9, 2), det(box, 0.8, 2), det(box, 0.7, 1)]],
        [[gt(box), gt(box, { classId: 2 })]],
        { imageSizes: square(1), numClasses: 4 },
      );
      expect(m.map).toBe(0.75);
      expect(m.perClass).toEqual([
        { classId: 0, ap: MEAN_1010_V, ap50: MEAN_101_V },
        { classId: 1, ap: -1, ap50: -1 },
        { classId: 2, ap: 0.5, ap50: 0.5 },
        { classId: 3, ap: -1, ap50: -1 },
      ]);
      // Without numClasses the classes are the ids seen: 0, 1, 2.
      const seen = evaluateDetections([[det(box, 0.7, 1)], []], [[], [gt(box, { classId: 7 })]], {
        imageSizes: square(2),
      });
      expect(seen.perClass.map((p) => p.classId)).toEqual([1, 7]);
      expect(seen.map).toBe(0);
    });

    it('nothing to evaluate: every metric -1', () => {
      const none = evaluateDetections([], [], { imageSizes: [] });
      expect(none).toEqual({
        map: -1,
        map50: -1,
        map75: -1,
        mapSmall: -1,
        mapMedium: -1,
        mapLarge: -1,
        ar1: -1,
        ar10: -1,
        ar100: -1,
        arSmall: -1,
        arMedium: -1,
        arLarge: -1,
        perClass: [],
      });
      const onlyDetections = evaluateDetections([[det(px(0, 0, 10, 10), 0.5)]], [[]], {
        imageSizes: square(1),
      });
      expect(onlyDetections.map).toBe(-1);
      expect(onlyDetections.perClass).toEqual([{ classId: 0, ap: -1, ap50: -1 }]);
    });

    it("thresholds and recall points are numpy's linspace values (as numpy 2.4.6 prints them)", () => {
      expect([...IOU_THRESHOLDS]).toEqual([
        0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95,
      ]);
      expect(RECALL_POINTS.length).toBe(101);
      expect(RECALL_POINTS[70]).toBe(0.7000000000000001);
      // Where linspace(0, 1, 101) differs from i / 100 (numpy: [i for i in range(101) if r[i] != i/100]).
      const differs = [...RECALL_POINTS.keys()].filter((i) => RECALL_POINTS[i] !== i / 100);
      expect(differs).toEqual([35, 41, 47, 57, 69, 70, 82, 83, 94, 95]);
    });

    it("numpyMean sums in numpy's pairwise order (values printed by numpy 2.4.6 np.mean)", () => {
      const cases: [number, number][] = [
        [5, 0.6399197592778334],
        [8, 0.5932798395185557],
        [100, 0.4919759277833499],
        [129, 0.4996695512895275],
        [1000, 0.5010030090270813],
        [80800, 0.5010005263314697],
      ];
      for (const [n, expected] of cases) {
        const a = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 997);
        expect(numpyMean(a, n), `n = ${n}`).toBe(expected);
      }
      // A left-to-right sum differs at n = 80800 (0.5010005263314694), so the order matters.
      const a = Float64Array.from({ length: 80800 }, (_, i) => ((i * 7919) % 1000) / 997);
      expect(a.reduce((s, x) => s + x, 0) / 80800).not.toBe(0.5010005263314697);
      expect(numpyMean(a, 0)).toBe(-1);
    });
  },
);
