import * as tf from '@tensorflow/tfjs-core';
import { decodeAnchorBoxes } from '@yolo-loss/geometry';
import type { ResolvedYolov4Config } from './config.js';

/** The grid of one head and the batch size. */
export interface HeadGeometry {
  batchSize: number;
  gridH: number;
  gridW: number;
  numAnchors: number;
}

/**
 * Geometry's `decodeAnchorBoxes` in the loss's row layout (LOSSES.md §4): `[rows, 4]` raw box
 * channels → `[rows, 4]` image-normalised `xywh`, `x = (s·σ(tx) − (s − 1)/2 + col)/W`, with head
 * `head`'s anchors and `scaleXY` (`s`). Differentiable.
 */
export function decodeRows(
  config: ResolvedYolov4Config,
  head: number,
  tbox: tf.Tensor,
  { batchSize, gridH, gridW, numAnchors }: HeadGeometry,
): tf.Tensor {
  return tf.tidy(() =>
    tf.reshape(
      decodeAnchorBoxes(
        tf.reshape(tbox, [batchSize, gridH * gridW, numAnchors, 4]),
        gridH,
        gridW,
        config.anchors,
        config.masks[head]!,
        config.inputSize,
        config.scaleXY[head],
      ),
      [-1, 4],
    ),
  );
}
