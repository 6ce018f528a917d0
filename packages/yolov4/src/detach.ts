import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `fn(x)` under stop-gradient: the ops inside are not recorded on the gradient tape
 * (they run inside a custom-gradient forward pass) and the gradient to `x` is zero. Used for
 * everything LOSSES.md §0 says is not differentiated (assignment, IoU targets, ignore masks),
 * so no backward pass runs through IoU divisions.
 */
export function detached(x: tf.Tensor, fn: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  const op = tf.customGrad((input) => {
    const t = input as tf.Tensor;
    return { value: fn(t), gradFunc: () => tf.zerosLike(t) };
  });
  return op(x);
}
