import * as tf from '@tensorflow/tfjs-core';
import { detached } from '@yolo-loss/heads';
import type { AnchorLayout } from './anchors.js';
import { ASSIGNED_CHANNELS, assignImage, type AssignerSpec } from './assigner.js';
import { classBce } from './class-bce.js';
import { ultralyticsCiou } from './ciou.js';
import type { ResolvedYolov8Config } from './config.js';
import { anchorColumn, fromImageRows, imageRows, outputRows, rowOrder, type RowOrder } from './rows.js';
import type { Yolov8Targets } from './targets.js';

/** The three YOLOv8 terms after their gains, before the batch-size scaling of `reduction: 'sum'`. */
export interface Yolov8Terms {
  box: tf.Scalar;
  cls: tf.Scalar;
  dfl: tf.Scalar;
}

/** The DFL target clamp: `regMax − 1 − 0.01` (a distance of `regMax − 1` would need bin `regMax`). */
export function dflClamp(regMax: number): number {
  return regMax - 1 - 0.01;
}

/**
 * The expected distance of each side: softmax over its `regMax` bins, then `Σ k·p_k`.
 *
 * @param distLogits - `[M, 4·regMax]`.
 * @returns `[M, 4]`: distances `l, t, r, b` in grid units.
 */
export function expectedDistances(distLogits: tf.Tensor, regMax: number): tf.Tensor2D {
  const rows = distLogits.shape[0];
  const bins = tf.tensor2d(Float32Array.from({ length: regMax }, (_, k) => k), [regMax, 1]);
  const probs = tf.softmax(tf.reshape(distLogits, [rows * 4, regMax]));
  return tf.reshape(tf.matMul(probs, bins), [rows, 4]);
}

/**
 * The YOLOv8 loss terms with composed tfjs ops (any backend; the reference for the fused kernels).
 * Differentiable with respect to `predictions` (the assignment under stop-gradient). No tidy of
 * its own: call it inside one.
 *
 * @param predictions - one `[N, H, W, 4·regMax + C]` tensor per output, ascending stride.
 * @returns scalar `box, cls, dfl` after the gains (ultralytics' logged terms).
 */
