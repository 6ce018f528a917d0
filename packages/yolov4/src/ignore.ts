import * as tf from '@tensorflow/tfjs-core';
import { iou as boxIou } from '@yolo-loss/geometry';
import { decodeRows, toXyxy, type HeadGeometry } from './boxes.js';
import type { ResolvedYolov4Config } from './config.js';
import { detached } from './detach.js';

/** Darknet's class-score gate of the ignore rule (`compare_yolo_class`: some σ(c) > 0.25). */
const DARKNET_CLASS_GATE_LOGIT = Math.log(0.25 / 0.75);

/**
 * The ignore rule on the device, batched: the best IoU of every box `[N, H·W, A, 4]`
 * (`xyxy`, image-normalised) with the valid GTs (geometry's `iou` with `eps: 0`: `I / U`, 0 when `U = 0`) of its image, compared with `threshold`.
 * Memory grows as predictions × boxes-per-image (`[N, P, G]`).
 *
 * @param boxes - `[N or 1, H·W, A, 4]` predicted (or prior) boxes.
 * @param gtBoxes - `[N, G, 4]` padded GTs (`xyxy`).
 * @param gtValid - `[N, G]` 1 for real GTs.
 * @param threshold - strict `>` threshold.
 * @returns `[N, H·W, A]` float 0/1 (1 = IoU above the threshold with some GT).
 */
export function overlapMask(
  boxes: tf.Tensor,
  gtBoxes: tf.Tensor,
  gtValid: tf.Tensor,
  threshold: number,
): tf.Tensor {
  return tf.tidy(() => {
    const [nb, s, a] = boxes.shape as [number, number, number, number];
    const [n, g] = gtValid.shape as [number, number];
    const p = tf.reshape(boxes, [nb, s * a, 1, 4]);
    const t = tf.reshape(gtBoxes, [n, 1, g, 4]);
    const iou = tf.mul(boxIou(p, t, { eps: 0 }), tf.reshape(gtValid, [n, 1, g])); // [N, P, G]
    const best = tf.max(iou, -1); // [N, P]
    return tf.reshape(tf.cast(tf.greater(best, threshold), 'float32'), [n, s, a]);
  });
}

/**
 * The ignore mask of one head in the loss's row layout, `[rows, 1]`, under stop-gradient: 1 where
 * the decoded prediction has IoU `> ignoreThreshold` with some GT of its image, and, in the
 * `darknet` preset, some class score `σ(c) > 0.25` too (AlexeyAB's `compare_yolo_class`).
 *
 * @param pred - `[rows, 5+C]` raw outputs of the head, rows `((n·H + row)·W + col)·A + a`.
 */
export function headIgnoreMask(
  config: ResolvedYolov4Config,
  head: number,
  pred: tf.Tensor,
  geometry: HeadGeometry,
  gtBoxes: tf.Tensor,
  gtValid: tf.Tensor,
): tf.Tensor {
  const { batchSize, gridH, gridW, numAnchors: a } = geometry;
  const rows = batchSize * gridH * gridW * a;
  const c = config.numClasses;
  return detached(pred, (p) => {
    const decoded = decodeRows(config, head, tf.slice(p, [0, 0], [rows, 4]), geometry);
    const boxes = toXyxy(tf.reshape(decoded, [batchSize, gridH * gridW, a, 4]));
    const overlap = tf.reshape(overlapMask(boxes, gtBoxes, gtValid, config.ignoreThreshold), [
      rows,
      1,
    ]);
    if (config.preset !== 'darknet') return overlap;
    const best = tf.max(tf.slice(p, [0, 5], [rows, c]), -1, true);
    return tf.mul(overlap, tf.cast(tf.greater(best, DARKNET_CLASS_GATE_LOGIT), 'float32'));
  });
}
