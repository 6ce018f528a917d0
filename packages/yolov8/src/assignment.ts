import * as tf from '@tensorflow/tfjs-core';
import type { AssignedSlot, Assignment, DroppedClaim } from '@yolo-loss/heads';
import { alignImage } from './assigner.js';
import { anchorLayout, type LevelGrid } from './anchors.js';
import { anchorPoints, assignerInputs, decodeRows, imageInputs, imageTruth } from './composed.js';
import type { ResolvedYolov8Config } from './config.js';
import { rowOrder } from './rows.js';
import { gtRows, gtTensor, type Yolov8Targets } from './targets.js';

/**
 * The task-aligned assignment the loss makes for these outputs, read back in the shape every
 * version shares (the composed assigner; the fused kernels assign alike):
 *
 * - `responsible`: every foreground anchor — output, image, row, column, `anchor` 0 (one anchor
 *   point per cell), its GT and `iou`, the `max(CIoU, 0)` of its decoded box with that GT;
 * - `dropped`: the anchors a GT picked in its top-k that went to another GT (an anchor several
 *   GTs pick goes to the GT of largest IoU);
 * - `ignored`: empty (YOLOv8 has no ignore rule).
 *
 * Each list is ordered by output, image, row, column (then GT). Reads the device (`await`).
 */
export async function yolov8SharedAssignment(
  outputs: readonly tf.Tensor[],
  targets: Yolov8Targets,
  levels: readonly LevelGrid[],
  config: ResolvedYolov8Config,
): Promise<Assignment> {
  const responsible: AssignedSlot[] = [];
  const dropped: DroppedClaim[] = [];
  const g = targets.maxBoxes;
  if (g === 0) return { responsible, ignored: [], dropped };
  const anchors = anchorLayout(levels);
  const a = anchors.count;
  const order = rowOrder(anchors, targets.batchSize);
  const spec = { topK: config.assignerTopK, alpha: config.assignerAlpha, beta: config.assignerBeta };
  const inputs = tf.tidy(() => assignerInputs(decodeRows(outputs, anchors, order, config)));
  const points = anchorPoints(anchors);
  const table = gtTensor(gtRows(targets));
  // per anchor index: its output, row and column
  const where = levels.flatMap(({ gridH, gridW }, output) =>
    Array.from({ length: gridH * gridW }, (_, cell) => ({ output, row: Math.floor(cell / gridW), col: cell % gridW })),
  );
  try {
    for (let image = 0; image < targets.batchSize; image++) {
      const parts = tf.tidy(() => {
        const { boxes, scores } = imageInputs(inputs, image, order);
        const { picked, final, overlap } = alignImage(boxes, scores, points, imageTruth(table, image, g), spec);
        return tf.stack([picked, final, overlap]);
      });
      const values = await parts.data();
      parts.dispose();
      for (let gt = 0; gt < g; gt++) {
        for (let anchor = 0; anchor < a; anchor++) {
          const at = gt * a + anchor;
          const slot = { ...where[anchor]!, image, anchor: 0, gt };
          if (values[g * a + at] === 1) responsible.push({ ...slot, iou: values[2 * g * a + at]! });
          else if (values[at] === 1) dropped.push(slot);
        }
      }
    }
  } finally {
    tf.dispose([inputs, points, table]);
  }
  const key = (s: AssignedSlot | DroppedClaim): number[] => [s.output, s.image, s.row, s.col, s.gt];
  const byPosition = (x: AssignedSlot | DroppedClaim, y: AssignedSlot | DroppedClaim): number => {
    const [kx, ky] = [key(x), key(y)];
    for (let i = 0; i < kx.length; i++) if (kx[i] !== ky[i]) return kx[i]! - ky[i]!;
    return 0;
  };
  return { responsible: responsible.sort(byPosition), ignored: [], dropped: dropped.sort(byPosition) };
}
