import * as tf from '@tensorflow/tfjs-core';
import { divOrZero } from '@yolo-loss/backend';

/** A box as four broadcastable tensors: centre and size. */
export interface BoxParts {
  x: tf.Tensor;
  y: tf.Tensor;
  w: tf.Tensor;
  h: tf.Tensor;
}

/**
 * Element-wise IoU of centre-format boxes as the losses define it (LOSSES.md §0): the
 * intersection clamped at 0, `I / U`, and 0 when `U = 0`; no eps.
 * (Local until `@yolo-loss/geometry` exports an eps-free variant; geometry's `iou` uses
 * torchvision's eps.)
 */
export function iouParts(a: BoxParts, b: BoxParts): tf.Tensor {
  const iw = tf.relu(
    tf.sub(
      tf.minimum(tf.add(a.x, tf.div(a.w, 2)), tf.add(b.x, tf.div(b.w, 2))),
      tf.maximum(tf.sub(a.x, tf.div(a.w, 2)), tf.sub(b.x, tf.div(b.w, 2))),
    ),
  );
  const ih = tf.relu(
    tf.sub(
      tf.minimum(tf.add(a.y, tf.div(a.h, 2)), tf.add(b.y, tf.div(b.h, 2))),
      tf.maximum(tf.sub(a.y, tf.div(a.h, 2)), tf.sub(b.y, tf.div(b.h, 2))),
    ),
  );
  const inter = tf.mul(iw, ih);
  const union = tf.sub(tf.add(tf.mul(a.w, a.h), tf.mul(b.w, b.h)), inter);
  return divOrZero(inter, union);
}
