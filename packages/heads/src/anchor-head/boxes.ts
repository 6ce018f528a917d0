import * as tf from '@tensorflow/tfjs-core';
import { decodeAnchorBoxes } from '../decode/anchor-decode.js';
import { anchorGrid } from '../grid/grid.js';
import type { AnchorHeadSpec } from './spec.js';

/** The grid of one head and the batch size. */
export interface HeadGeometry {
  batchSize: number;
  gridH: number;
  gridW: number;
  numAnchors: number;
}

/**
 * The decoded boxes of head `head` in the loss's row layout: `[rows, 4]` raw box channels →
 * `[rows, 4]` image-normalised `xywh`, `x = (s·σ(tx) − (s − 1)/2 + col)/W` with the head's
 * `scaleXY` `s`, `w = p_w·e^{tw}/inputW`. Differentiable.
 *
 * @param tbox - `[rows, 4]`, rows `((n·H + row)·W + col)·A + a`.
 */
export function decodeRows(spec: AnchorHeadSpec, head: number, tbox: tf.Tensor, g: HeadGeometry): tf.Tensor {
  return tf.tidy(() =>
    tf.reshape(
      decodeAnchorBoxes(
        tf.reshape(tbox, [g.batchSize, g.gridH * g.gridW, g.numAnchors, 4]),
        g.gridH,
        g.gridW,
        spec.anchors,
        spec.masks[head]!,
        spec.inputSize,
        spec.scaleXY[head],
      ),
      [-1, 4],
    ),
  );
}

/**
 * The anchor ("prior") boxes of a head, `[1, H·W, A, 4]` image-normalised `xywh`: anchor size,
 * centred on the centre of each cell (the ignore rule's `'prior'` basis).
 */
export function priorBoxes(spec: AnchorHeadSpec, head: number, gridH: number, gridW: number): tf.Tensor {
  return tf.tidy(() => {
    const { col, row, anchorWh } = anchorGrid(gridH, gridW, spec.anchors, spec.masks[head]!, spec.inputSize);
    const a = spec.masks[head]!.length;
    const cell = tf.concat([col, row], -1);
    const size = tf.tensor([gridW, gridH], [1, 1, 1, 2]);
    const xy = tf.broadcastTo(tf.div(tf.add(cell, 0.5), size), [1, gridH * gridW, a, 2]);
    const wh = tf.broadcastTo(anchorWh, [1, gridH * gridW, a, 2]);
    return tf.concat([xy, wh], -1);
  });
}
