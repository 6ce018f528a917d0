// Per-image matching (pycocotools' `evaluateImg`), for every area range and IoU threshold:
// each detection, by descending score, takes the best still-free ground truth with
// IoU >= threshold, preferring a ground truth that counts over an ignored one. The 10
// thresholds are handled together as bit masks (bit t = threshold t).
import { AREA_ALL, AREA_RANGES, IOU_THRESHOLDS, SMALL_CUTS, matchThreshold } from './protocol.js';
import { BOX, cocoBoxIou } from './box-iou.js';
import type { ClassGroups } from './group.js';

const A = AREA_RANGES.length;
const T = IOU_THRESHOLDS.length;
const AT = A * T;
/** Every threshold's bit. @internal */
export const ALL_THRESHOLDS = (1 << T) - 1;
const AREA_LO = Float64Array.from(AREA_RANGES, (r) => r[0]);
const AREA_HI = Float64Array.from(AREA_RANGES, (r) => r[1]);
const THRESHOLDS = Float64Array.from(IOU_THRESHOLDS, matchThreshold);
/** No threshold is below 0.5: pairs with a lower IoU can never match and are not kept. */
const MIN_MATCH_IOU = THRESHOLDS[0]!;

/** The thresholds an IoU passes, as a mask: the lowest `n` bits (thresholds ascend). */
function passedMask(iou: number): number {
  let n = 0;
  while (n < T && iou >= THRESHOLDS[n]!) n++;
  return (1 << n) - 1;
}

/** The matching outcome of one class over all images. @internal */
export interface ClassMatches {
  /** Per detection slot of the class and area range (`i·A + a`): thresholds where it counts (TP or FP). */
  counted: Uint16Array;
  /** Likewise: thresholds where it is a true positive (a subset of `counted`). */
  truePositive: Uint16Array;
  /** Ground truth that counts (not crowd, inside the range) per area range. */
  npig: Int32Array;
  /** True positives per `a·T + t`. */
  tp: Int32Array;
  /** Detections that count per `a·T + t`. */
  countedTotal: Int32Array;
  /** True positives among each image's top 1 and top 10 (area all) per `c·T + t`. */
  tpCut: Int32Array;
}

/**
 * Matches the detections of each class; reuses its buffers from class to class.
 * @internal
 */
export class ClassMatcher {
  private candGt = new Int32Array(64);
  private candIou = new Float64Array(64);
  private candPassed = new Uint16Array(64);
  private gtIgnored = new Uint8Array(64);
  /** Per area range and ground truth (`a·G + j`): thresholds at which it is already matched. */
  private matched = new Uint16Array(64);
  /** Detections that count at every threshold of an area range, added to `countedTotal` at the end. */
  private readonly allCounted = new Int32Array(A);
  private readonly result: ClassMatches = {
    counted: new Uint16Array(0),
    truePositive: new Uint16Array(0),
    npig: new Int32Array(A),
    tp: new Int32Array(AT),
    countedTotal: new Int32Array(AT),
    tpCut: new Int32Array(SMALL_CUTS.length * T),
  };

  constructor(private readonly groups: ClassGroups) {}

  /** Matches class `k` in every image; the result is valid until the next call. */
  matchClass(k: number): ClassMatches {
    const g = this.groups;
    const gtEnd = g.gtStart[k + 1]!;
    const dtBegin = g.dtStart[k]!;
    const dtEnd = g.dtStart[k + 1]!;
    const r = this.result;
    if (r.counted.length < (dtEnd - dtBegin) * A) {
      r.counted = new Uint16Array((dtEnd - dtBegin) * A);
      r.truePositive = new Uint16Array((dtEnd - dtBegin) * A);
    }
    r.npig.fill(0);
    r.tp.fill(0);
    r.countedTotal.fill(0);
    r.tpCut.fill(0);
    this.allCounted.fill(0);
    let gi = g.gtStart[k]!;
    let di = dtBegin;
    while (gi < gtEnd || di < dtEnd) {
      // The next image with ground truth or detections of this class.
      const image = Math.min(
        gi < gtEnd ? g.gtImage[gi]! : Infinity,
        di < dtEnd ? g.dtImage[di]! : Infinity,
      );
      let ge = gi;
      while (ge < gtEnd && g.gtImage[ge] === image) ge++;
      let de = di;
      while (de < dtEnd && g.dtImage[de] === image) de++;
      this.matchImage(gi, ge, di, de, dtBegin);
      gi = ge;
      di = de;
    }
    for (let a = 0; a < A; a++) {
      for (let t = 0; t < T; t++) r.countedTotal[a * T + t]! += this.allCounted[a]!;
    }
    return r;
  }

  private reserve(G: number): void {
    if (this.gtIgnored.length < A * G) {
      this.gtIgnored = new Uint8Array(2 * A * G);
      this.matched = new Uint16Array(2 * A * G);
    }
    if (this.candGt.length < G) {
      this.candGt = new Int32Array(2 * G);
      this.candIou = new Float64Array(2 * G);
      this.candPassed = new Uint16Array(2 * G);
    }
  }

