import * as tf from '@tensorflow/tfjs-core';
import { YOLOV5_CIOU_EPS } from '@yolo-loss/backend/kernels';
import { ciou } from '@yolo-loss/geometry';
import { detached } from '@yolo-loss/heads';
import { yoloBce } from './bce.js';
import type { ResolvedYolov5Config } from './config.js';
import { gatherRows } from './gather-rows.js';

/** One level's terms, as ultralytics' batch means (after the gains and the level weight). */
export type LevelTerms = Record<'box' | 'obj' | 'noobj' | 'cls', tf.Scalar>;

/**
 * The positives (target rows) of one level as tensors: what {@link composedLevelTerms} reads.
 * `P` entries; the loss uploads them from encoded targets, the tfjs-layers loss unpacks them from
 * `yTrue` (with padding entries of weight 0).
 */
export interface LevelPositives {
  /** `[P]` int32: each positive's row `((n·H + row)·W + col)·A + a` of the level's predictions. */
  rows: tf.Tensor1D;
  /** `[P, 4]`: the target box in grid units relative to the cell's corner, `(x, y, w, h)`. */
  boxTarget: tf.Tensor2D;
  /** `[P, 2]`: the matched anchor's `(w, h)` in grid units. */
  anchorWh: tf.Tensor2D;
  /** `[P, C]`: class targets (`1 − ε/2` for the positive's class, `ε/2` for the others). */
  classTarget: tf.Tensor2D;
  /** `[P]`: 1 where the positive is its row's objectness writer (its last positive), else 0. */
  writer: tf.Tensor1D;
  /** `[P]`: 1 for a positive, 0 for padding; `undefined`: every entry is a positive. */
  weight?: tf.Tensor1D;
  /** Positives `P` of the level in the batch (padding not counted): a number, or a scalar tensor. */
  count: number | tf.Scalar;
}

/**
 * One level of the YOLOv5 loss from tfjs ops (the reference for the fused kernels): the positives
 * gathered from the predictions, decoded in grid units relative to their cell's corner
 * (`xy = 2σ − ½`, `wh = (2σ)²·anchor`) and compared with their targets by geometry's CIoU; the
 * detached, clamped CIoU of each row's last positive as its objectness target; the class BCE of
 * the positives. Rank ≤ 2 throughout. Call inside a `tf.tidy`.
 *
 * @param pred - `[rows, 5 + C]`, the level's predictions with rows `((n·H + row)·W + col)·A + a`.
 * @param positives - the level's positives, `undefined` when it has none.
 * @param level - the output's index (its `levelWeights` entry).
 * @returns `box = λcoord · mean over positives (1 − CIoU)`, `obj`/`noobj` = `levelWeight · λobj ·`
 *   the objectness BCE summed over positive rows / the other rows and divided by `rows`,
 *   `cls = λclass · mean BCE over the positives' `P·C` class entries` (0 when `C = 1`).
 */
export function composedLevelTerms(
  pred: tf.Tensor2D,
  positives: LevelPositives | undefined,
  config: ResolvedYolov5Config,
  level: number,
): LevelTerms {
  const c = config.numClasses;
  const rows = pred.shape[0];
  let objTarget: tf.Tensor = tf.zeros([rows, 1]);
  let positive: tf.Tensor = tf.zeros([rows, 1]);
  let box: tf.Scalar = tf.scalar(0);
  let cls: tf.Scalar = tf.scalar(0);

  if (positives !== undefined) {
    const { rows: index, boxTarget, anchorWh, classTarget, writer, weight, count } = positives;
    const p = index.shape[0];
    const perCount = (sum: tf.Tensor, gain: number): tf.Scalar =>
      typeof count === 'number' ? tf.mul(sum, gain / count) : tf.div(tf.mul(sum, gain), tf.maximum(count, 1));
    // padding entries (weight 0) add nothing; t is [P] or [P, C]
    const weighted = (t: tf.Tensor): tf.Tensor =>
      weight === undefined ? t : tf.mul(t, t.rank === 1 ? weight : tf.reshape(weight, [p, 1]));
    const predicted = gatherRows(pred, index);
    const xy = tf.sub(tf.mul(tf.sigmoid(tf.slice(predicted, [0, 0], [p, 2])), 2), 0.5);
    const wh = tf.mul(tf.square(tf.mul(tf.sigmoid(tf.slice(predicted, [0, 2], [p, 2])), 2)), anchorWh);
    const value = ciou(tf.concat([xy, wh], 1), boxTarget, { format: 'xywh', eps: YOLOV5_CIOU_EPS });
    box = perCount(tf.sum(weighted(tf.sub(1, value))), config.lambdaCoord);

    // objectness target: (1 − gr) + gr·max(CIoU, 0) of each row's last positive, detached
    const gr = config.objIouRatio;
    const at = tf.reshape(index, [p, 1]);
    objTarget = detached(value, (v) => {
      const target = tf.mul(tf.add(tf.mul(tf.relu(tf.reshape(v, [p])), gr), 1 - gr), writer);
      return tf.reshape(tf.scatterND(at, target, [rows]), [rows, 1]);
    });
    positive = tf.reshape(tf.scatterND(at, writer, [rows]), [rows, 1]);

    if (c > 1) {
      const weights = config.classPosWeight;
      const bce = yoloBce(
        tf.slice(predicted, [0, 5], [p, c]),
        classTarget,
        typeof weights === 'number' ? weights : tf.tensor2d([...weights], [1, c]),
        config.focalGamma,
      );
      cls = perCount(tf.sum(weighted(bce)), config.lambdaClass / c);
    }
  }

  // objectness: a mean over every row, split into the positive rows (obj) and the others (noobj)
  const bce = yoloBce(tf.slice(pred, [0, 4], [rows, 1]), objTarget, config.objPosWeight, config.focalGamma);
  const scale = (config.levelWeights[level]! * config.lambdaObj) / rows;
  return {
    box,
    obj: tf.mul(tf.sum(tf.mul(bce, positive)), scale),
    noobj: tf.mul(tf.sum(tf.mul(bce, tf.sub(1, positive))), scale),
    cls,
  };
}
