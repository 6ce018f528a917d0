// Input checks of evaluateDetections: every bad value gets an error naming the argument, the
// image, the box, the field and what was expected.
import type { EvaluateDetectionsOptions } from './types.js';
import { YoloInputError } from '@yolo-loss/backend';

const FN = 'evaluateDetections';

/** Values per detection row of {@link CheckedEvaluation}: `x, y, w, h, score, image`. @internal */
export const DT_ROW = 6;
/** Values per ground-truth row: `x, y, w, h, area (NaN: none), crowd (0/1), image`. @internal */
export const GT_ROW = 7;

/** Boxes read into one interleaved row per box, in input order (image by image). @internal */
export interface FlatBoxes {
  rows: Float64Array;
  /** Index of the box's class in `classIds`. */
  classIndex: Int32Array;
}

/** What {@link validateEvaluationInput} returns: the checked input as typed arrays. @internal */
export interface CheckedEvaluation {
  numImages: number;
  maxDetections: number;
  /** Whether to return the precision–recall curves. */
  curves: boolean;
  /** Image widths and heights in pixels. */
  widths: Float64Array;
  heights: Float64Array;
  /** The evaluated class ids, ascending. */
  classIds: number[];
  /** {@link DT_ROW} values per detection. */
  detections: FlatBoxes;
  /** {@link GT_ROW} values per ground-truth box. */
  groundTruth: FlatBoxes;
}

function countBoxes(lists: unknown[], name: string, what: string): number {
  let total = 0;
  for (let i = 0; i < lists.length; i++) {
    const list: unknown = lists[i];
    if (!Array.isArray(list)) fail(`${name}[${i}]`, `an array of ${what} (image ${i})`, list);
    total += list.length;
  }
  return total;
}

function describeValue(v: unknown): string {
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'string') return `'${v}'`;
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === undefined)
    return String(v);
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function fail(where: string, expected: string, got: unknown, at = ''): never {
  throw new YoloInputError(`${FN}: ${where}: expected ${expected}, got ${describeValue(got)}${at}`);
}

/**
 * Checks every argument of {@link evaluateDetections} and reads the boxes into typed arrays
 * (each box object is read once).
 * @internal
 */