  private matchImage(
    gtBegin: number,
    gtEnd: number,
    dtBegin: number,
    dtEnd: number,
    classDtBegin: number,
  ): void {
    const { gtBox, gtArea, gtCrowd, dtBox, dtRank } = this.groups;
    const G = gtEnd - gtBegin;
    const D = dtEnd - dtBegin;
    const { counted, truePositive, npig, tp, countedTotal, tpCut } = this.result;
    this.reserve(G);
    const { gtIgnored, matched, candGt, candIou, candPassed, allCounted } = this;

    // Ground truth ignored per area range: crowd, or area outside the range.
    for (let a = 0; a < A; a++) {
      const lo = AREA_LO[a]!;
      const hi = AREA_HI[a]!;
      for (let j = 0; j < G; j++) {
        const area = gtArea[gtBegin + j]!;
        const ignored = gtCrowd[gtBegin + j] === 1 || area < lo || area > hi;
        gtIgnored[a * G + j] = ignored ? 1 : 0;
        matched[a * G + j] = 0;
        if (!ignored) npig[a]!++;
      }
    }

    for (let i = 0; i < D; i++) {
      const o = (dtBegin + i) * BOX;
      const dx1 = dtBox[o]!;
      const dy1 = dtBox[o + 1]!;
      const dx2 = dtBox[o + 2]!;
      const dy2 = dtBox[o + 3]!;
      const dArea = dtBox[o + 4]!;
      // Candidate ground truth: IoU >= 0.5, in ground-truth order. (Matching detection i needs
      // only the matches of the detections before it, so it follows right away.)
      const cs = 0;
      let ce = 0;
      for (let j = 0; j < G; j++) {
        const p = (gtBegin + j) * BOX;
        const crowd = gtCrowd[gtBegin + j] === 1;
        const iou = cocoBoxIou(
          dx1,
          dy1,
          dx2,
          dy2,
          dArea,
          gtBox[p]!,
          gtBox[p + 1]!,
          gtBox[p + 2]!,
          gtBox[p + 3]!,
          gtBox[p + 4]!,
          crowd,
        );
        if (iou >= MIN_MATCH_IOU) {
          candGt[ce] = j;
          candIou[ce] = iou;
          candPassed[ce++] = passedMask(iou);
        }
      }

      const slot = (dtBegin - classDtBegin + i) * A;
      for (let a = 0; a < A; a++) {
        const outside = dArea < AREA_LO[a]! || dArea > AREA_HI[a]!;
        let tpMask = 0;
        let ignoredMask = 0; // matched to an ignored ground truth
        if (ce - cs === 1) {
          // One candidate: it is taken wherever its IoU passes and it is free (crowds always are).
          const j = candGt[cs]!;
          const m = a * G + j;
          const free = candPassed[cs]! & ~matched[m]!;
          if (gtIgnored[m] === 0) {
            tpMask = free;
            matched[m]! |= free;
          } else if (gtCrowd[gtBegin + j] === 1) {
            ignoredMask = candPassed[cs]!;
          } else {
            ignoredMask = free;
            matched[m]! |= free;
          }
        } else if (ce > cs) {
          for (let t = 0; t < T; t++) {
            const bit = 1 << t;
            // Ground truth that counts first (pycocotools sorts ignored ones last and stops
            // there once it has a match); on equal IoU the later one wins.
            let best = -1;
            let bestIou = THRESHOLDS[t]!;
            for (let q = cs; q < ce; q++) {
              const m = a * G + candGt[q]!;
              if (gtIgnored[m] === 1 || (matched[m]! & bit) !== 0) continue;
              if (candIou[q]! >= bestIou) {
                bestIou = candIou[q]!;
                best = m;
              }
            }
            if (best >= 0) {
              matched[best]! |= bit;
              tpMask |= bit;
              continue;
            }
            // Then ignored ground truth; crowd regions may be matched again and again.
            for (let q = cs; q < ce; q++) {
              const j = candGt[q]!;
              const m = a * G + j;
              if (gtIgnored[m] === 0 || ((matched[m]! & bit) !== 0 && gtCrowd[gtBegin + j] === 0))
                continue;
              if (candIou[q]! >= bestIou) {
                bestIou = candIou[q]!;
                best = m;
              }
            }
            if (best >= 0) {
              matched[best]! |= bit;
              ignoredMask |= bit;
            }
          }
        }
        // Unmatched: a false positive, or ignored when the detection is outside the range.
        const countedMask = outside ? tpMask : ALL_THRESHOLDS & ~ignoredMask;
        counted[slot + a] = countedMask;
        truePositive[slot + a] = tpMask;
        if (countedMask === ALL_THRESHOLDS && tpMask === 0) {
          allCounted[a]!++;
          continue;
        }
        for (let t = 0; t < T; t++) {
          if ((countedMask & (1 << t)) !== 0) countedTotal[a * T + t]!++;
          if ((tpMask & (1 << t)) !== 0) tp[a * T + t]!++;
        }
        if (a === AREA_ALL && tpMask !== 0) {
          const rank = dtRank[dtBegin + i]!;
          for (let c = 0; c < SMALL_CUTS.length; c++) {
            if (rank >= SMALL_CUTS[c]!) continue;
            for (let t = 0; t < T; t++) if ((tpMask & (1 << t)) !== 0) tpCut[c * T + t]!++;
          }
        }
      }
    }
  }
}
