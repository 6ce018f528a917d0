import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedYolov4Config } from './config.js';
import { gridConstants } from './grid.js';

/**
 * Decoded widths and heights are capped at this many image sizes (`e^{tw}` overflows float32
 * areas and squared diagonals long before): beyond it the box term saturates with a zero
 * gradient instead of `∞ − ∞ = NaN` (e.g. GIoU's `(C − U) / C` at `tw = 50`). Real boxes are
 * ≤ 1, so values and gradients are exact wherever a box is less than 10⁴ images wide.
 */
export const MAX_BOX_SIZE = 1e4;

/**
 * Decodes the raw box channels `[N, H·W, A, 4]` (`tx, ty, tw, th`) into image-normalised `xywh`
 * boxes `[N, H·W, A, 4]` (LOSSES.md §4): `x = (s·σ(tx) − (s − 1)/2 + col)/W`, `y` alike,
 * `w = p_w·e^{tw}/inputW`, `h = p_h·e^{th}/inputH` (sizes capped at {@link MAX_BOX_SIZE}). Differentiable.
 *
 * @param scale - the head's `scaleXY` (`s`).
 */
export function decodeHeadBoxes(
  tbox: tf.Tensor,
  gridH: number,
  gridW: number,
  anchors: readonly (readonly [number, number])[],
  mask: readonly number[],
  inputSize: readonly [number, number],
  scale: number,
): tf.Tensor {
  return tf.tidy(() => {
    const { col, row, anchorWh } = gridConstants(gridH, gridW, anchors, mask, inputSize);
    const [txy, twh] = tf.split(tbox, 2, -1) as [tf.Tensor, tf.Tensor];
    const cell = tf.concat([col, row], -1);
    const size = tf.tensor([gridW, gridH], [1, 1, 1, 2]);
    const offset = tf.sub(tf.mul(tf.sigmoid(txy), scale), (scale - 1) / 2);
    const xy = tf.div(tf.add(offset, cell), size);
    const wh = tf.minimum(tf.mul(tf.exp(twh), anchorWh), MAX_BOX_SIZE);
    return tf.concat([xy, wh], -1);
  });
}

/** `xywh` → `xyxy` on `[..., 4]`. */
export function toXyxy(xywh: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [c, s] = tf.split(xywh, 2, -1) as [tf.Tensor, tf.Tensor];
    const half = tf.mul(s, 0.5);
    return tf.concat([tf.sub(c, half), tf.add(c, half)], -1);
  });
}

/** The grid of one head and the batch size. */
export interface HeadGeometry {
  batchSize: number;
  gridH: number;
  gridW: number;
  numAnchors: number;
}

/**
 * {@link decodeHeadBoxes} in the loss's row layout: `[rows, 4]` raw box channels → `[rows, 4]`
 * image-normalised `xywh`, with head `head`'s anchors and `scaleXY`.
 */
export function decodeRows(
  config: ResolvedYolov4Config,
  head: number,
  tbox: tf.Tensor,
  { batchSize, gridH, gridW, numAnchors }: HeadGeometry,
): tf.Tensor {
  return tf.tidy(() =>
    tf.reshape(
      decodeHeadBoxes(
        tf.reshape(tbox, [batchSize, gridH * gridW, numAnchors, 4]),
        gridH,
        gridW,
        config.anchors,
        config.masks[head]!,
        config.inputSize,
        config.scaleXY[head]!,
      ),
      [-1, 4],
    ),
  );
}
