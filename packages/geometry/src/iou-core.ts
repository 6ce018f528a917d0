import * as tf from '@tensorflow/tfjs-core';
import { CIOU_ALPHA_EPS, divOrZero } from '@yolo-loss/backend';
import { stopGradient } from './stop-gradient.js';

/** Which member of the IoU family. */
export type IouKind = 'iou' | 'giou' | 'diou' | 'ciou';

/** The `eps` added to each denominator. @internal */
export interface EpsTerms {
  /** Added to the union `U` in `I / U`. */
  union: number;
  /** Added to the enclosing area `C` in GIoU's `(C − U) / C`. */
  enclosingArea: number;
  /** Added to the squared enclosing diagonal `c²` in DIoU/CIoU's `ρ² / c²`. */
  diagonal: number;
}

/** CIoU's `α = v / (1 − IoU + v + 1e-7)` constant, shared with the fused kernels (`@yolo-loss/backend`). */
export { CIOU_ALPHA_EPS };

const FOUR_OVER_PI_SQUARED = 4 / (Math.PI * Math.PI);

/**
 * The IoU family on corner boxes that broadcast against each other. No validation, no tidy:
 * the public functions do both. Every division goes through `divOrZero`, so values and
 * gradients are finite for zero-size, identical, disjoint and touching boxes, with any eps.
 * @internal
 *
 * @param a - `[..., 4]` xyxy.
 * @param b - `[..., 4]` xyxy, broadcastable with `a`.
 * @returns the broadcast batch shape (all but the last dimension).
 */
export function iouFamily(a: tf.Tensor, b: tf.Tensor, kind: IouKind, eps: EpsTerms): tf.Tensor {
  const [ax1, ay1, ax2, ay2] = tf.unstack(a, -1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const [bx1, by1, bx2, by2] = tf.unstack(b, -1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const aw = tf.sub(ax2, ax1);
  const ah = tf.sub(ay2, ay1);
  const bw = tf.sub(bx2, bx1);
  const bh = tf.sub(by2, by1);

  // Intersection clamped at 0 (relu has slope 0 at 0: a zero-width overlap has no gradient,
  // like torchvision's strict mask).
  const iw = tf.relu(tf.sub(tf.minimum(ax2, bx2), tf.maximum(ax1, bx1)));
  const ih = tf.relu(tf.sub(tf.minimum(ay2, by2), tf.maximum(ay1, by1)));
  const inter = tf.mul(iw, ih);
  const union = tf.sub(tf.add(tf.mul(aw, ah), tf.mul(bw, bh)), inter);
  const iou = divOrZero(inter, tf.add(union, eps.union));
  if (kind === 'iou') return iou;

  // Smallest enclosing box.
  const cw = tf.sub(tf.maximum(ax2, bx2), tf.minimum(ax1, bx1));
  const ch = tf.sub(tf.maximum(ay2, by2), tf.minimum(ay1, by1));
  if (kind === 'giou') {
    const area = tf.mul(cw, ch);
    return tf.sub(iou, divOrZero(tf.sub(area, union), tf.add(area, eps.enclosingArea)));
  }

  const diagonal2 = tf.add(tf.add(tf.square(cw), tf.square(ch)), eps.diagonal);
  const dx = tf.sub(tf.mul(tf.add(ax1, ax2), 0.5), tf.mul(tf.add(bx1, bx2), 0.5));
  const dy = tf.sub(tf.mul(tf.add(ay1, ay2), 0.5), tf.mul(tf.add(by1, by2), 0.5));
  const rho2 = tf.add(tf.square(dx), tf.square(dy));
  const diou = tf.sub(iou, divOrZero(rho2, diagonal2));
  if (kind === 'diou') return diou;

  // v = 4/π² (atan(w_b/h_b) − atan(w_a/h_a))², with atan2 so that h = 0 is finite.
  const v = tf.mul(tf.square(tf.sub(aspectAngle(bw, bh), aspectAngle(aw, ah))), FOUR_OVER_PI_SQUARED);
  // α under stop-gradient, as torchvision's `with torch.no_grad()`.
  const alpha = stopGradient(divOrZero(v, tf.add(tf.add(tf.sub(1, iou), v), CIOU_ALPHA_EPS)));
  return tf.sub(diou, tf.mul(alpha, v));
}

/**
 * `atan2(w, h)`: equals torchvision's `atan(w / h)` for `h > 0`, is `π/2` for `h = 0 < w`.
 * Where `w² + h²` is 0 (both 0, or so small that the squares underflow float32) the inputs
 * are replaced by `(w, 1)` before the call, so that the backward pass (`h / (w² + h²)`)
 * never divides by zero; the angle there is ~0.
 */
function aspectAngle(w: tf.Tensor, h: tf.Tensor): tf.Tensor {
  const tiny = tf.equal(tf.add(tf.square(w), tf.square(h)), 0);
  const safeH = tf.where(tiny, tf.onesLike(h), h);
  return tf.atan2(w, safeH);
}
