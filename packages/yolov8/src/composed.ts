import * as tf from '@tensorflow/tfjs-core';
import { detached } from '@yolo-loss/heads';
import type { AnchorLayout } from './anchors.js';
import { ASSIGNED_CHANNELS, assignImage, type AssignerSpec } from './assigner.js';
import { classBce } from './class-bce.js';
import { corners, ultralyticsCiou } from './ciou.js';
import type { ResolvedYolov8Config } from './config.js';
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
 * Concatenates the outputs into one `[N, A, 4·regMax + C]` tensor, anchors row-major within an
 * output, outputs in order.
 */
export function flattenOutputs(predictions: readonly tf.Tensor[]): tf.Tensor3D {
  const flat = predictions.map((p) => {
    const [n, h, w, c] = p.shape as [number, number, number, number];
    return tf.reshape(p, [n, h * w, c]);
  });
  return (flat.length === 1 ? flat[0]! : tf.concat(flat, 1)) as tf.Tensor3D;
}

/**
 * The expected distance of each side: softmax over its `regMax` bins, then `Σ k·p_k`.
 *
 * @param distLogits - `[M, 4·regMax]`.
 * @returns `[M, 4]`: distances `l, t, r, b` in grid units.
 */
export function expectedDistances(distLogits: tf.Tensor, regMax: number): tf.Tensor2D {
  const rows = distLogits.shape[0]!;
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
  const n = targets.batchSize;
  const a = anchors.count;
  const all = flattenOutputs(predictions);
  const distLogits = tf.reshape(tf.slice(all, [0, 0, 0], [n, a, 4 * regMax]), [n * a, 4 * regMax]);
  const clsLogits = tf.reshape(tf.slice(all, [0, 0, 4 * regMax], [n, a, c]), [n * a, c]);

  // anchors, tiled over the batch: [N·A, 1] per coordinate (grid units) and stride
  const tile = (v: Float32Array, stride: number, offset: number): tf.Tensor2D =>
    tf.tile(tf.tensor2d(Float32Array.from({ length: a }, (_, i) => v[i * stride + offset]!), [a, 1]), [n, 1]);
  const px = tile(anchors.points, 2, 0);
  const py = tile(anchors.points, 2, 1);
  const stride = tile(anchors.strides, 1, 0);

  const dist = expectedDistances(distLogits, regMax);
  const [l, t, r, b] = tf.unstack(dist, 1) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
  const col = (v: tf.Tensor): tf.Tensor2D => tf.reshape(v, [n * a, 1]);
  const pred = { x1: tf.sub(px, col(l)), y1: tf.sub(py, col(t)), x2: tf.add(px, col(r)), y2: tf.add(py, col(b)) };

  const assigned = assignBatch(pred, clsLogits, stride, anchors, targets, {
    topK: config.assignerTopK,
    alpha: config.assignerAlpha,
    beta: config.assignerBeta,
  });
  const [tx1, ty1, tx2, ty2, label, score] = tf.split(assigned, ASSIGNED_CHANNELS, 1) as tf.Tensor2D[];
  const scoreSum = tf.maximum(tf.sum(score!), 1); // S, ultralytics' target_scores_sum

  // classes: BCE of every anchor and class against one-hot(label)·score
  // (one-hot by equality with the class range: tf.oneHot needs depth >= 2)
  const classTarget = tf.mul(tf.cast(tf.equal(label!, tf.reshape(tf.range(0, c, 1, 'float32'), [1, c])), 'float32'), score!);
  const cls = tf.sum(classBce(clsLogits, classTarget, config.classPosWeight));

  // box: Σ (1 − CIoU(pred, target)) · score in grid units (background rows have score 0)
  const target = {
    x1: tf.div(tx1!, stride),
    y1: tf.div(ty1!, stride),
    x2: tf.div(tx2!, stride),
    y2: tf.div(ty2!, stride),
  };
  const box = tf.sum(tf.mul(tf.sub(1, ultralyticsCiou(pred, target)), score!));

  // DFL: the target distance of each side split over its two neighbouring bins
  const maxDistance = dflClamp(regMax);
  const sides = tf.concat([tf.sub(px, target.x1), tf.sub(py, target.y1), tf.sub(target.x2, px), tf.sub(target.y2, py)], 1);
  const d = tf.reshape(tf.clipByValue(sides, 0, maxDistance), [n * a * 4]);
  const left = tf.floor(d);
  const weightLeft = tf.sub(tf.add(left, 1), d);
  const weightRight = tf.sub(1, weightLeft);
  // (one-hot by equality with the bin range: tfjs-backend-wasm 4.22's float32 OneHot writes
  // integer bit patterns)
  const bins = tf.reshape(tf.range(0, regMax, 1, 'float32'), [1, regMax]);
  const column = (v: tf.Tensor): tf.Tensor => tf.reshape(v, [n * a * 4, 1]);
  const twoHot = tf.add(
    tf.mul(tf.cast(tf.equal(column(left), bins), 'float32'), column(weightLeft)),
    tf.mul(tf.cast(tf.equal(column(tf.add(left, 1)), bins), 'float32'), column(weightRight)),
  );
  const logProbs = tf.logSoftmax(tf.reshape(distLogits, [n * a * 4, regMax]));
  const perSide = tf.neg(tf.sum(tf.mul(twoHot, logProbs), 1));
  const dfl = tf.sum(tf.mul(tf.mean(tf.reshape(perSide, [n * a, 4]), 1, true), score!));

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
 * @param pred - decoded boxes, each corner `[N·A, 1]` in grid units.
 * @param clsLogits - `[N·A, C]`.
 * @param stride - `[N·A, 1]` each anchor's stride.
 * @returns `[N·A, 6]`: assigned box (pixels), label, target score.
 */
function assignBatch(
  pred: { x1: tf.Tensor; y1: tf.Tensor; x2: tf.Tensor; y2: tf.Tensor },
  clsLogits: tf.Tensor,
  stride: tf.Tensor,
  anchors: AnchorLayout,
  targets: Yolov8Targets,
  spec: AssignerSpec,
): tf.Tensor2D {
  const { batchSize: n, maxBoxes: g } = targets;
  const a = anchors.count;
  const c = clsLogits.shape[1]!;
  if (g === 0) return tf.zeros([n * a, ASSIGNED_CHANNELS]);
  const inputs = tf.concat([tf.mul(tf.concat([pred.x1, pred.y1, pred.x2, pred.y2], 1), stride), clsLogits], 1);
  const output = detached(inputs, (x) => {
    const points = tf.tensor2d(
      Float32Array.from({ length: 2 * a }, (_, i) => {
        const [coord, anchor] = [Math.floor(i / a), i % a];
        return anchors.points[2 * anchor + coord]! * anchors.strides[anchor]!;
      }),
      [2, a],
    );
    const boxes = tf.tensor3d(targets.boxes, [n, g, 4]);
    const labels = tf.tensor2d(targets.labels, [n, g], 'int32');
    const valid = tf.tensor2d(targets.valid, [n, g]);
    const perImage = Array.from({ length: n }, (_, i) =>
      tf.tidy(() => {
        const rows = tf.slice(x, [i * a, 0], [a, 4 + c]);
        const truth = {
          boxes: tf.reshape(tf.slice(boxes, [i, 0, 0], [1, g, 4]), [g, 4]) as tf.Tensor2D,
          labels: tf.reshape(tf.slice(labels, [i, 0], [1, g]), [g]) as tf.Tensor1D,
          valid: tf.reshape(tf.slice(valid, [i, 0], [1, g]), [g]) as tf.Tensor1D,
        };
        return assignImage(tf.slice(rows, [0, 0], [a, 4]), tf.sigmoid(tf.slice(rows, [0, 4], [a, c])), points, truth, spec);
      }),
    );
    const result = perImage.length === 1 ? perImage[0]! : tf.concat(perImage, 0);
    if (perImage.length > 1) tf.dispose(perImage);
    tf.dispose([points, boxes, labels, valid]);
    return result;
  });
  return output as tf.Tensor2D;
}
