import * as tf from '@tensorflow/tfjs-core';
import { YOLOV8_ASSIGNER_EPS as ASSIGNER_EPS, YOLOV8_IN_BOX_EPS as IN_BOX_EPS } from '@yolo-loss/backend/kernels';
import { ultralyticsCiou } from './ciou.js';

/** The task-aligned assigner's constants (TOOD, as ultralytics' `TaskAlignedAssigner`). */
export interface AssignerSpec {
  /** Anchors each GT takes by alignment. */
  topK: number;
  /** `align = score^alpha · IoU^beta`. */
  alpha: number;
  beta: number;
}


/** Channels of the assigner's per-anchor output: target box `x1, y1, x2, y2` (pixels), label, score. */
export const ASSIGNED_CHANNELS = 6;

/** One image's ground truth as tensors: `boxes [G, 4]` pixel corners, `labels [G]` int32, `valid [G]` 0/1. */
export interface ImageTruth {
  boxes: tf.Tensor2D;
  labels: tf.Tensor1D;
  valid: tf.Tensor1D;
}

/** One image's assignment as `[G, A]` and `[A]` tensors (see {@link alignImage}). */
export interface ImageAlignment {
  /** `[G, A]` 0/1: the anchors each GT picked (its top-k with `align > 0`). */
  picked: tf.Tensor;
  /** `[G, A]` 0/1: the final assignment, at most one GT per anchor. */
  final: tf.Tensor;
  /** `[G, A]`: `max(CIoU, 0)` of candidates, 0 elsewhere. */
  overlap: tf.Tensor;
  /** `[A]` int32: each anchor's GT (0 for background: see `final`). */
  assigned: tf.Tensor;
  /** `[A]`: each anchor's target score (0: background). */
  targetScore: tf.Tensor;
}

/**
 * The task-aligned assignment of one image with composed tfjs ops, no gradient (call it where no
 * tape records, e.g. inside a `customGrad` forward pass). `G` ground-truth rows, `A` anchors:
 *
 * 1. candidates: valid GTs whose box holds the anchor point (all four distances `> 1e-9`);
 * 2. `overlap = max(CIoU(gt, pred), 0)`, `score = σ(class logit of the GT's class)`,
 *    `align = score^α · overlap^β` on candidates, 0 elsewhere;
 * 3. each GT takes its top-k anchors by `align` (only `align > 0`: a zero-alignment pick carries
 *    target 0 and adds nothing to any term);
 * 4. an anchor taken by several GTs goes to the GT of largest `overlap` over all GTs (first on ties);
 * 5. each foreground anchor's target score is `align · maxOverlap_g / (maxAlign_g + 1e-9)` over its
 *    GT `g`'s final anchors.
 *
 * @param predBoxes - `[A, 4]` decoded boxes, pixel corners.
 * @param scores - `[A, C]` class probabilities σ(logit).
 * @param points - `[2, A]` anchor points in pixels (row 0: x, row 1: y).
 * @returns the picks, the final assignment, the IoUs, each anchor's GT and target score.
 */
