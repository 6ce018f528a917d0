import * as tf from '@tensorflow/tfjs-core';

/**
 * `tf.gather(x, rows)` along axis 0 with a linear backward pass: a `scatterND` sum of `dy` into
 * the rows (duplicates add up). tfjs' own gather gradient is an `unsortedSegmentSum`, which the
 * CPU backend computes with one pass over the gathered rows per row of `x` — quadratic, minutes at
 * 640² where `x` has 150 000 rows.
 *
 * @param x - `[R, K]`.
 * @param rows - `[P]` int32 row indices into `x`.
 * @returns `[P, K]`.
 */
export function gatherRows(x: tf.Tensor2D, rows: tf.Tensor1D): tf.Tensor2D {
  const op = tf.customGrad((input, save) => {
    const t = input as tf.Tensor2D;
    (save as tf.GradSaveFunc)([rows]);
    const value = tf.gather(t, rows);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor =>
      tf.scatterND(tf.reshape(saved[0]!, [-1, 1]), dy, t.shape);
    return { value, gradFunc };
  });
  return op(x);
}
