import * as tf from '@tensorflow/tfjs-core';
import { prepareTfjs, reductionDivisor } from '@yolo-loss/backend';
import { normalizeGroundTruth, type GroundTruthInput } from '@yolo-loss/geometry';
import { assignResponsible, uploadTargets } from './assign-on-device.js';
import { gridWH, resolveYolov1Config, type ResolvedYolov1Config, type Yolov1Options } from './config.js';
import { decodeHead } from './head.js';
import { encodeBoxes, type Yolov1Targets } from './targets.js';
import type { LossResult } from './types.js';
import { checkPredictions } from './validate.js';

/**
 * The YOLOv1 training loss (docs/losses/yolov1.md):
 * ```
 * box   = λcoord · Σ_cells-with-GT [(x − x̂)² + (y − ŷ)² + (√w − √ŵ)² + (√h − √ĥ)²]  at j*
 * obj   = λobj   · Σ_cells-with-GT (Ĉ_j* − IoU*)²        (rescore=false: target 1)
 * noobj = λnoobj · Σ_(cell, b) not responsible Ĉ²
 * cls   = λclass · Σ_cells-with-GT Σ_c (p̂(c) − onehot(c))²
 * ```
 * `activation: 'logistic'` decodes through σ (softmax classes); `'linear'` reads the outputs as
 * they are (`√w = tw`); `squaredErrorScale` ½ halves every term (Darknet's `delta` is the
 * gradient of ½·SE). The `darknet` preset sets both.
 * Per-image sums; `reduction: 'mean'` divides by the batch size, `'sum'` adds.
 *
 * The responsible predictor `j*` and `IoU*` are computed on the device from the predictions
 * under stop-gradient; the cell targets are encoded on the CPU. No GPU→CPU read.
 *
 * @param predictions - `[N, S_h, S_w, B·5 + C]` raw head outputs, float32 (or an array of one).
 * @param groundTruth - one `GtBox` list per image (or the padded forms), or targets from
 *   {@link encodeYolov1Targets} made with the same config.
 * @param options - `{ preset?, ...config keys }`, or a config from `resolveYolov1Config`.
 * @returns scalar tensors `total, box, obj, noobj, cls` (the caller disposes them) and stats.
 * @throws Error on a bad config key, prediction shape/dtype, or ground-truth box (naming
 *   image and box).
 */
export function yolov1Loss(
  predictions: tf.Tensor4D | readonly tf.Tensor4D[],
  groundTruth: GroundTruthInput | Yolov1Targets,
  options?: Yolov1Options | ResolvedYolov1Config,
): LossResult {
  prepareTfjs(tf, '@yolo-loss/yolov1');
  const config = resolveYolov1Config(options);
  const pred = checkPredictions(predictions, config, 'yolov1Loss');
  if (pred.shape[0] === 0) {
    throw new Error(
      `yolov1Loss: predictions have batch size 0 (an empty batch): the loss needs at least one image (skip the step instead)`,
    );
  }
  const targets = toTargets(groundTruth, pred.shape[0], config, 'yolov1Loss');
  const terms = tf.tidy(() => lossTerms(pred, targets, config));
  return { ...terms, stats: { ...targets.stats } };
}

/** Targets from either raw ground truth or pre-encoded targets (checked against the config). */
export function toTargets(
  groundTruth: GroundTruthInput | Yolov1Targets,
  batchSize: number,
  config: ResolvedYolov1Config,
  where: string,
): Yolov1Targets {
  if (isTargets(groundTruth)) {
    const [W, H] = gridWH(config);
    const t = groundTruth;
    if (t.batchSize !== batchSize || t.gridW !== W || t.gridH !== H || t.numClasses !== config.numClasses) {
      throw new Error(
        `${where}: the encoded targets are for batch ${t.batchSize}, grid ${t.gridW}×${t.gridH}, ${t.numClasses} classes; ` +
          `the predictions and config need batch ${batchSize}, grid ${W}×${H}, ${config.numClasses} classes`,
      );
    }
    return t;
  }
  return encodeBoxes(normalizeGroundTruth(groundTruth, { batchSize, numClasses: config.numClasses }), config);
}

function isTargets(v: unknown): v is Yolov1Targets {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'yolov1-targets';
}

function lossTerms(
  pred: tf.Tensor4D,
  targets: Yolov1Targets,
  config: ResolvedYolov1Config,
): { total: tf.Scalar; box: tf.Scalar; obj: tf.Scalar; noobj: tf.Scalar; cls: tf.Scalar } {
  const [N, H, W] = pred.shape;
  const B = config.boxesPerCell;
  const t = uploadTargets(targets);
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
