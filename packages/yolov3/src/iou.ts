import * as tf from '@tensorflow/tfjs-core';
import { divOrZero } from '@yolo-loss/backend';

/**
 * Element-wise IoU of broadcastable `xyxy` boxes `[..., 4]`, the loss-internal form of
 * LOSSES.md §0: intersection clamped at 0, `I / U`, 0 when `U = 0`. Used under stop-gradient
 * only (the ignore rule).
 */
export function plainIou(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [ax1, ay1, ax2, ay2] = tf.split(a, 4, -1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const [bx1, by1, bx2, by2] = tf.split(b, 4, -1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const iw = tf.relu(tf.sub(tf.minimum(ax2, bx2), tf.maximum(ax1, bx1)));
    const ih = tf.relu(tf.sub(tf.minimum(ay2, by2), tf.maximum(ay1, by1)));
    const inter = tf.mul(iw, ih);
    const areaA = tf.mul(tf.sub(ax2, ax1), tf.sub(ay2, ay1));
    const areaB = tf.mul(tf.sub(bx2, bx1), tf.sub(by2, by1));
    const union = tf.sub(tf.add(areaA, areaB), inter);
    return tf.squeeze(divOrZero(inter, union), [-1]);
  });
}
