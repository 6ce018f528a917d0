import * as tf from '@tensorflow/tfjs-core';
import { detached, overlapMask, xywhToXyxy } from '@yolo-loss/geometry';
import { decodeRows, type HeadGeometry } from './boxes.js';
import type { ResolvedYolov4Config } from './config.js';

/** Darknet's class-score gate of the ignore rule (`compare_yolo_class`: some σ(c) > 0.25). */
const DARKNET_CLASS_GATE_LOGIT = Math.log(0.25 / 0.75);

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
    const boxes = xywhToXyxy(tf.reshape(decoded, [batchSize, gridH * gridW, a, 4]));
    const overlap = tf.reshape(overlapMask(boxes, gtBoxes, gtValid, config.ignoreThreshold), [
      rows,
      1,
    ]);
    if (config.preset !== 'darknet') return overlap;
    const best = tf.max(tf.slice(p, [0, 5], [rows, c]), -1, true);
    return tf.mul(overlap, tf.cast(tf.greater(best, DARKNET_CLASS_GATE_LOGIT), 'float32'));
  });
}
