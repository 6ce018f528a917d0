import * as tf from '@tensorflow/tfjs-core';
import type { Assignment } from '@yolo-loss/heads';
import { assignResponsible } from './assign-on-device.js';
import { uploadTargets } from './target-tensors.js';
import type { ResolvedYolov1Config } from './config.js';
import type { Yolov1Targets } from './targets.js';
import type { GtPlacement } from './types.js';

/** One responsible predictor: the GT it answers for, its cell, its index and its IoU. */
export interface Yolov1ResponsibleSlot extends GtPlacement {
  /** Predictor index `j*` in the cell, `0 .. B−1`. */
  predictor: number;
  /** IoU of its decoded box with the GT (the rescore target). */
  iou: number;
}

/** The assignment the loss uses for a batch, read back for inspection. */
export interface Yolov1Assignment {
  /** One entry per GT that owns a cell, in input order. */
  responsible: Yolov1ResponsibleSlot[];
  /** GTs that lost their cell to an earlier GT of the same image. */
  dropped: readonly GtPlacement[];
}

/**
 * Reads back the assignment the loss computes on the device for validated predictions and their
 * targets: each GT's responsible predictor and its IoU. Async (`await t.data()`).
 *
 * @param pred - `[N, H, W, B·5 + C]`.
 */
export async function readYolov1Assignment(
  pred: tf.Tensor4D,
  targets: Yolov1Targets,
  config: ResolvedYolov1Config,
): Promise<Yolov1Assignment> {
  const assigned = tf.tidy(() => assignResponsible(pred, uploadTargets(targets), config));
  const data = await assigned.data();
  assigned.dispose();
  const [, H, W] = pred.shape;
  const B = config.boxesPerCell;
  const responsible = targets.assigned.map((place) => {
    const base = ((place.image * H + place.row) * W + place.col) * B * 2;
    let predictor = -1;
    for (let b = B - 1; b >= 0; b--) if (data[base + b] === 1) predictor = b;
    return { ...place, predictor, iou: data[base + B + predictor] ?? 0 };
  });
  return { responsible, dropped: targets.dropped };
}

/** YOLOv1's read-back in the shape every version shares (a dropped claim is a whole cell: `anchor` −1). */
export function yolov1SharedAssignment(a: Yolov1Assignment): Assignment {
  return {
    responsible: a.responsible.map((s) => ({
      output: 0,
      image: s.image,
      row: s.row,
      col: s.col,
      anchor: s.predictor,
      gt: s.box,
      iou: s.iou,
    })),
    ignored: [],
    dropped: a.dropped.map((d) => ({ output: 0, image: d.image, row: d.row, col: d.col, anchor: -1, gt: d.box })),
  };
}
