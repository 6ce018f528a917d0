import * as tf from '@tensorflow/tfjs-core';
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
 * boxes `[N, H·W, A, 4]`: `x = (σ(tx) + col)/W`, `y = (σ(ty) + row)/H`, `w = p_w·e^{tw}/inputW`,
 * `h = p_h·e^{th}/inputH`, sizes capped at {@link MAX_BOX_SIZE} (LOSSES.md §3).
 */
export function decodeHeadBoxes(
  tbox: tf.Tensor,
  gridH: number,
  gridW: number,
  anchors: readonly (readonly [number, number])[],
  mask: readonly number[],
  inputSize: readonly [number, number],
): tf.Tensor {
  return tf.tidy(() => {
    const { col, row, anchorWh } = gridConstants(gridH, gridW, anchors, mask, inputSize);
    const [txy, twh] = tf.split(tbox, 2, -1) as [tf.Tensor, tf.Tensor];
    const cell = tf.concat([col, row], -1);
    const size = tf.tensor([gridW, gridH], [1, 1, 1, 2]);
    const xy = tf.div(tf.add(tf.sigmoid(txy), cell), size);
    const wh = tf.minimum(tf.mul(tf.exp(twh), anchorWh), MAX_BOX_SIZE);
    return tf.concat([xy, wh], -1);
  });
}

/**
 * The anchor ("prior") boxes of a head, `[1, H·W, A, 4]` image-normalised `xywh`: anchor size,
 * centred on the centre of each cell (LOSSES.md §3 `ignoreBasis: 'prior'`).
 */
export function priorBoxes(
  gridH: number,
  gridW: number,
  anchors: readonly (readonly [number, number])[],
  mask: readonly number[],
  inputSize: readonly [number, number],
): tf.Tensor {
  return tf.tidy(() => {
    const { col, row, anchorWh } = gridConstants(gridH, gridW, anchors, mask, inputSize);
    const a = mask.length;
    const cell = tf.concat([col, row], -1);
    const size = tf.tensor([gridW, gridH], [1, 1, 1, 2]);
    const xy = tf.broadcastTo(tf.div(tf.add(cell, 0.5), size), [1, gridH * gridW, a, 2]);
    const wh = tf.broadcastTo(anchorWh, [1, gridH * gridW, a, 2]);
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
