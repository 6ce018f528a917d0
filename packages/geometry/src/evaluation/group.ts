// Groups the boxes once by class, then image: the rest of the evaluation walks contiguous
// typed-array ranges.
import { BOX, toPixelBox } from './box-iou.js';
import { ScoreSorter } from './sort-by-score.js';
import { DT_ROW, GT_ROW, type CheckedEvaluation, type FlatBoxes } from './validate.js';

/**
 * The boxes of every evaluated class, in pixels. Ground truth is ordered by class, image and
 * input position; detections by class, image and descending score (ties: input order), at most
 * `maxDetections` per image and class. `gtStart[k] … gtStart[k+1]` (and `dtStart`) is class `k`.
 * @internal
 */
export interface ClassGroups {
  gtStart: Int32Array;
  gtImage: Int32Array;
  /** Pixel box rows (`BOX` values each, see `toPixelBox`). */
  gtBox: Float64Array;
  /** The area that decides the area range (the `area` field, or `w · h` in pixels). */
  gtArea: Float64Array;
  gtCrowd: Uint8Array;
  dtStart: Int32Array;
  dtImage: Int32Array;
  /** Position in its image's score-sorted list of the class (0 = highest score). */
  dtRank: Int32Array;
  dtScore: Float64Array;
  /** Pixel box rows; the area (`w · h`) decides the detection's area range. */
  dtBox: Float64Array;
}

/** Counting sort by class: `start` (K+1 offsets) and the box indices in class, then input order. */
function byClass(boxes: FlatBoxes, numClasses: number): { start: Int32Array; order: Int32Array } {
  const { classIndex } = boxes;
  const start = new Int32Array(numClasses + 1);
  for (let i = 0; i < classIndex.length; i++) start[classIndex[i]! + 1]!++;
  for (let k = 0; k < numClasses; k++) start[k + 1]! += start[k]!;
  const cursor = start.slice(0, numClasses);
  const order = new Int32Array(classIndex.length);
  for (let i = 0; i < classIndex.length; i++) order[cursor[classIndex[i]!]!++] = i;
  return { start, order };
}

/**
 * Builds the {@link ClassGroups} of validated input.
 * @internal
 */
export function groupByClass(checked: CheckedEvaluation): ClassGroups {
  const { widths, heights, maxDetections } = checked;
  const numClasses = checked.classIds.length;
  const gt = checked.groundTruth;
  const dt = checked.detections;

  const gtOrder = byClass(gt, numClasses);
  const gtCount = gtOrder.order.length;
  const gtImage = new Int32Array(gtCount);
  const gtBox = new Float64Array(gtCount * BOX);
  const gtArea = new Float64Array(gtCount);
  const gtCrowd = new Uint8Array(gtCount);
  const g = gt.rows;
  for (let i = 0; i < gtCount; i++) {
    const o = gtOrder.order[i]! * GT_ROW;
    const n = g[o + 6]!;
    gtImage[i] = n;
    toPixelBox(g[o]!, g[o + 1]!, g[o + 2]!, g[o + 3]!, widths[n]!, heights[n]!, gtBox, i * BOX);
    const area = g[o + 4]!;
    gtArea[i] = Number.isNaN(area) ? gtBox[i * BOX + 4]! : area;
    gtCrowd[i] = g[o + 5]!;
  }

  // Detections: each (class, image) run of `order` sorted by score, then cut.
  const d = dt.rows;
  const total = dt.classIndex.length;
  const image = new Int32Array(total);
  const score = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    image[i] = d[i * DT_ROW + 5]!;
    score[i] = d[i * DT_ROW + 4]!;
  }
  const { start, order } = byClass(dt, numClasses);
  const sorter = new ScoreSorter();
  const kept = new Int32Array(total);
  const keptRank = new Int32Array(total);
  const dtStart = new Int32Array(numClasses + 1);
  let out = 0;
  for (let k = 0; k < numClasses; k++) {
    const end = start[k + 1]!;
    for (let s = start[k]!; s < end;) {
      const n = image[order[s]!]!;
      let e = s + 1;
      while (e < end && image[order[e]!] === n) e++;
      sorter.sort(order, s, e, score);
      const keep = Math.min(e - s, maxDetections);
      for (let i = 0; i < keep; i++) {
        kept[out] = order[s + i]!;
        keptRank[out++] = i;
      }
      s = e;
    }
    dtStart[k + 1] = out;
  }

  const dtImage = new Int32Array(out);
  const dtScore = new Float64Array(out);
  const dtBox = new Float64Array(out * BOX);
  for (let i = 0; i < out; i++) {
    const o = kept[i]! * DT_ROW;
    const n = d[o + 5]!;
    dtImage[i] = n;
    dtScore[i] = d[o + 4]!;
    toPixelBox(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, widths[n]!, heights[n]!, dtBox, i * BOX);
  }
  return {
    gtStart: gtOrder.start,
    gtImage,
    gtBox,
    gtArea,
    gtCrowd,
    dtStart,
    dtImage,
    dtRank: keptRank.slice(0, out),
    dtScore,
    dtBox,
  };
}
