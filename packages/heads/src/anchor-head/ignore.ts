import * as tf from '@tensorflow/tfjs-core';
import { xywhToXyxy } from '@yolo-loss/geometry';
import { detached } from '../detached.js';
import { decodeRows, priorBoxes, type HeadGeometry } from './boxes.js';
import { overlapMask } from './overlap-mask.js';
import type { AnchorHeadSpec } from './spec.js';

/** Darknet's class-score gate of the ignore rule (`compare_yolo_class`: some σ(c) > 0.25), as a logit. */
const CLASS_GATE_LOGIT = Math.log(0.25 / 0.75);

/**
 * The ignore mask of one head in the loss's row layout, `[rows, 1]`, under stop-gradient: 1 where
 * the head's box (`ignoreBasis`: the decoded prediction, or the anchor centred on its cell) has
 * IoU `> ignoreThreshold` with some GT of its image and, with `ignoreClassGate`, some class score
 * `σ(c) > 0.25`.
 *
 * @param pred - `[rows, 5+C]` raw outputs of the head, rows `((n·H + row)·W + col)·A + a`.
 * @param gtBoxes - `[N, G, 4]` the batch's GT, `xyxy`.
 * @param gtValid - `[N, G]` 1 for a real GT.
 */
export function headIgnoreMask(
  spec: AnchorHeadSpec,
  head: number,
  pred: tf.Tensor,
  geometry: HeadGeometry,
  gtBoxes: tf.Tensor,
  gtValid: tf.Tensor,
): tf.Tensor {
  const { batchSize, gridH, gridW, numAnchors: a } = geometry;
  const rows = batchSize * gridH * gridW * a;
  const c = spec.numClasses;
  const overlap = (boxes: tf.Tensor): tf.Tensor =>
    tf.reshape(overlapMask(xywhToXyxy(boxes), gtBoxes, gtValid, spec.ignoreThreshold), [rows, 1]);
  if (spec.ignoreBasis === 'prior' && !spec.ignoreClassGate) {
    return tf.tidy(() => overlap(priorBoxes(spec, head, gridH, gridW)));
  }
  return detached(pred, (p) => {
    const boxes =
      spec.ignoreBasis === 'prior'
        ? priorBoxes(spec, head, gridH, gridW)
        : tf.reshape(decodeRows(spec, head, tf.slice(p, [0, 0], [rows, 4]), geometry), [batchSize, gridH * gridW, a, 4]);
    const ignored = overlap(boxes);
    if (!spec.ignoreClassGate) return ignored;
    const best = tf.max(tf.slice(p, [0, 5], [rows, c]), -1, true);
    return tf.mul(ignored, tf.cast(tf.greater(best, CLASS_GATE_LOGIT), 'float32'));
  });
}