export function composedYolov8Terms(
  predictions: readonly tf.Tensor[],
  targets: Yolov8Targets,
  anchors: AnchorLayout,
  config: ResolvedYolov8Config,
): Yolov8Terms {
  const { regMax, numClasses: c } = config;
  const order = rowOrder(anchors, targets.batchSize);
  const rows = order.rows;
  const all = outputRows(predictions); // [R, 4·regMax + C], R = N·A
  const distLogits = tf.slice(all, [0, 0], [rows, 4 * regMax]);
  const clsLogits = tf.slice(all, [0, 4 * regMax], [rows, c]);

  // per-row anchor point (grid units) and stride, [R, 1]
  const px = anchorColumn((i) => anchors.points[2 * i]!, anchors, order);
  const py = anchorColumn((i) => anchors.points[2 * i + 1]!, anchors, order);
  const stride = anchorColumn((i) => anchors.strides[i]!, anchors, order);

  const dist = expectedDistances(distLogits, regMax);
  const [l, t, r, b] = tf.split(dist, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const pred = { x1: tf.sub(px, l), y1: tf.sub(py, t), x2: tf.add(px, r), y2: tf.add(py, b) };

  const assigned = assignBatch(pred, clsLogits, stride, anchors, order, targets, {
    topK: config.assignerTopK,
    alpha: config.assignerAlpha,
    beta: config.assignerBeta,
  });
  const [tx1, ty1, tx2, ty2, label, score] = tf.split(assigned, ASSIGNED_CHANNELS, 1) as tf.Tensor2D[];
  const scoreSum = tf.maximum(tf.sum(score!), 1); // S, ultralytics' target_scores_sum

  // classes: BCE of every anchor and class against one-hot(label)·score
  // (scattered under stop-gradient: tfjs has no ScatterNd gradient)
  const classTarget = detached(tf.concat([label!, score!], 1), (x) => {
    const [labels, scores] = tf.split(x, 2, 1) as [tf.Tensor, tf.Tensor];
    const cell = tf.concat([tf.reshape(tf.range(0, rows, 1, 'int32'), [rows, 1]), tf.cast(labels, 'int32')], 1);
    return tf.scatterND(cell, tf.reshape(scores, [rows]), [rows, c]); // [R, C]: score at (row, label)
  });
  const cls = tf.sum(classBce(clsLogits, classTarget, config.classPosWeight));

  // box: Σ (1 − CIoU(pred, target)) · score in grid units (background rows have score 0)
  const target = { x1: tf.div(tx1!, stride), y1: tf.div(ty1!, stride), x2: tf.div(tx2!, stride), y2: tf.div(ty2!, stride) };
  const box = tf.sum(tf.mul(tf.sub(1, ultralyticsCiou(pred, target)), score!));

  // DFL: each side's target distance split over its two neighbouring bins, −(wl·log p_l + wr·log p_r)
  const sides = tf.concat([tf.sub(px, target.x1), tf.sub(py, target.y1), tf.sub(target.x2, px), tf.sub(target.y2, py)], 1);
  const d = tf.reshape(tf.clipByValue(sides, 0, dflClamp(regMax)), [rows * 4]);
  const left = tf.floor(d);
  const weightLeft = tf.sub(tf.add(left, 1), d);
  const weightRight = tf.sub(1, weightLeft);
  const logProbs = tf.reshape(tf.logSoftmax(tf.reshape(distLogits, [rows * 4, regMax])), [rows * 4 * regMax]);
  const leftIndex = tf.add(tf.mul(tf.range(0, rows * 4, 1, 'int32'), tf.scalar(regMax, 'int32')), tf.cast(left, 'int32'));
  const rightIndex = tf.add(leftIndex, tf.scalar(1, 'int32'));
  const perSide = tf.neg(
    tf.add(tf.mul(tf.gather(logProbs, leftIndex), weightLeft), tf.mul(tf.gather(logProbs, rightIndex), weightRight)),
  );
  const dfl = tf.sum(tf.mul(tf.mean(tf.reshape(perSide, [rows, 4]), 1, true), score!));

  return {
    box: tf.mul(tf.div(box, scoreSum), config.lambdaCoord),
    cls: tf.mul(tf.div(cls, scoreSum), config.lambdaClass),
    dfl: tf.mul(tf.div(dfl, scoreSum), config.lambdaDfl),
  };
}

/**
 * Runs the task-aligned assigner on every image under stop-gradient (no gradient reaches the
 * predictions through the targets). With no GT row in the batch every anchor is background.
 *
 * @param pred - decoded boxes, each corner `[R, 1]` in grid units ({@link RowOrder}).
 * @param clsLogits - `[R, C]`.
 * @param stride - `[R, 1]` each row's stride.
 * @returns `[R, 6]`: assigned box (pixels), label, target score.
 */
function assignBatch(
  pred: { x1: tf.Tensor; y1: tf.Tensor; x2: tf.Tensor; y2: tf.Tensor },
  clsLogits: tf.Tensor2D,
  stride: tf.Tensor2D,
  anchors: AnchorLayout,
  order: RowOrder,
  targets: Yolov8Targets,
  spec: AssignerSpec,
): tf.Tensor2D {
  const { batchSize: n, maxBoxes: g } = targets;
  const a = anchors.count;
  const c = clsLogits.shape[1];
  if (g === 0) return tf.zeros([order.rows, ASSIGNED_CHANNELS]);
  const inputs = tf.concat([tf.mul(tf.concat([pred.x1, pred.y1, pred.x2, pred.y2], 1), stride), clsLogits], 1);
  const output = detached(inputs, (x) => {
    const points = tf.tensor2d(
      Float32Array.from({ length: 2 * a }, (_, i) => {
        const [coord, anchor] = [Math.floor(i / a), i % a];
        return anchors.points[2 * anchor + coord]! * anchors.strides[anchor]!;
      }),
      [2, a],
    );
    const perImage = Array.from({ length: n }, (_, i) =>
      tf.tidy(() => {
        const rows = imageRows(x as tf.Tensor2D, i, order);
        const truth = {
          boxes: tf.tensor2d(targets.boxes.subarray(4 * i * g, 4 * (i + 1) * g), [g, 4]),
          labels: tf.tensor1d(targets.labels.subarray(i * g, (i + 1) * g), 'int32'),
          valid: tf.tensor1d(targets.valid.subarray(i * g, (i + 1) * g)),
        };
        return assignImage(tf.slice(rows, [0, 0], [a, 4]), tf.sigmoid(tf.slice(rows, [0, 4], [a, c])), points, truth, spec);
      }),
    );
    const result = fromImageRows(perImage, order);
    tf.dispose([points, ...perImage]);
    return result;
  });
  return output as tf.Tensor2D;
}
