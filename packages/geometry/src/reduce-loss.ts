import * as tf from '@tensorflow/tfjs-core';
import { describe } from './validate-tensor.js';

/** How an element-wise loss is reduced: kept as is, averaged, or summed. */
export type Reduction = 'none' | 'mean' | 'sum';

/**
 * Reduces an element-wise loss. `'mean'` of an empty tensor is 0 (not NaN), and the result
 * stays connected to `loss` so gradients of an empty input are empty zeros.
 *
 * @param loss - any shape.
 * @param reduction - `'none'` returns `loss` itself; `'mean'` and `'sum'` return a scalar.
 */
export function reduceLoss(loss: tf.Tensor, reduction: Reduction): tf.Tensor {
  switch (reduction) {
    case 'none':
      return loss;
    case 'sum':
      return tf.sum(loss);
    case 'mean':
      return loss.size === 0 ? tf.sum(loss) : tf.div(tf.sum(loss), loss.size);
  }
}

/** Validates a `reduction` option (default `'none'`). @internal */
export function checkReduction(reduction: unknown, name = 'options.reduction'): Reduction {
  if (reduction === undefined) return 'none';
  if (reduction !== 'none' && reduction !== 'mean' && reduction !== 'sum') {
    throw new Error(`${name}: expected 'none', 'mean' or 'sum', got ${describe(reduction)}`);
  }
  return reduction;
}
