// COCOeval.summarize: means over the entries > -1 of slices of the precision / recall
// arrays, taken in numpy's (C) order so that the float sums are numpy's too.
import type { Accumulated } from './accumulate.js';
import {
  AREA_ALL,
  AREA_LARGE,
  AREA_MEDIUM,
  AREA_RANGES,
  AREA_SMALL,
  IOU_50,
  IOU_75,
  IOU_THRESHOLDS,
  RECALL_POINTS,
  SMALL_CUTS,
} from './protocol.js';
import { numpyMean } from './numpy-mean.js';
import type { ClassMetrics, DetectionMetrics } from './types.js';

const A = AREA_RANGES.length;
const T = IOU_THRESHOLDS.length;
const R = RECALL_POINTS.length;
const C = SMALL_CUTS.length;

/**
 * The summary metrics and per-class APs of accumulated results.
 * @internal
 */
export function summarize(acc: Accumulated, classIds: readonly number[]): DetectionMetrics {
  const K = classIds.length;
  const { precision, recall, recallCut } = acc;
  const buffer = new Float64Array(T * R * Math.max(K, 1));

  /** Mean precision over thresholds `t0 … t1 − 1`, all recall points, all classes: order [t][r][k]. */
  const meanPrecision = (a: number, t0: number, t1: number, k0 = 0, k1 = K): number => {
    let n = 0;
    for (let t = t0; t < t1; t++) {
      for (let r = 0; r < R; r++) {
        for (let k = k0; k < k1; k++) {
          const v = precision[((k * A + a) * T + t) * R + r]!;
          if (v > -1) buffer[n++] = v;
        }
      }
    }
    return numpyMean(buffer, n);
  };
  /** Mean recall over thresholds and classes, order [t][k]; `at(k, t)` indexes the array. */
  const meanRecall = (values: Float64Array, at: (k: number, t: number) => number): number => {
    let n = 0;
    for (let t = 0; t < T; t++) {
      for (let k = 0; k < K; k++) {
        const v = values[at(k, t)]!;
        if (v > -1) buffer[n++] = v;
      }
    }
    return numpyMean(buffer, n);
  };
  const atArea = (a: number) => (k: number, t: number) => (k * A + a) * T + t;
  const atCut = (c: number) => (k: number, t: number) => (k * C + c) * T + t;

  const perClass: ClassMetrics[] = classIds.map((classId, k) => ({
    classId,
    ap: meanPrecision(AREA_ALL, 0, T, k, k + 1),
    ap50: meanPrecision(AREA_ALL, IOU_50, IOU_50 + 1, k, k + 1),
  }));
  return {
    map: meanPrecision(AREA_ALL, 0, T),
    map50: meanPrecision(AREA_ALL, IOU_50, IOU_50 + 1),
    map75: meanPrecision(AREA_ALL, IOU_75, IOU_75 + 1),
    mapSmall: meanPrecision(AREA_SMALL, 0, T),
    mapMedium: meanPrecision(AREA_MEDIUM, 0, T),
    mapLarge: meanPrecision(AREA_LARGE, 0, T),
    ar1: meanRecall(recallCut, atCut(0)),
    ar10: meanRecall(recallCut, atCut(1)),
    ar100: meanRecall(recall, atArea(AREA_ALL)),
    arSmall: meanRecall(recall, atArea(AREA_SMALL)),
    arMedium: meanRecall(recall, atArea(AREA_MEDIUM)),
    arLarge: meanRecall(recall, atArea(AREA_LARGE)),
    perClass,
  };
}
