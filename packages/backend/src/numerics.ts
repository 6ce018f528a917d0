import * as tf from '@tensorflow/tfjs-core';
import { describe } from './config.js';
import { YoloInputError } from './errors.js';

/** CIoU's `α = v / (1 − IoU + v + 1e-7)`: the constant in its denominator (torchvision's default eps). */
export const CIOU_ALPHA_EPS = 1e-7;

/**
 * Binary cross-entropy from logits, element-wise:
 * `max(z, 0) − z·t + log(1 + e^{−|z|})` — finite for any finite `z` (±80 included).
 *
 * The gradient is written out (`σ(z) − t` for `z`, `−z` for `t`) because autodiff through
 * `max` and `|z|` gets `z = 0` wrong: both kinks report slope 0 there, giving `−t`
 * instead of `½ − t`.
 *
 * @param logits - any shape, float32.
 * @param targets - same shape as `logits` (or broadcastable), values in [0, 1].
 * @returns the element-wise loss, the broadcast shape.
 */
export function bceWithLogits(logits: tf.Tensor, targets: tf.Tensor): tf.Tensor {
  checkTensor(logits, 'bceWithLogits: logits');
  checkTensor(targets, 'bceWithLogits: targets');
  const [a, b] = [logits.shape, targets.shape];
  for (let i = 1; i <= Math.min(a.length, b.length); i++) {
    const [da, db] = [a[a.length - i]!, b[b.length - i]!];
    if (da !== db && da !== 1 && db !== 1) {
      throw new YoloInputError(`bceWithLogits: targets: shape [${b.join(', ')}] does not broadcast with logits [${a.join(', ')}]`);
    }
  }
  const op = tf.customGrad((z, t, save) => {
    const zt = z as tf.Tensor;
    const tt = t as tf.Tensor;
    (save as tf.GradSaveFunc)([zt, tt]);
    const value = tf.add(
      tf.sub(tf.relu(zt), tf.mul(zt, tt)),
      tf.log1p(tf.exp(tf.neg(tf.abs(zt)))),
    );
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [zs, ts] = saved as [tf.Tensor, tf.Tensor];
      const dz = tf.mul(dy, tf.sub(tf.sigmoid(zs), ts));
      const dt = tf.mul(dy, tf.neg(zs));
      return [reduceTo(dz, zs.shape), reduceTo(dt, ts.shape)];
    };
    return { value, gradFunc };
  });
  return op(logits, targets);
}

/**
 * `√(max(x, 0) + eps)`: a square root whose gradient stays finite at 0
 * (`1 / (2·√eps)` there) and is 0 for negative inputs.
 *
 * @param x - any shape.
 * @param eps - added under the root; the YOLOv1 loss uses 1e-9.
 */
export function safeSqrt(x: tf.Tensor, eps = 1e-9): tf.Tensor {
  checkTensor(x, 'safeSqrt: x');
  if (typeof eps !== 'number' || !Number.isFinite(eps) || eps < 0) {
    throw new YoloInputError(`safeSqrt: eps: expected a finite number >= 0, got ${describe(eps)}`);
  }
  return tf.sqrt(tf.add(tf.relu(x), eps));
}

/**
 * `a / b` where `b ≠ 0`, else 0 — with a finite gradient everywhere: the denominator is
 * replaced before dividing, so no masked-out NaN or Infinity reaches the backward pass.
 *
 * @param a - numerator, broadcastable with `b`.
 * @param b - denominator.
 */
export function divOrZero(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const zero = tf.equal(b, 0);
  const safeB = tf.where(zero, tf.onesLike(b), b);
  const q = tf.div(a, safeB);
  return tf.where(tf.broadcastTo(zero, q.shape), tf.zerosLike(q), q);
}

/** Sums a broadcast gradient back down to `shape` (numpy broadcasting rules). */
function reduceTo(g: tf.Tensor, shape: number[]): tf.Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  return tf.reshape(tf.sum(g, axes), shape);
}

/** Throws naming `name` unless `v` is a live `tf.Tensor`. */
function checkTensor(v: unknown, name: string): asserts v is tf.Tensor {
  if (!(v instanceof tf.Tensor)) throw new YoloInputError(`${name}: expected a tf.Tensor, got ${describe(v)}`);
}