export function alignImage(
  predBoxes: tf.Tensor,
  scores: tf.Tensor,
  points: tf.Tensor,
  truth: ImageTruth,
  spec: AssignerSpec,
): ImageAlignment {
  const numGt = truth.boxes.shape[0];
  const numAnchors = predBoxes.shape[0];
  // every operand as a full [G, A] tensor (outer products by matMul): broadcasting binary ops take
  // a per-element index path on tfjs-cpu
  const onesA = tf.ones([1, numAnchors]);
  const onesG = tf.ones([numGt, 1]);
  const perGt = (v: tf.Tensor): tf.Tensor => tf.matMul(tf.reshape(v, [numGt, 1]), onesA);
  const perAnchor = (v: tf.Tensor): tf.Tensor => tf.matMul(onesG, tf.reshape(v, [1, numAnchors]));
  const [ax, ay] = (tf.split(points, 2, 0) as [tf.Tensor, tf.Tensor]).map(perAnchor) as [tf.Tensor, tf.Tensor];
  const [gx1, gy1, gx2, gy2] = tf.unstack(tf.transpose(truth.boxes)).map(perGt) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const gt = { x1: gx1, y1: gy1, x2: gx2, y2: gy2 };
  const inBox = tf.greater(
    tf.minimum(tf.minimum(tf.sub(ax, gt.x1), tf.sub(ay, gt.y1)), tf.minimum(tf.sub(gt.x2, ax), tf.sub(gt.y2, ay))),
    IN_BOX_EPS,
  );
  const candidate = tf.logicalAnd(inBox, tf.greater(perGt(truth.valid), 0)); // [G, A]
  const zeros = tf.zerosLike(ax);

  const [px1, py1, px2, py2] = tf.unstack(tf.transpose(predBoxes)).map(perAnchor) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const pred = { x1: px1, y1: py1, x2: px2, y2: py2 };
  const overlap = tf.tidy(() => tf.where(candidate, tf.relu(ultralyticsCiou(gt, pred)), zeros));
  const score = tf.where(candidate, tf.transpose(tf.gather(scores, truth.labels, 1)), zeros);
  const align = tf.tidy(() => tf.where(candidate, tf.mul(tf.pow(score, spec.alpha), tf.pow(overlap, spec.beta)), zeros));

  // top-k per GT, written into a [G, A] 0/1 mask (exactly k picks, whatever the ties)
  const k = Math.min(spec.topK, numAnchors);
  const { values, indices } = tf.topk(align, k);
  const rowOffset = tf.mul(tf.range(0, numGt, 1, 'int32'), tf.scalar(numAnchors, 'int32'));
  const flatIndex = tf.reshape(tf.add(indices, tf.reshape(rowOffset, [numGt, 1])), [numGt * k, 1]);
  const picked = tf.reshape(tf.cast(tf.greater(values, 0), 'float32'), [numGt * k]);
  const positive = tf.reshape(tf.scatterND(flatIndex, picked, [numGt * numAnchors]), [numGt, numAnchors]);

  // an anchor picked by several GTs goes to the largest overlap over all GTs (first on ties)
  const gtIndex = perGt(tf.range(0, numGt, 1, 'float32'));
  const isMax = tf.cast(tf.equal(overlap, perAnchor(tf.max(overlap, 0))), 'float32');
  const best = tf.argMax(tf.mul(isMax, tf.sub(numGt, gtIndex)), 0); // [A]: first GT at the maximum
  const isBest = tf.cast(tf.equal(gtIndex, perAnchor(tf.cast(best, 'float32'))), 'float32');
  const contested = tf.greater(perAnchor(tf.sum(positive, 0)), 1);
  const final = tf.where(contested, isBest, positive); // [G, A], at most one 1 per anchor

  const assigned = tf.argMax(final, 0); // [A]: the anchor's GT (0 for background)
  const alignFinal = tf.mul(align, final);
  const maxAlign = perGt(tf.max(alignFinal, 1));
  const maxOverlap = perGt(tf.max(tf.mul(overlap, final), 1));
  const targetScore = tf.max(tf.div(tf.mul(alignFinal, maxOverlap), tf.add(maxAlign, ASSIGNER_EPS)), 0); // [A]
  return { picked: positive, final, overlap, assigned, targetScore };
}

/**
 * {@link alignImage}'s result as the loss reads it.
 *
 * @returns `[A, 6]`: the assigned GT's box (pixels), its label, and the target score (0: background).
 */
export function assignImage(
  predBoxes: tf.Tensor,
  scores: tf.Tensor,
  points: tf.Tensor,
  truth: ImageTruth,
  spec: AssignerSpec,
): tf.Tensor2D {
  const numAnchors = predBoxes.shape[0];
  const { assigned, targetScore } = alignImage(predBoxes, scores, points, truth, spec);
  return tf.concat2d(
    [
      tf.gather<tf.Tensor2D>(truth.boxes, assigned),
      tf.reshape(tf.cast(tf.gather(truth.labels, assigned), 'float32'), [numAnchors, 1]),
      tf.reshape(targetScore, [numAnchors, 1]),
    ],
    1,
  );
}