export function validateEvaluationInput(
  detections: unknown,
  groundTruth: unknown,
  options: unknown,
): CheckedEvaluation {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail('options', 'an object with imageSizes', options);
  }
  const {
    imageSizes,
    maxDetections = 100,
    numClasses,
    curves = false,
  } = options as EvaluateDetectionsOptions;
  if (!Array.isArray(detections))
    fail('detections', 'an array with one Detection[] per image', detections);
  if (!Array.isArray(groundTruth))
    fail('groundTruth', 'an array with one GtBox[] per image', groundTruth);
  if (!Array.isArray(imageSizes))
    fail('options.imageSizes', 'an array with one [width, height] per image', imageSizes);
  const n = detections.length;
  if (groundTruth.length !== n) {
    throw new YoloInputError(
      `${FN}: groundTruth has ${groundTruth.length} images but detections has ${n} (one list per image each)`,
    );
  }
  if (imageSizes.length !== n) {
    throw new YoloInputError(
      `${FN}: options.imageSizes has ${imageSizes.length} entries but detections has ${n} images`,
    );
  }
  if (
    typeof maxDetections !== 'number' ||
    !Number.isSafeInteger(maxDetections) ||
    maxDetections < 1
  ) {
    fail('options.maxDetections', 'a positive integer', maxDetections);
  }
  if (
    numClasses !== undefined &&
    (typeof numClasses !== 'number' || !Number.isSafeInteger(numClasses) || numClasses < 1)
  ) {
    fail('options.numClasses', 'a positive integer', numClasses);
  }
  if (typeof curves !== 'boolean') fail('options.curves', 'true or false', curves);

  const widths = new Float64Array(n);
  const heights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const size: unknown = imageSizes[i];
    const where = `options.imageSizes[${i}]`;
    if (!Array.isArray(size) || size.length !== 2)
      fail(where, '[width, height] in pixels', size, ` (image ${i})`);
    const [w, h] = size as unknown[];
    if (typeof w !== 'number' || !Number.isFinite(w) || w <= 0)
      fail(`${where}[0]`, 'a finite width > 0 in pixels', w, ` (image ${i})`);
    if (typeof h !== 'number' || !Number.isFinite(h) || h <= 0)
      fail(`${where}[1]`, 'a finite height > 0 in pixels', h, ` (image ${i})`);
    widths[i] = w;
    heights[i] = h;
  }

  const seen = numClasses === undefined ? new Set<number>() : undefined;
  // Messages are built only on failure: this loop visits every box.
  type Bad = (i: number, j: number, field: string, expected: string, got: unknown) => never;
  const badDetection: Bad = (i, j, field, expected, got) =>
    fail(`detections[${i}][${j}]${field}`, expected, got, ` (image ${i}, detection ${j})`);
  const badGt: Bad = (i, j, field, expected, got) =>
    fail(`groundTruth[${i}][${j}]${field}`, expected, got, ` (image ${i}, box ${j})`);
  /** What a class id should have been, or `undefined` when it is fine. */
  const classProblem = (v: unknown): string | undefined => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return 'a non-negative integer';
    if (numClasses !== undefined && v >= numClasses)
      return `an integer in [0, ${numClasses}) (options.numClasses)`;
    seen?.add(v);
    return undefined;
  };

  const dtCount = countBoxes(detections, 'detections', 'detections');
  const dt: FlatBoxes = {
    rows: new Float64Array(dtCount * DT_ROW),
    classIndex: new Int32Array(dtCount),
  };
  const dtClassIds = new Float64Array(dtCount);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const list = detections[i] as unknown[];
    for (let j = 0; j < list.length; j++, p++) {
      const box: unknown = list[j];
      if (typeof box !== 'object' || box === null)
        badDetection(i, j, '', '{ x, y, w, h, score, classId }', box);
      const { x, y, w, h, score, classId } = box as Record<string, unknown>;
      if (!isFiniteNumber(x)) badDetection(i, j, '.x', 'a finite number', x);
      if (!isFiniteNumber(y)) badDetection(i, j, '.y', 'a finite number', y);
      if (!isFiniteNumber(w)) badDetection(i, j, '.w', 'a finite number', w);
      if (w < 0) badDetection(i, j, '.w', 'a width >= 0 (image-normalised)', w);
      if (!isFiniteNumber(h)) badDetection(i, j, '.h', 'a finite number', h);
      if (h < 0) badDetection(i, j, '.h', 'a height >= 0 (image-normalised)', h);
      if (!isFiniteNumber(score)) badDetection(i, j, '.score', 'a finite number', score);
      const classError = classProblem(classId);
      if (classError !== undefined) badDetection(i, j, '.classId', classError, classId);
      const o = p * DT_ROW;
      dt.rows[o] = x;
      dt.rows[o + 1] = y;
      dt.rows[o + 2] = w;
      dt.rows[o + 3] = h;
      dt.rows[o + 4] = score;
      dt.rows[o + 5] = i;
      dtClassIds[p] = classId as number;
    }
  }

  const gtCount = countBoxes(groundTruth, 'groundTruth', 'ground-truth boxes');
  const gt: FlatBoxes = {
    rows: new Float64Array(gtCount * GT_ROW),
    classIndex: new Int32Array(gtCount),
  };
  const gtClassIds = new Float64Array(gtCount);
  p = 0;
  for (let i = 0; i < n; i++) {
    const list = groundTruth[i] as unknown[];
    for (let j = 0; j < list.length; j++, p++) {
      const box: unknown = list[j];
      if (typeof box !== 'object' || box === null)
        badGt(i, j, '', '{ x, y, w, h, classId, iscrowd?, area? }', box);
      const { x, y, w, h, classId, iscrowd, area } = box as Record<string, unknown>;
      if (!isFiniteNumber(x)) badGt(i, j, '.x', 'a finite number', x);
      if (x < 0 || x > 1) badGt(i, j, '.x', 'a centre in [0, 1] (image-normalised)', x);
      if (!isFiniteNumber(y)) badGt(i, j, '.y', 'a finite number', y);
      if (y < 0 || y > 1) badGt(i, j, '.y', 'a centre in [0, 1] (image-normalised)', y);
      if (!isFiniteNumber(w)) badGt(i, j, '.w', 'a finite number', w);
      if (w < 0 || w > 1) badGt(i, j, '.w', 'a size in [0, 1] (image-normalised)', w);
      if (!isFiniteNumber(h)) badGt(i, j, '.h', 'a finite number', h);
      if (h < 0 || h > 1) badGt(i, j, '.h', 'a size in [0, 1] (image-normalised)', h);
      if (iscrowd !== undefined && typeof iscrowd !== 'boolean')
        badGt(i, j, '.iscrowd', 'true, false or undefined', iscrowd);
      if (area !== undefined && (!isFiniteNumber(area) || area < 0)) {
        badGt(i, j, '.area', 'a finite area >= 0 in square pixels, or undefined', area);
      }
      const classError = classProblem(classId);
      if (classError !== undefined) badGt(i, j, '.classId', classError, classId);
      const o = p * GT_ROW;
      gt.rows[o] = x;
      gt.rows[o + 1] = y;
      gt.rows[o + 2] = w;
      gt.rows[o + 3] = h;
      gt.rows[o + 4] = area ?? NaN;
      gt.rows[o + 5] = iscrowd === true ? 1 : 0;
      gt.rows[o + 6] = i;
      gtClassIds[p] = classId as number;
    }
  }

  const classIds =
    seen === undefined
      ? Array.from({ length: numClasses! }, (_, k) => k)
      : [...seen].sort((a, b) => a - b);
  const dense = classIds.every((id, k) => id === k);
  const index = dense ? undefined : new Map(classIds.map((id, k) => [id, k]));
  for (const [boxes, ids] of [
    [dt, dtClassIds],
    [gt, gtClassIds],
  ] as const) {
    for (let i = 0; i < ids.length; i++)
      boxes.classIndex[i] = index === undefined ? ids[i]! : index.get(ids[i]!)!;
  }
  return {
    numImages: n,
    maxDetections,
    curves,
    widths,
    heights,
    classIds,
    detections: dt,
    groundTruth: gt,
  };
}
