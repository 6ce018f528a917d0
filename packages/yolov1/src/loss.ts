import * as tf from '@tensorflow/tfjs-core';
import { reductionDivisor, type LossResult } from '@yolo-loss/backend';
import { assignResponsible } from './assign-on-device.js';
import type { ResolvedYolov1Config } from './config.js';
import { decodeHead } from './head.js';
import type { TargetTensors } from './target-tensors.js';

/**
 * The YOLOv1 loss terms of a validated prediction and its target tensors (docs/losses/yolov1.md), reduced
 * over the batch; runs inside the caller's `tf.tidy`. The responsible predictor `j*` and `IoU*`
 * are computed on the device under stop-gradient; no GPU→CPU read.
 *
 * @param pred - `[N, H, W, B·5 + C]`.
 */
export function yolov1Terms(
  pred: tf.Tensor4D,
  t: TargetTensors,
  config: ResolvedYolov1Config,
): Omit<LossResult, 'stats'> {
  const [N, H, W] = pred.shape;
  const B = config.boxesPerCell;
  const assigned = assignResponsible(pred, t, config);
  const resp = tf.slice(assigned, [0, 0, 0, 0], [N, H, W, B]);
  const iou = tf.slice(assigned, [0, 0, 0, B], [N, H, W, B]);
  const d = decodeHead(pred, config);
  const sq = (a: tf.Tensor, b: tf.Tensor | number): tf.Tensor => tf.square(tf.sub(a, b));

  const coord = tf.addN([sq(d.x, t.ox), sq(d.y, t.oy), sq(d.sw, t.osw), sq(d.sh, t.osh)]);
  const objTarget = config.rescore ? iou : 1;
  const cls = tf.mul(t.objCell, tf.sum(sq(d.probs, t.classes), -1, true));

  // squaredErrorScale ½: Darknet's delta λ(t − x) is the gradient of ½·λ·(t − x)².
  const half = config.squaredErrorScale;
  const perBatch = reductionDivisor(config.reduction, N);
  const term = (weighted: tf.Tensor, lambda: number): tf.Scalar =>
    tf.mul<tf.Scalar>(tf.sum(weighted), (half * lambda) / perBatch);

  const box = term(tf.mul(resp, coord), config.lambdaCoord);
  const obj = term(tf.mul(resp, sq(d.conf, objTarget)), config.lambdaObj);
  const noobj = term(tf.mul(tf.sub(1, resp), tf.square(d.conf)), config.lambdaNoobj);
  const clsTerm = term(cls, config.lambdaClass);
  return { total: tf.addN([box, obj, noobj, clsTerm]), box, obj, noobj, cls: clsTerm };
}
