// evaluateDetections rejects bad input with an error naming the argument, image, box and
// field, and what was expected; and accepts the documented edge cases.
import { testBackend } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import {
  evaluateDetections,
  type Detection,
  type EvaluateDetectionsOptions,
  type EvaluationGtBox,
} from '../src/index.js';

const D: Detection = { x: 0.5, y: 0.5, w: 0.2, h: 0.2, score: 0.9, classId: 0 };
const G: EvaluationGtBox = { x: 0.5, y: 0.5, w: 0.2, h: 0.2, classId: 0 };
const SIZES: [number, number][] = [
  [640, 480],
  [640, 480],
];

const call = (dets: unknown, gts: unknown, options: unknown) => () =>
  evaluateDetections(
    dets as Detection[][],
    gts as EvaluationGtBox[][],
    options as EvaluateDetectionsOptions,
  );
const withDet = (patch: Record<string, unknown>) =>
  call([[D], [D, { ...D, ...patch }]], [[G], []], { imageSizes: SIZES });
const withGt = (patch: Record<string, unknown>) =>
  call([[D], []], [[G], [G, { ...G, ...patch }]], { imageSizes: SIZES });

describe.skipIf(testBackend() !== 'cpu')(
  'evaluateDetections input validation (cpu project only: pure CPU code)',
  () => {
    it('rejects non-arrays and length mismatches', () => {
      expect(call({}, [], { imageSizes: [] })).toThrow(
        /^evaluateDetections: detections: expected an array with one Detection\[\] per image, got an object$/,
      );
      expect(call([], null, { imageSizes: [] })).toThrow(
        /groundTruth: expected an array .*got null/,
      );
      expect(call([], [], undefined)).toThrow(
        /options: expected an object with imageSizes, got undefined/,
      );
      expect(call([], [], {})).toThrow(/options\.imageSizes: expected an array .*got undefined/);
      expect(call([[], []], [[]], { imageSizes: SIZES })).toThrow(
        /groundTruth has 1 images but detections has 2/,
      );
      expect(call([[], []], [[], []], { imageSizes: [[640, 480]] })).toThrow(
        /options\.imageSizes has 1 entries but detections has 2 images/,
      );
      expect(call([[], 'x'], [[], []], { imageSizes: SIZES })).toThrow(
        /detections\[1\]: expected an array of detections \(image 1\), got 'x'/,
      );
      expect(call([[], []], [[], 3], { imageSizes: SIZES })).toThrow(
        /groundTruth\[1\]: expected an array of ground-truth boxes \(image 1\), got 3/,
      );
    });

    it('names the image, the box and the field of a bad detection', () => {
      expect(withDet({ x: NaN })).toThrow(
        /^evaluateDetections: detections\[1\]\[1\]\.x: expected a finite number, got NaN \(image 1, detection 1\)$/,
      );
      expect(withDet({ y: Infinity })).toThrow(
        /detections\[1\]\[1\]\.y: expected a finite number, got Infinity/,
      );
      expect(withDet({ w: -0.1 })).toThrow(
        /detections\[1\]\[1\]\.w: expected a width >= 0 \(image-normalised\), got -0\.1 \(image 1, detection 1\)/,
      );
      expect(withDet({ h: '1' })).toThrow(
        /detections\[1\]\[1\]\.h: expected a finite number, got '1'/,
      );
      expect(withDet({ score: NaN })).toThrow(
        /detections\[1\]\[1\]\.score: expected a finite number, got NaN/,
      );
      expect(withDet({ score: undefined })).toThrow(
        /detections\[1\]\[1\]\.score: expected a finite number, got undefined/,
      );
      expect(withDet({ classId: 1.5 })).toThrow(
        /detections\[1\]\[1\]\.classId: expected a non-negative integer, got 1\.5/,
      );
      expect(withDet({ classId: -1 })).toThrow(
        /detections\[1\]\[1\]\.classId: expected a non-negative integer, got -1/,
      );
      expect(call([[D], [null]], [[], []], { imageSizes: SIZES })).toThrow(
        /detections\[1\]\[0\]: expected \{ x, y, w, h, score, classId \}, got null \(image 1, detection 0\)/,
      );
    });

    it('names the image, the box and the field of a bad ground-truth box', () => {
      expect(withGt({ x: 1.2 })).toThrow(
        /^evaluateDetections: groundTruth\[1\]\[1\]\.x: expected a centre in \[0, 1\] \(image-normalised\), got 1\.2 \(image 1, box 1\)$/,
      );
      expect(withGt({ y: -0.01 })).toThrow(
        /groundTruth\[1\]\[1\]\.y: expected a centre in \[0, 1\]/,
      );
      expect(withGt({ w: 1.5 })).toThrow(
        /groundTruth\[1\]\[1\]\.w: expected a size in \[0, 1\] \(image-normalised\), got 1\.5/,
      );
      expect(withGt({ h: NaN })).toThrow(
        /groundTruth\[1\]\[1\]\.h: expected a finite number, got NaN/,
      );
      expect(withGt({ classId: '0' })).toThrow(
        /groundTruth\[1\]\[1\]\.classId: expected a non-negative integer, got '0'/,
      );
      expect(withGt({ iscrowd: 1 })).toThrow(
        /groundTruth\[1\]\[1\]\.iscrowd: expected true, false or undefined, got 1/,
      );
      expect(withGt({ area: -5 })).toThrow(
        /groundTruth\[1\]\[1\]\.area: expected a finite area >= 0 in square pixels, or undefined, got -5/,
      );
    });

    it('checks the options', () => {
      const ok = (options: Record<string, unknown>) =>
        call([[D], []], [[G], []], { imageSizes: SIZES, ...options });
      expect(ok({ maxDetections: 0 })).toThrow(
        /options\.maxDetections: expected a positive integer, got 0/,
      );
      expect(ok({ maxDetections: 2.5 })).toThrow(
        /options\.maxDetections: expected a positive integer, got 2\.5/,
      );
      expect(ok({ maxDetections: Infinity })).toThrow(
        /options\.maxDetections: expected a positive integer, got Infinity/,
      );
      expect(ok({ numClasses: 0 })).toThrow(
        /options\.numClasses: expected a positive integer, got 0/,
      );
      expect(ok({ numClasses: 1, maxDetections: 1 })).not.toThrow();
      expect(ok({ curves: 'yes' })).toThrow(/options\.curves: expected true or false, got 'yes'/);
      expect(ok({ curves: 1 })).toThrow(/options\.curves: expected true or false, got 1/);
      expect(ok({ curves: false })).not.toThrow();
      expect(
        call([[{ ...D, classId: 3 }], []], [[G], []], { imageSizes: SIZES, numClasses: 3 }),
      ).toThrow(
        /detections\[0\]\[0\]\.classId: expected an integer in \[0, 3\) \(options\.numClasses\), got 3/,
      );
      expect(ok({ imageSizes: [[640, 480], [640]] })).toThrow(
        /options\.imageSizes\[1\]: expected \[width, height\] in pixels, got an array of length 1 \(image 1\)/,
      );
      expect(
        ok({
          imageSizes: [
            [640, 480],
            [0, 480],
          ],
        }),
      ).toThrow(
        /options\.imageSizes\[1\]\[0\]: expected a finite width > 0 in pixels, got 0 \(image 1\)/,
      );
      expect(
        ok({
          imageSizes: [
            [640, 480],
            [640, NaN],
          ],
        }),
      ).toThrow(/options\.imageSizes\[1\]\[1\]: expected a finite height > 0 in pixels, got NaN/);
    });

    it('accepts zero-size boxes, detection centres outside the image and any finite score', () => {
      const dets: Detection[][] = [
        [
          { ...D, w: 0 },
          { ...D, h: 0, score: -3 },
          { ...D, x: -0.2, y: 1.3, w: 2, score: 1e9 },
        ],
        [],
      ];
      const gts: EvaluationGtBox[][] = [
        [
          { ...G, w: 0, h: 0 },
          { ...G, x: 0, y: 1, iscrowd: false, area: 0 },
        ],
        [],
      ];
      expect(() => evaluateDetections(dets, gts, { imageSizes: SIZES })).not.toThrow();
    });
  },
);
