import * as tf from '@tensorflow/tfjs-core';
import { bceWithLogits } from '@yolo-loss/backend';

/**
 * Binary cross-entropy from logits with a positive-class weight `p` (PyTorch's
 * `BCEWithLogitsLoss(pos_weight=p)`): `−[p·t·log σ(z) + (1 − t)·log(1 − σ(z))]`, computed as
 * `(1 − t)·z + (1 + (p − 1)·t)·(log(1 + e^{−|z|}) + max(−z, 0))`, finite for any finite `z`. With
 * `p = 1` everywhere it is backend's `bceWithLogits`. The gradient is written out
 * (`(1 − t) − (1 + (p − 1)·t)·σ(−z)`), as autodiff through `|z|` and `max` is wrong at `z = 0`;
 * no gradient flows to `t` (the targets are constants of the step).
 *
 * @param logits - `[M, C]`.
 * @param targets - `[M, C]`, values in [0, 1].
 * @param posWeight - one weight for every class, or one per class (`[C]`).
 * @returns `[M, C]` element-wise losses.
 */
export function classBce(logits: tf.Tensor, targets: tf.Tensor, posWeight: number | readonly number[]): tf.Tensor {
  const weights = typeof posWeight === 'number' ? [posWeight] : posWeight;
  if (weights.every((p) => p === 1)) return bceWithLogits(logits, targets);
  const p = tf.tensor1d(Float32Array.from(weights));
  const op = tf.customGrad((z, t, save) => {
    const zt = z as tf.Tensor;
    const tt = t as tf.Tensor;
    const logWeight = tf.add(tf.mul(tf.sub(p, 1), tt), 1);
    (save as tf.GradSaveFunc)([zt, tt, logWeight]);
    const softplusNeg = tf.add(tf.log1p(tf.exp(tf.neg(tf.abs(zt)))), tf.relu(tf.neg(zt)));
    const value = tf.add(tf.mul(tf.sub(1, tt), zt), tf.mul(logWeight, softplusNeg));
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [zs, ts, lw] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
      const dz = tf.mul(dy, tf.sub(tf.sub(1, ts), tf.mul(lw, tf.sigmoid(tf.neg(zs)))));
      return [dz, tf.zerosLike(ts)];
    };
    return { value, gradFunc };
  });
  const result = op(logits, targets);
  p.dispose();
  return result;
}
