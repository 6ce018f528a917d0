// Detection metrics the VOC/COCO way: per class, detections sorted by score are matched
// greedily to ground truth; AP is the area under the all-point interpolated
// precision–recall curve; mAP averages AP over the classes that have ground truth.

/**
 * @typedef {{ x: number, y: number, w: number, h: number, classId: number }} GtBox
 * @typedef {{ x: number, y: number, w: number, h: number, classId: number, score: number }} Detection
 *   boxes in centre format (any consistent unit)
 */

/**
 * IoU of two centre-format boxes; 0 when the union is empty.
 * @param {{ x: number, y: number, w: number, h: number }} a
 * @param {{ x: number, y: number, w: number, h: number }} b
 */
export function boxIou(a, b) {
  const iw = Math.max(0, Math.min(a.x + a.w / 2, b.x + b.w / 2) - Math.max(a.x - a.w / 2, b.x - b.w / 2));
  const ih = Math.max(0, Math.min(a.y + a.h / 2, b.y + b.h / 2) - Math.max(a.y - a.h / 2, b.y - b.h / 2));
  const inter = iw * ih;
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * All-point interpolated average precision from a precision–recall curve (VOC 2010+):
 * precision is replaced by its running maximum from the right, then integrated over recall.
 * @param {number[]} recall - non-decreasing
 * @param {number[]} precision - same length
 */
export function averagePrecision(recall, precision) {
  if (recall.length !== precision.length) throw new Error('averagePrecision: recall and precision differ in length');
  const r = [0, ...recall, 1];
  const p = [0, ...precision, 0];
  for (let i = p.length - 2; i >= 0; i--) p[i] = Math.max(p[i], p[i + 1]);
  let ap = 0;
  for (let i = 1; i < r.length; i++) ap += (r[i] - r[i - 1]) * p[i];
  return ap;
}

/**
 * AP of every class at one IoU threshold.
 * @param {Detection[][]} detections - per image
 * @param {GtBox[][]} groundTruth - per image
 * @param {number} iouThreshold - a detection matches a GT when IoU >= this
 * @param {number} numClasses
 * @returns {(number | null)[]} AP per class; null for a class without ground truth
 */
export function classAps(detections, groundTruth, iouThreshold, numClasses) {
  if (detections.length !== groundTruth.length) {
    throw new Error(`classAps: ${detections.length} detection lists for ${groundTruth.length} images`);
  }
  const aps = [];
  for (let c = 0; c < numClasses; c++) {
    const gtPerImage = groundTruth.map((boxes) => boxes.filter((b) => b.classId === c));
    const numGt = gtPerImage.reduce((n, g) => n + g.length, 0);
    if (numGt === 0) {
      aps.push(null);
      continue;
    }
    /** @type {{ d: Detection, image: number }[]} */
    const dets = [];
    detections.forEach((list, image) => {
      for (const d of list) if (d.classId === c) dets.push({ d, image });
    });
    // stable sort by score, descending (ties keep image order)
    dets.sort((a, b) => b.d.score - a.d.score);
    const used = gtPerImage.map((g) => g.map(() => false));
    const recall = [];
    const precision = [];
    let tp = 0;
    let fp = 0;
    for (const { d, image } of dets) {
      let best = -1;
      let bestIou = -1;
      gtPerImage[image].forEach((g, k) => {
        const v = boxIou(d, g);
        if (v > bestIou) {
          bestIou = v;
          best = k;
        }
      });
      // VOC: the detection's best-overlapping GT; if that one is taken, it is a false positive
      if (best >= 0 && bestIou >= iouThreshold && !used[image][best]) {
        used[image][best] = true;
        tp++;
      } else {
        fp++;
      }
      recall.push(tp / numGt);
      precision.push(tp / (tp + fp));
    }
    aps.push(averagePrecision(recall, precision));
  }
  return aps;
}

/**
 * Mean of the non-null entries (0 when there are none).
 * @param {(number | null)[]} values
 */
function meanDefined(values) {
  const defined = values.filter((v) => v !== null);
  return defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : 0;
}

/** The ten COCO thresholds 0.50, 0.55, …, 0.95. */
export const COCO_THRESHOLDS = Array.from({ length: 10 }, (_, i) => Math.round((0.5 + 0.05 * i) * 100) / 100);

/**
 * mAP@0.5 and mAP@0.5:0.95 (the mean over {@link COCO_THRESHOLDS} of the mAP at each).
 * @param {Detection[][]} detections
 * @param {GtBox[][]} groundTruth
 * @param {number} numClasses
 * @returns {{ map50: number, map50_95: number, perClass50: (number | null)[] }}
 */
export function meanAveragePrecision(detections, groundTruth, numClasses) {
  const perThreshold = COCO_THRESHOLDS.map((t) => classAps(detections, groundTruth, t, numClasses));
  return {
    map50: meanDefined(perThreshold[0]),
    map50_95: perThreshold.reduce((s, aps) => s + meanDefined(aps), 0) / COCO_THRESHOLDS.length,
    perClass50: perThreshold[0],
  };
}
