import * as tf from '@tensorflow/tfjs-core';
import { detached } from '@yolo-loss/heads';
import type { AnchorLayout } from './anchors.js';
import { ASSIGNED_CHANNELS, assignImage, type AssignerSpec, type ImageTruth } from './assigner.js';
import { classBce } from './class-bce.js';
import { ultralyticsCiou } from './ciou.js';
import type { ResolvedYolov8Config } from './config.js';
import { anchorColumn, fromImageRows, imageRows, outputRows, rowOrder, type RowOrder } from './rows.js';
import { gtTensor, GT_WIDTH, type GtRows } from './targets.js';

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
  gt: GtRows,
  anchors: AnchorLayout,
  config: ResolvedYolov8Config,
): Yolov8Terms {
  const { regMax, numClasses: c } = config;
  const order = rowOrder(anchors, gt.batchSize);
  const rows = order.rows;
  const decoded = decodeRows(predictions, anchors, order, config);
  const { distLogits, clsLogits, px, py, stride, pred } = decoded;

  const assigned = assignBatch(decoded, anchors, order, gt, {
    topK: config.assignerTopK,
    alpha: config.assignerAlpha,
    beta: config.assignerBeta,
  });
  const [tx1, ty1, tx2, ty2, label, score] = tf.split<tf.Tensor2D>(assigned, ASSIGNED_CHANNELS, 1);
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
  // the two-hot target is scattered under stop-gradient (a gather's gradient is an
  // unsortedSegmentSum, quadratic on tfjs-cpu)
  const twoHot = detached(d, (dist) => {
    const leftBin = tf.cast(tf.floor(dist), 'int32');
    const wl = tf.sub(tf.add(tf.floor(dist), 1), dist);
    const row = tf.range(0, rows * 4, 1, 'int32');
    const at = (bin: tf.Tensor): tf.Tensor => tf.stack([row, bin], 1);
    return tf.add(
      tf.scatterND(at(leftBin), wl, [rows * 4, regMax]),
      tf.scatterND(at(tf.add(leftBin, tf.scalar(1, 'int32'))), tf.sub(1, wl), [rows * 4, regMax]),
    );
  });
  const logProbs = tf.logSoftmax(tf.reshape(distLogits, [rows * 4, regMax]));
  const perSide = tf.neg(tf.sum(tf.mul(twoHot, logProbs), 1));
  const dfl = tf.sum(tf.mul(tf.mean(tf.reshape(perSide, [rows, 4]), 1, true), score!));

  return {
    box: tf.mul(tf.div(box, scoreSum), config.lambdaCoord),
    cls: tf.mul(tf.div(cls, scoreSum), config.lambdaClass),
    dfl: tf.mul(tf.div(dfl, scoreSum), config.lambdaDfl),
  };
}

/** The rows of the outputs decoded (grid units), with each row's anchor point and stride (see {@link decodeRows}). */
export interface DecodedRows {
  /** `[R, 4·regMax]`. */
  distLogits: tf.Tensor2D;
  /** `[R, C]`. */
  clsLogits: tf.Tensor2D;
  /** `[R, 1]` each: the anchor point (grid units) and the stride. */
  px: tf.Tensor2D;
  py: tf.Tensor2D;
  stride: tf.Tensor2D;
  /** The decoded box's corners, `[R, 1]` each, grid units. */
  pred: { x1: tf.Tensor2D; y1: tf.Tensor2D; x2: tf.Tensor2D; y2: tf.Tensor2D };
}

/**
 * The outputs as rows in {@link RowOrder}, decoded: each side's expected distance over its DFL bins
 * around the anchor point, `(px − l, py − t, px + r, py + b)` in grid units. No tidy.
 */
