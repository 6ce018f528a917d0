// The report's confusion matrix: which class each object was detected as, at one IoU and score
// threshold, with a background row (detections of nothing) and column (objects missed).
import { boxIou } from '@yolo-loss/geometry';

/**
 * Confusion matrix over `numClasses` classes plus background (index `numClasses`).
 *
 * Per image, the detections with `score >= scoreThreshold` in descending score order (ties keep
 * input order) each take the not yet taken ground-truth box of any class with the highest IoU
 * (the first on a tie), if that IoU is `>= iouThreshold`: `matrix[true][predicted]` counts it,
 * so a box found with the wrong class lands off the diagonal. A detection that takes nothing
 * counts in the background row (`matrix[numClasses][predicted]`), a box nothing took in the
 * background column (`matrix[true][numClasses]`). Class-agnostic matching, as detection
 * confusion matrices usually are (e.g. ultralytics'): per-class matching would turn every
 * class mix-up into one background entry in each direction.
 *
 * @param {{ x: number, y: number, w: number, h: number, score: number, classId: number }[][]} detections - per image
 * @param {{ x: number, y: number, w: number, h: number, classId: number }[][]} groundTruth - per image
 * @param {{ numClasses: number, iouThreshold?: number, scoreThreshold: number }} options
 * @returns {number[][]} `(numClasses + 1) × (numClasses + 1)`, rows true class, columns predicted
 */
export function confusionMatrix(detections, groundTruth, { numClasses, iouThreshold = 0.5, scoreThreshold }) {
  if (detections.length !== groundTruth.length) {
    throw new Error(`confusionMatrix: ${detections.length} detection lists for ${groundTruth.length} images`);
  }
  const bg = numClasses;
  const matrix = Array.from({ length: numClasses + 1 }, () => Array.from({ length: numClasses + 1 }, () => 0));
  /**
   * `id`, checked to be a class index.
   * @param {number} id
   * @param {string} what - the box, for the error
   */
  const classIndex = (id, what) => {
    if (!Number.isInteger(id) || id < 0 || id >= numClasses) throw new Error(`confusionMatrix: ${what}.classId must be an integer in [0, ${numClasses}), got ${id}`);
    return id;
  };
  groundTruth.forEach((truth, image) => {
    const kept = detections[image]
      .map((d, i) => ({ d, i }))
      .filter(({ d }) => d.score >= scoreThreshold)
      .sort((a, b) => b.d.score - a.d.score || a.i - b.i);
    /** @type {boolean[]} */
    const taken = new Array(truth.length).fill(false);
    for (const { d, i } of kept) {
      const predicted = classIndex(d.classId, `detections[${image}][${i}]`);
      let best = -1;
      let bestIou = iouThreshold;
      truth.forEach((g, k) => {
        if (taken[k]) return;
        const iou = boxIou(d, g);
        if (iou > bestIou || (iou === bestIou && best < 0)) {
          best = k;
          bestIou = iou;
        }
      });
      if (best < 0) matrix[bg][predicted]++;
      else {
        taken[best] = true;
        matrix[classIndex(truth[best].classId, `groundTruth[${image}][${best}]`)][predicted]++;
      }
    }
    truth.forEach((g, k) => {
      if (!taken[k]) matrix[classIndex(g.classId, `groundTruth[${image}][${k}]`)][bg]++;
    });
  });
  return matrix;
}
