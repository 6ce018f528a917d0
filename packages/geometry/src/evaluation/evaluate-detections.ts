import type { Detection } from '../detection.js';
import { accumulate } from './accumulate.js';
import { precisionRecallCurves } from './curves.js';
import { groupByClass } from './group.js';
import { summarize } from './summarize.js';
import type {
  DetectionMetrics,
  EvaluateDetectionsOptions,
  EvaluationGtBox,
  PrecisionRecallCurves,
} from './types.js';
import { validateEvaluationInput } from './validate.js';

/**
 * COCO box evaluation, the protocol of pycocotools' `COCOeval` with `iouType='bbox'` and its
 * default parameters: AP averaged over IoU thresholds 0.50:0.05:0.95 and 101 recall points,
 * AP50, AP75, AP of small / medium / large objects, AR at 1, 10 and `maxDetections`
 * detections per image, and AP / AP50 per class. Boxes are scaled to pixels with
 * `options.imageSizes` (float64) and every step follows pycocotools' arithmetic, so the numbers
 * are the ones pycocotools reports for the same pixel boxes (see `docs/evaluation.md`).
 * Pure CPU code: no tensors.
 *
 * @param detections - one list per image of image-normalised centre boxes with `score` and
 *   `classId` (any order; `w, h >= 0`, any finite centre).
 * @param groundTruth - one list per image of image-normalised centre boxes (`x, y, w, h` in
 *   `[0, 1]`), optionally `iscrowd` and `area`.
 * @param options - `imageSizes` (`[width, height]` in pixels per image), `maxDetections`
 *   (default 100), `numClasses`, `curves` (also return the precision–recall curves).
 * @returns the metrics as fractions; `-1` where there was nothing to average. With
 *   `curves: true` also `curves`: per class and IoU threshold, the interpolated precision at
 *   the 101 recall points and the final recall.
 * @throws Error naming the argument, image, box and field of any invalid input.
 */
export function evaluateDetections(
  detections: readonly (readonly Detection[])[],
  groundTruth: readonly (readonly EvaluationGtBox[])[],
  options: EvaluateDetectionsOptions & { curves: true },
): DetectionMetrics & { curves: PrecisionRecallCurves };
export function evaluateDetections(
  detections: readonly (readonly Detection[])[],
  groundTruth: readonly (readonly EvaluationGtBox[])[],
  options: EvaluateDetectionsOptions,
): DetectionMetrics;
export function evaluateDetections(
  detections: readonly (readonly Detection[])[],
  groundTruth: readonly (readonly EvaluationGtBox[])[],
  options: EvaluateDetectionsOptions,
): DetectionMetrics {
  const checked = validateEvaluationInput(detections, groundTruth, options);
  const groups = groupByClass(checked);
  const accumulated = accumulate(groups, checked.classIds.length);
  const metrics = summarize(accumulated, checked.classIds);
  return checked.curves
    ? { ...metrics, curves: precisionRecallCurves(accumulated, checked.classIds) }
    : metrics;
}
