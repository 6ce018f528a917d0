// The accumulated precision/recall arrays as per-class curves (area range all, at
// maxDetections): what `options.curves` returns next to the summary.
import type { Accumulated } from './accumulate.js';
import { AREA_ALL, AREA_RANGES, IOU_THRESHOLDS, RECALL_POINTS } from './protocol.js';
import type { PrecisionRecallCurves } from './types.js';

const A = AREA_RANGES.length;
const T = IOU_THRESHOLDS.length;
const R = RECALL_POINTS.length;

/**
 * Per class and IoU threshold, the precision at the 101 recall points and the final recall.
 * @internal
 */
export function precisionRecallCurves(
  acc: Accumulated,
  classIds: readonly number[],
): PrecisionRecallCurves {
  return {
    iouThresholds: Array.from(IOU_THRESHOLDS),
    recallPoints: Array.from(RECALL_POINTS),
    perClass: classIds.map((classId, k) => ({
      classId,
      precision: Array.from({ length: T }, (_, t) => {
        const start = ((k * A + AREA_ALL) * T + t) * R;
        return Array.from(acc.precision.subarray(start, start + R));
      }),
      recall: Array.from({ length: T }, (_, t) => acc.recall[(k * A + AREA_ALL) * T + t]!),
    })),
  };
}
