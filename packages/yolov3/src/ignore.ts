import * as tf from '@tensorflow/tfjs-core';
import { decodeAnchorBoxes, detached, overlapMask, xywhToXyxy } from '@yolo-loss/geometry';
import { priorBoxes } from './boxes.js';
import type { ResolvedYolov3Config } from './config.js';

/**
 * The ignore mask of one head in the loss's row layout, `[rows, 1]` (1 = IoU with some GT of the
 * image `> ignoreThreshold`, geometry's `overlapMask`), under stop-gradient:
 * `ignoreBasis: 'prediction'` compares the decoded predicted boxes, `'prior'` the anchor boxes
 * centred on their cells.
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
    tf.reshape(overlapMask(xywhToXyxy(boxes), gtBoxes, gtValid, config.ignoreThreshold), [rows, 1]);
  return config.ignoreBasis === 'prediction'
    ? detached(tbox, (t) =>
        compare(
          decodeAnchorBoxes(
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
