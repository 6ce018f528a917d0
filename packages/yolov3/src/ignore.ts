import * as tf from '@tensorflow/tfjs-core';
import { iou as boxIou } from '@yolo-loss/geometry';
import { decodeHeadBoxes, priorBoxes, toXyxy } from './boxes.js';
import type { ResolvedYolov3Config } from './config.js';
import { detached } from './detach.js';

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
 * The ignore mask of one head in the loss's row layout, `[rows, 1]` (1 = IoU with some GT of the
 * image `> ignoreThreshold`), under stop-gradient: `ignoreBasis: 'prediction'` compares the
 * decoded predicted boxes, `'prior'` the anchor boxes centred on their cells.
 *
 * @param tbox - `[rows, 4]` raw `tx, ty, tw, th` of the head, rows `((n·H + row)·W + col)·A + a`.
 */
export function headIgnoreMask(
  config: ResolvedYolov3Config,
  head: number,
  tbox: tf.Tensor,
  shape: { batchSize: number; gridH: number; gridW: number; numAnchors: number },
  gtBoxes: tf.Tensor,
  gtValid: tf.Tensor,
): tf.Tensor {
  const { batchSize, gridH, gridW, numAnchors: a } = shape;
  const mask = config.masks[head]!;
  const rows = batchSize * gridH * gridW * a;
  const compare = (boxes: tf.Tensor) =>
    tf.reshape(overlapMask(toXyxy(boxes), gtBoxes, gtValid, config.ignoreThreshold), [rows, 1]);
  return config.ignoreBasis === 'prediction'
    ? detached(tbox, (t) =>
        compare(
          decodeHeadBoxes(
            tf.reshape(t, [batchSize, gridH * gridW, a, 4]),
            gridH,
            gridW,
            config.anchors,
            mask,
            config.inputSize,
          ),
        ),
      )
    : tf.tidy(() => compare(priorBoxes(gridH, gridW, config.anchors, mask, config.inputSize)));
}
