import * as tf from '@tensorflow/tfjs-core';
import { describe } from './validate-tensor.js';
import { YoloInputError } from '@yolo-loss/backend';

const stop = tf.customGrad((x) => {
  const t = x as tf.Tensor;
  return { value: tf.clone(t), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
});

/**
 * The identity in the forward pass, a zero gradient in the backward pass (tfjs-core has no
 * `tf.stopGradient`; this is `torch.no_grad()` / `tf.stop_gradient` for one value).
 *
 * Whatever `x` was computed from still receives a zero gradient through it, so the ops that
 * produced `x` must have finite gradients themselves (0 · NaN is NaN).
 *
 * @param x - any shape and dtype float32.
 * @returns a new tensor, same shape and values as `x`.
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  if (!(x instanceof tf.Tensor)) throw new YoloInputError(`stopGradient: x: expected a tf.Tensor, got ${describe(x)}`);
  return stop(x) as T;
}
