// The fixed parameters of the COCO box protocol (pycocotools' `Params.setDetParams`), computed
// exactly as numpy computes them so that every comparison against them gives the same answer.

/** numpy's `linspace(start, stop, num)`: `i · step + start`, the last point set to `stop`. */
function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  out[num - 1] = stop;
  return out;
}

/** The 10 IoU thresholds `linspace(.5, .95, 10)` (index 0 is 0.5, index 5 is 0.75). */
export const IOU_THRESHOLDS: Float64Array = linspace(0.5, 0.95, 10);

/** The 101 recall points `linspace(0, 1, 101)`: `i · 0.01` (not `i / 100`: a few differ in the last bit). */
export const RECALL_POINTS: Float64Array = linspace(0, 1, 101);

/** Index of the IoU threshold 0.5 in {@link IOU_THRESHOLDS}. */
export const IOU_50 = 0;
/** Index of the IoU threshold 0.75 in {@link IOU_THRESHOLDS}. */
export const IOU_75 = 5;

/**
 * Area ranges in square pixels, both ends inclusive: all, small, medium, large
 * (`[0, 1e5²]`, `[0, 32²]`, `[32², 96²]`, `[96², 1e5²]`).
 */
export const AREA_RANGES: readonly (readonly [number, number])[] = [
  [0, 1e10],
  [0, 32 ** 2],
  [32 ** 2, 96 ** 2],
  [96 ** 2, 1e10],
];

/** Index of the range "all" in {@link AREA_RANGES}. */
export const AREA_ALL = 0;
/** Index of the range "small" (≤ 32² px) in {@link AREA_RANGES}. */
export const AREA_SMALL = 1;
/** Index of the range "medium" in {@link AREA_RANGES}. */
export const AREA_MEDIUM = 2;
/** Index of the range "large" (≥ 96² px) in {@link AREA_RANGES}. */
export const AREA_LARGE = 3;

/** The per-image cuts of the AR summaries at 1 and 10 detections (the third is `maxDetections`). */
export const SMALL_CUTS: readonly [number, number] = [1, 10];

/** numpy's `np.spacing(1)`, the `eps` of pycocotools' precision `tp / (tp + fp + eps)`. */
export const PRECISION_EPS = Number.EPSILON;

/** `min(t, 1 − 1e-10)`: pycocotools' matching threshold for IoU threshold `t`. */
export function matchThreshold(t: number): number {
  return Math.min(t, 1 - 1e-10);
}
