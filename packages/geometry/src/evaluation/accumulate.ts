// Precision/recall per class, area range and IoU threshold (pycocotools' `accumulate`): the
// class's detections of all images by descending score, cumulative true/false positives,
// precision made non-increasing from the right, read at the 101 recall points.
import type { ClassGroups } from './group.js';
import { ALL_THRESHOLDS, ClassMatcher } from './match.js';
import {
  AREA_ALL,
  AREA_RANGES,
  IOU_THRESHOLDS,
  PRECISION_EPS,
  RECALL_POINTS,
  SMALL_CUTS,
} from './protocol.js';
import { ScoreSorter } from './sort-by-score.js';

const A = AREA_RANGES.length;
const T = IOU_THRESHOLDS.length;
const AT = A * T;
const R = RECALL_POINTS.length;
const C = SMALL_CUTS.length;

/** pycocotools' `eval['precision']` and `eval['recall']`, laid out per class. @internal */
export interface Accumulated {
  /** `[K][A][T][R]` at `maxDetections`; `-1` for a class without ground truth that counts in the range. */
  precision: Float64Array;
  /** `[K][A][T]` at `maxDetections`; `-1` likewise. */
  recall: Float64Array;
  /** `[K][C][T]`, area all, at the cuts 1 and 10 per image; `-1` likewise. */
  recallCut: Float64Array;
}

/**
 * Matches and accumulates every class of `groups`.
 *
 * Precision at the recall points is computed from the lowest-ranked detection up. At the e-th
 * counted detection (0-based; ignored ones change neither tp nor fp and are skipped) precision
 * is `tp / ((e + 1) + eps)` and recall `tp / npig`. Recall point r reads the running maximum of
 * precision from the right at the first e with recall >= r (numpy's searchsorted, left): a true
 * positive (recall grows only there) or e = 0. A false positive's precision is below that of
 * the true positive before it, so it never raises that maximum: false positives only shift the
 * positions, and a row that is a false positive at every threshold shifts them all at once.
 * @internal
 */
export function accumulate(groups: ClassGroups, numClasses: number): Accumulated {
  const precision = new Float64Array(numClasses * A * T * R).fill(-1);
  const recall = new Float64Array(numClasses * A * T).fill(-1);
  const recallCut = new Float64Array(numClasses * C * T).fill(-1);
  const matcher = new ClassMatcher(groups);
  let order = new Int32Array(0);
  const sorter = new ScoreSorter();
  // Per area × threshold state of the backward walk. The position of the current detection
  // among the counted ones is `left[s] − fpRows[a] − 1`.
  const left = new Int32Array(AT);
  const fpRows = new Int32Array(A);
  const tpSoFar = new Int32Array(AT);
  const runMax = new Float64Array(AT);
  const nextPoint = new Int32Array(AT);

  for (let k = 0; k < numClasses; k++) {
    const m = matcher.matchClass(k);
    const begin = groups.dtStart[k]!;
    const count = groups.dtStart[k + 1]! - begin;
    if (order.length < count) order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    // All images' detections by descending score; ties keep image order, then rank.
    sorter.sort(order, 0, count, groups.dtScore.subarray(begin, begin + count));

    const base = k * A * T * R;
    let walk = false;
    fpRows.fill(0);
    for (let a = 0; a < A; a++) {
      const npig = m.npig[a]!;
      if (npig === 0) {
        // No ground truth that counts: -1 (left out of every mean).
        for (let t = 0; t < T; t++) nextPoint[a * T + t] = -1;
        continue;
      }
      precision.fill(0, base + a * T * R, base + (a + 1) * T * R);
      for (let t = 0; t < T; t++) {
        const s = a * T + t;
        recall[(k * A + a) * T + t] = m.tp[s]! / npig;
        left[s] = m.countedTotal[s]!;
        tpSoFar[s] = m.tp[s]!;
        runMax[s] = 0;
        // Recall points above the final recall are never reached: they stay 0.
        let p = -1;
        if (m.countedTotal[s]! > 0) {
          const last = m.tp[s]! / npig;
          p = R - 1;
          while (p >= 0 && RECALL_POINTS[p]! > last) p--;
        }
        nextPoint[s] = p;
        walk ||= p >= 0;
      }
      if (a === AREA_ALL) {
        for (let c = 0; c < C; c++) {
          for (let t = 0; t < T; t++) recallCut[(k * C + c) * T + t] = m.tpCut[c * T + t]! / npig;
        }
      }
    }
    if (!walk) continue;

    const { counted, truePositive, npig } = m;
    for (let i = count - 1; i >= 0; i--) {
      const row = order[i]! * A;
      for (let a = 0; a < A; a++) {
        const countedMask = counted[row + a]!;
        if (countedMask === 0) continue;
        const tpMask = truePositive[row + a]!;
        if (tpMask === 0 && countedMask === ALL_THRESHOLDS) {
          fpRows[a]!++;
          continue;
        }
        for (let t = 0; t < T; t++) {
          const bit = 1 << t;
          if ((countedMask & bit) === 0) continue;
          const s = a * T + t;
          const e = --left[s]! - fpRows[a]!;
          if ((tpMask & bit) === 0) continue; // a false positive
          let p = nextPoint[s]!;
          if (p < 0) continue;
          const tp = tpSoFar[s]!;
          const pr = tp / (e + 1 + PRECISION_EPS);
          const max = pr > runMax[s]! ? pr : runMax[s]!;
          runMax[s] = max;
          tpSoFar[s] = tp - 1;
          const q = base + s * R; // (a·T + t)·R
          if (e === 0) {
            while (p >= 0) precision[q + p--] = max;
          } else {
            const recallBefore = (tp - 1) / npig[a]!;
            while (p >= 0 && RECALL_POINTS[p]! > recallBefore) precision[q + p--] = max;
          }
          nextPoint[s] = p;
        }
      }
    }
    // Points left read the first counted detection (a false positive): the maximum of all.
    for (let s = 0; s < AT; s++) {
      const q = base + s * R;
      for (let p = nextPoint[s]!; p >= 0; p--) precision[q + p] = runMax[s]!;
    }
  }
  return { precision, recall, recallCut };
}
