import * as tf from '@tensorflow/tfjs-core';
import type { Reduction } from '@yolo-loss/backend';
import { describe } from './validate-tensor.js';
import { YoloInputError } from '@yolo-loss/backend';

/**
 * Reduces an element-wise loss. `'mean'` of an empty tensor is 0 (not NaN), and the result
 * stays connected to `loss` so gradients of an empty input are empty zeros.
 *
 * @param loss - any shape.
 * @param reduction - `'none'` returns `loss` itself; `'mean'` and `'sum'` (the library's one
 *   `Reduction` type, from `@yolo-loss/backend`) return a scalar.
 */
export function reduceLoss(loss: tf.Tensor, reduction: Reduction | 'none'): tf.Tensor {
  if (!(loss instanceof tf.Tensor)) throw new YoloInputError(`reduceLoss: loss: expected a tf.Tensor, got ${describe(loss)}`);
  switch (checkReduction(reduction, 'reduceLoss: reduction')) {
    case 'none':
      return loss;
    case 'sum':
      return loss.size === 0 ? emptySum(loss) : tf.sum(loss);
    case 'mean':
      return loss.size === 0 ? emptySum(loss) : tf.div(tf.sum(loss), loss.size);
  }
}

/**
 * A scalar 0 that depends on the empty `loss`, built without a `Sum` over an empty tensor
 * (`tf.broadcastTo([1] → [0])` returns `[1]` in tfjs-core 4.22, which breaks Sum's gradient).
 */
function emptySum(loss: tf.Tensor): tf.Tensor {
  return tf.reshape(tf.concat([tf.reshape(loss, [-1]), tf.zeros([1])]), []);
}

/** Validates a `reduction` option (default `'none'`). @internal */
export function checkReduction(reduction: unknown, name = 'options.reduction'): Reduction | 'none' {
  if (reduction === undefined) return 'none';
  if (reduction !== 'none' && reduction !== 'mean' && reduction !== 'sum') {
    throw new YoloInputError(`${name}: expected 'none', 'mean' or 'sum', got ${describe(reduction)}`);
  }
  return reduction;
}
