import * as tf from '@tensorflow/tfjs-core';
import { prepareTfjs } from '@yolo-loss/backend';
import type { GroundTruthInput } from '@yolo-loss/geometry';
import { assignResponsible, uploadTargets } from './assign-on-device.js';
import { resolveYolov1Config, type ResolvedYolov1Config, type Yolov1Options } from './config.js';
import { toTargets } from './loss.js';
import type { Yolov1Targets } from './targets.js';
import type { GtPlacement } from './types.js';
import { checkPredictions } from './validate.js';

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
 * The responsible predictor of every GT as `yolov1Loss` chooses it (for tests, debugging and
 * visualisation; the loss itself never reads it back). Async: reads with `await t.data()`.
 *
 * @param predictions - `[N, S_h, S_w, B·5 + C]` (or an array of one).
 * @param groundTruth - as for `yolov1Loss`.
 * @param options - as for `yolov1Loss`.
 */
export async function yolov1Assignment(
  predictions: tf.Tensor4D | readonly tf.Tensor4D[],
  groundTruth: GroundTruthInput | Yolov1Targets,
  options?: Yolov1Options | ResolvedYolov1Config,
): Promise<Yolov1Assignment> {
  prepareTfjs(tf, '@yolo-loss/yolov1');
  const config = resolveYolov1Config(options);
  const pred = checkPredictions(predictions, config, 'yolov1Assignment');
  const targets = toTargets(groundTruth, pred.shape[0], config, 'yolov1Assignment');
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
