import type { GtBox } from '../ground-truth.js';

/**
 * A ground-truth box of {@link evaluateDetections}: a {@link GtBox} (image-normalised centre
 * `x, y` in `[0, 1]`, size `w, h` in `[0, 1]`, integer `classId`) plus COCO's annotation fields.
 */
export interface EvaluationGtBox extends GtBox {
  /**
   * A crowd region (COCO's `iscrowd`): never counted as an object to find; a detection
   * overlapping it (IoU measured as intersection / the detection's own area) is ignored
   * instead of counted as a false positive, and any number of detections may match it.
   * Default `false`.
   */
  iscrowd?: boolean;
  /**
   * Area in square pixels that decides the small / medium / large range (COCO's annotation
   * `area`, which for COCO itself is the segmentation area). Default: the box's `w · h` in
   * pixels. Matching always uses the box.
   */
  area?: number;
}

/** Options of {@link evaluateDetections}. */
export interface EvaluateDetectionsOptions {
  /**
   * `[width, height]` in pixels of each image, one entry per image: boxes are scaled to pixels
   * with them, which the area ranges (small < 32², medium, large > 96² square pixels) need.
   */
  imageSizes: readonly (readonly [number, number])[];
  /**
   * Detections kept per image and class, the highest scores first (COCO's `maxDets[-1]`); the
   * rest do not take part at all. A positive integer, default `100`. `ar100` is the recall at
   * this cut, `ar10` at `min(10, maxDetections)`.
   */
  maxDetections?: number;
  /**
   * The classes are `0 … numClasses − 1` (every class id must be below it, and `perClass` has
   * one entry per class). Default: the sorted class ids that occur in the ground truth or the
   * detections.
   */
  numClasses?: number;
  /**
   * Also return the precision–recall curves behind the summary ({@link DetectionMetrics.curves}):
   * pycocotools' accumulated `precision` and `recall` for the area range all at `maxDetections`,
   * per class and IoU threshold. Default `false`.
   */
  curves?: boolean;
}

/** Average precision of one class (area range all, at `maxDetections`). */
export interface ClassMetrics {
  /** The class id. */
  classId: number;
  /** AP over the IoU thresholds 0.50:0.05:0.95; `-1` when the class has no (non-crowd) ground truth. */
  ap: number;
  /** AP at IoU 0.5; `-1` when the class has no (non-crowd) ground truth. */
  ap50: number;
}

/** The precision–recall curve of one class at every IoU threshold (area range all, at `maxDetections`). */
export interface ClassCurves {
  /** The class id. */
  classId: number;
  /**
   * `precision[t][r]`: the interpolated precision (the highest precision at any recall ≥ the
   * point, pycocotools' `eval['precision']`) at IoU threshold `iouThresholds[t]` and recall
   * point `recallPoints[r]`; `0` at the points past the final recall; every entry `-1` when the
   * class has no (non-crowd) ground truth. Its mean over `r` is the class's AP at that threshold.
   */
  precision: number[][];
  /**
   * `recall[t]`: the recall of all the class's detections at IoU threshold `iouThresholds[t]`
   * (pycocotools' `eval['recall']`), where the curve ends; `-1` without ground truth.
   */
  recall: number[];
}

/**
 * The curves behind the summary, when {@link EvaluateDetectionsOptions.curves} is set: what
 * pycocotools' `COCOeval.accumulate` leaves in `eval['precision']` and `eval['recall']` for the
 * area range all at `maxDetections`.
 */
export interface PrecisionRecallCurves {
  /** The 10 IoU thresholds 0.50, 0.55, …, 0.95 (numpy's `linspace(.5, .95, 10)`). */
  iouThresholds: number[];
  /** The 101 recall points 0, 0.01, …, 1 (numpy's `linspace(0, 1, 101)`). */
  recallPoints: number[];
  /** One entry per class, by ascending class id (the classes of `perClass`). */
  perClass: ClassCurves[];
}

/**
 * COCO's box metrics (pycocotools' `COCOeval.stats`, as fractions in `[0, 1]`). A value of
 * `-1` means there was nothing to average: no class had a non-crowd ground-truth box in that
 * area range.
 */
export interface DetectionMetrics {
  /** AP, IoU 0.50:0.05:0.95, all areas, `maxDetections` per image (`stats[0]`). */
  map: number;
  /** AP at IoU 0.5 (`stats[1]`). */
  map50: number;
  /** AP at IoU 0.75 (`stats[2]`). */
  map75: number;
  /** AP of objects with area ≤ 32² px (`stats[3]`). */
  mapSmall: number;
  /** AP of objects with area in [32², 96²] px (`stats[4]`). */
  mapMedium: number;
  /** AP of objects with area ≥ 96² px (`stats[5]`). */
  mapLarge: number;
  /** AR, IoU 0.50:0.05:0.95, 1 detection per image and class (`stats[6]`). */
  ar1: number;
  /** AR at `min(10, maxDetections)` detections per image and class (`stats[7]`). */
  ar10: number;
  /** AR at `maxDetections` detections per image and class (`stats[8]`). */
  ar100: number;
  /** AR of small objects at `maxDetections` (`stats[9]`). */
  arSmall: number;
  /** AR of medium objects at `maxDetections` (`stats[10]`). */
  arMedium: number;
  /** AR of large objects at `maxDetections` (`stats[11]`). */
  arLarge: number;
  /** One entry per class, by ascending class id. */
  perClass: ClassMetrics[];
  /** The precision–recall curves, only with `options.curves: true`. */
  curves?: PrecisionRecallCurves;
}
