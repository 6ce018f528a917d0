import type { Assignment, AssignedSlot, DroppedClaim } from '@yolo-loss/heads';
import type { Yolov5Targets } from './targets.js';

/** Orders slots by output, image, row, column, anchor; equal slots keep their emission order. */
function bySlot<S extends AssignedSlot | DroppedClaim>(list: S[]): S[] {
  const key = (s: S): number[] => [s.output, s.image, s.row, s.col, s.anchor];
  return list
    .map((s, i) => ({ s, i }))
    .sort((a, b) => {
      const [ka, kb] = [key(a.s), key(b.s)];
      for (let j = 0; j < ka.length; j++) if (ka[j] !== kb[j]) return ka[j]! - kb[j]!;
      return a.i - b.i;
    })
    .map(({ s }) => s);
}

/**
 * The assignment of encoded YOLOv5 targets in the shape every version shares. YOLOv5's assignment
 * depends on the ground truth alone (no ignore rule, no prediction-dependent choice), so this is
 * plain bookkeeping:
 *
 * - `responsible`: every positive — each (GT, anchor, cell) the target building emits, the own
 *   cell and the neighbour cells, at every output whose anchors pass the ratio test. A GT has
 *   several; a slot can appear more than once (two GTs, or one GT through two cell offsets), once
 *   per positive, each counting in the box and class terms.
 * - `dropped`: the positives whose objectness write a later positive of the same slot overwrote
 *   (last write wins); they still count in the box and class terms.
 * - `ignored`: empty (YOLOv5 has no ignore rule).
 *
 * Each list is ordered by output, image, row, column, anchor (equal slots in emission order).
 */
export function yolov5SharedAssignment(targets: Yolov5Targets): Assignment {
  const responsible = targets.responsible.map(([output, image, row, col, anchor], i): AssignedSlot => ({
    output,
    image,
    row,
    col,
    anchor,
    gt: targets.responsibleGt[i]!,
  }));
  const dropped = targets.dropped.map(([image, gt, output, row, col, anchor]): DroppedClaim => ({
    output,
    image,
    row,
    col,
    anchor,
    gt,
  }));
  return { responsible: bySlot(responsible), ignored: [], dropped: bySlot(dropped) };
}