export function decodeRows(
  predictions: readonly tf.Tensor[],
  anchors: AnchorLayout,
  order: RowOrder,
  config: ResolvedYolov8Config,
): DecodedRows {
  const { regMax, numClasses: c } = config;
  const rows = order.rows;
  const all = outputRows(predictions); // [R, 4·regMax + C], R = N·A
  const distLogits = tf.slice(all, [0, 0], [rows, 4 * regMax]);
  const clsLogits = tf.slice(all, [0, 4 * regMax], [rows, c]);
  const px = anchorColumn((i) => anchors.points[2 * i]!, anchors, order);
  const py = anchorColumn((i) => anchors.points[2 * i + 1]!, anchors, order);
  const stride = anchorColumn((i) => anchors.strides[i]!, anchors, order);
  const [l, t, r, b] = tf.split(expectedDistances(distLogits, regMax), 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const pred = { x1: tf.sub<tf.Tensor2D>(px, l), y1: tf.sub<tf.Tensor2D>(py, t), x2: tf.add<tf.Tensor2D>(px, r), y2: tf.add<tf.Tensor2D>(py, b) };
  return { distLogits, clsLogits, px, py, stride, pred };
}

/** The assigner's inputs per row: the decoded box in pixels and the class logits, `[R, 4 + C]`. */
export function assignerInputs(decoded: DecodedRows): tf.Tensor2D {
  const { pred, stride, clsLogits } = decoded;
  return tf.concat([tf.mul<tf.Tensor2D>(tf.concat([pred.x1, pred.y1, pred.x2, pred.y2], 1), stride), clsLogits], 1);
}

/** `[2, A]`: every anchor point in pixels (row 0: x, row 1: y), ultralytics' order. */
export function anchorPoints(anchors: AnchorLayout): tf.Tensor2D {
  const a = anchors.count;
  return tf.tensor2d(
    Float32Array.from({ length: 2 * a }, (_, i) => {
      const [coord, anchor] = [Math.floor(i / a), i % a];
      return anchors.points[2 * anchor + coord]! * anchors.strides[anchor]!;
    }),
    [2, a],
  );
}

/** Image `i`'s ground truth as the assigner's tensors, out of the `[N·G, 6]` rows. */
export function imageTruth(table: tf.Tensor2D, i: number, maxBoxes: number): ImageTruth {
  const g = maxBoxes;
  const [boxes, label, valid] = tf.split(tf.slice(table, [i * g, 0], [g, GT_WIDTH]), [4, 1, 1], 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  return { boxes, labels: tf.reshape(tf.cast(label, 'int32'), [g]), valid: tf.reshape(valid, [g]) };
}

/** Image `i`'s assigner inputs out of {@link assignerInputs}: pixel boxes `[A, 4]`, class probabilities `[A, C]`. */
export function imageInputs(x: tf.Tensor2D, i: number, order: RowOrder): { boxes: tf.Tensor2D; scores: tf.Tensor2D } {
  const rows = imageRows(x, i, order);
  const [a, k] = rows.shape;
  return { boxes: tf.slice(rows, [0, 0], [a, 4]), scores: tf.sigmoid(tf.slice(rows, [0, 4], [a, k - 4])) };
}

/**
 * Runs the task-aligned assigner on every image under stop-gradient (no gradient reaches the
 * predictions through the targets). With no GT row in the batch every anchor is background.
 *
 * @param decoded - the rows decoded ({@link decodeRows}).
 * @returns `[R, 6]`: assigned box (pixels), label, target score.
 */
function assignBatch(
  decoded: DecodedRows,
  anchors: AnchorLayout,
  order: RowOrder,
  gt: GtRows,
  spec: AssignerSpec,
): tf.Tensor2D {
  const { batchSize: n, maxBoxes: g } = gt;
  if (g === 0) return tf.zeros([order.rows, ASSIGNED_CHANNELS]);
  const output = detached(assignerInputs(decoded), (x) => {
    const points = anchorPoints(anchors);
    const table = gtTensor(gt);
    const perImage = Array.from({ length: n }, (_, i) =>
      tf.tidy(() => {
        const { boxes, scores } = imageInputs(x as tf.Tensor2D, i, order);
        return assignImage(boxes, scores, points, imageTruth(table, i, g), spec);
      }),
    );
    const result = fromImageRows(perImage, order);
    tf.dispose([points, ...perImage]);
    if (table !== gt.table) table.dispose();
    return result;
  });
  return output as tf.Tensor2D;
}
