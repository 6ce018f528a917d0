import * as tf from '@tensorflow/tfjs-core';
import { anchorGrid } from '@yolo-loss/geometry';

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
    const { col, row, anchorWh } = anchorGrid(gridH, gridW, anchors, mask, inputSize);
    const a = mask.length;
    const cell = tf.concat([col, row], -1);
    const size = tf.tensor([gridW, gridH], [1, 1, 1, 2]);
    const xy = tf.broadcastTo(tf.div(tf.add(cell, 0.5), size), [1, gridH * gridW, a, 2]);
    const wh = tf.broadcastTo(anchorWh, [1, gridH * gridW, a, 2]);
    return tf.concat([xy, wh], -1);
  });
}
