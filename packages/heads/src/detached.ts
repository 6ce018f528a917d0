import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `fn(x)` under stop-gradient: the ops inside are not recorded on the gradient tape (they
 * run inside a custom-gradient forward pass) and the gradient to `x` is zero. For what a loss
 * does not differentiate (assignment, IoU targets, ignore masks), so no backward pass runs
 * through IoU divisions.
 *
 * @param x - the input, any shape.
 * @param fn - the computation; its result is returned.
 */
export function detached(x: tf.Tensor, fn: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  const op = tf.customGrad((input) => {
    const t = input as tf.Tensor;
    return { value: fn(t), gradFunc: () => tf.zerosLike(t) };
  });
  return op(x);
}
