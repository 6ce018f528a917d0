// evaluateDetections against the independent port of pycocotools' loops in
// evaluation-reference.ts, on random cases that exercise every rule of the protocol: the
// precision/recall arrays must be equal bit for bit, the summary means to 1e-12 (the reference
// sums left to right, src in numpy's pairwise order).
import { testBackend } from '@yolo-loss/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateDetections } from '../src/index.js';
import { accumulate } from '../src/evaluation/accumulate.js';
import { groupByClass } from '../src/evaluation/group.js';
import { validateEvaluationInput } from '../src/evaluation/validate.js';
import { evalCaseArb, type EvalCase } from './evaluation-arbitraries.js';
import { referenceEvaluate } from './evaluation-reference.js';

const STAT_NAMES = [
  'map',
  'map50',
  'map75',
  'mapSmall',
  'mapMedium',
  'mapLarge',
  'ar1',
  'ar10',
  'ar100',
  'arSmall',
  'arMedium',
  'arLarge',
] as const;
const T = 10;
const R = 101;
const A = 4;

function expectAgreement(c: EvalCase): void {
  const options = {
    imageSizes: c.imageSizes,
    maxDetections: c.maxDetections,
    ...(c.numClasses === undefined ? {} : { numClasses: c.numClasses }),
  };
  const ref = referenceEvaluate(
    c.detections,
    c.groundTruth,
    c.imageSizes,
    c.maxDetections,
    c.numClasses,
  );

  // The arrays behind the summary, entry by entry.
  const checked = validateEvaluationInput(c.detections, c.groundTruth, options);
  expect(checked.classIds).toEqual(ref.catIds);
  const K = checked.classIds.length;
  const acc = accumulate(groupByClass(checked), K);
  const precision: number[] = [];
  const expectedPrecision: number[] = [];
  const recall: number[] = [];
  const expectedRecall: number[] = [];
  for (let k = 0; k < K; k++) {
    for (let a = 0; a < A; a++) {
      for (let t = 0; t < T; t++) {
        for (let r = 0; r < R; r++) {
          precision.push(acc.precision[((k * A + a) * T + t) * R + r]!);
          expectedPrecision.push(ref.precision[t]![r]![k]![a]![2]!);
        }
        recall.push(acc.recall[(k * A + a) * T + t]!);
        expectedRecall.push(ref.recall[t]![k]![a]![2]!);
      }
      if (a === 0) {
        for (let cut = 0; cut < 2; cut++) {
          for (let t = 0; t < T; t++) {
            recall.push(acc.recallCut[(k * 2 + cut) * T + t]!);
            expectedRecall.push(ref.recall[t]![k]![0]![cut]!);
          }
        }
      }
    }
  }
  expect(precision).toEqual(expectedPrecision);
  expect(recall).toEqual(expectedRecall);

  const m = evaluateDetections(c.detections, c.groundTruth, { ...options, curves: true });
  STAT_NAMES.forEach((name, i) => expectSame(m[name], ref.stats[i]!, name));
  // The returned curves: the reference's precision and recall, area all, at maxDetections.
  expect(m.curves.perClass.map((p) => p.classId)).toEqual(ref.catIds);
  m.curves.perClass.forEach((curve, k) => {
    expect(curve.precision).toEqual(
      Array.from({ length: T }, (_, t) =>
        Array.from({ length: R }, (_, r) => ref.precision[t]![r]![k]![0]![2]!),
      ),
    );
    expect(curve.recall).toEqual(Array.from({ length: T }, (_, t) => ref.recall[t]![k]![0]![2]!));
  });
  expect(m.perClass.map((p) => p.classId)).toEqual(ref.perClass.map((p) => p.classId));
  m.perClass.forEach((p, k) => {
    expectSame(p.ap, ref.perClass[k]!.ap, `class ${p.classId} ap`);
    expectSame(p.ap50, ref.perClass[k]!.ap50, `class ${p.classId} ap50`);
  });
}

/** -1 exactly, or a mean within 1e-12 (the reference sums left to right, src in numpy's order). */
function expectSame(actual: number, expected: number, what: string): void {
  const ok = expected === -1 ? actual === -1 : Math.abs(actual - expected) <= 1e-12;
  if (!ok) throw new Error(`${what}: ${actual}, reference ${expected}`);
}

describe.skipIf(testBackend() !== 'cpu')(
  'evaluateDetections ≡ a plain port of COCOeval (cpu project only: pure CPU code)',
  () => {
    it('agrees on random small cases (ties, duplicates, crowds, area ranges, IoU on thresholds, cuts)', () => {
      fc.assert(
        fc.property(
          evalCaseArb({
            maxImages: 5,
            maxGt: 6,
            maxDets: 12,
            classes: 3,
            maxDetections: fc.constantFrom(1, 2, 3, 5, 10, 100),
          }),
          (c) => expectAgreement(c),
        ),
        { numRuns: 400, seed: 20260301 },
      );
    });

    it('agrees with more than 100 detections per image and class (the default cut)', () => {
      fc.assert(
        fc.property(
          evalCaseArb({
            maxImages: 2,
            maxGt: 8,
            minDets: 101,
            maxDets: 140,
            classes: 1,
            maxDetections: fc.constant(100),
          }),
          (c) => expectAgreement(c),
        ),
        { numRuns: 20, seed: 20260302 },
      );
    });

    it('agrees on cases dense in one class (many boxes per image, crowded overlaps)', () => {
      fc.assert(
        fc.property(
          evalCaseArb({
            maxImages: 3,
            maxGt: 15,
            maxDets: 40,
            classes: 1,
            maxDetections: fc.constantFrom(7, 20, 100),
          }),
          (c) => expectAgreement(c),
        ),
        { numRuns: 60, seed: 20260303 },
      );
    });
  },
);
