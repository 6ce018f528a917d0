import * as tf from '@tensorflow/tfjs-core';
import { YOLOV8_CIOU_EPS as CIOU_EPS } from '@yolo-loss/backend/kernels';
import { stopGradient } from '@yolo-loss/geometry';

/** Boxes as four corner tensors that broadcast against each other (e.g. `[G, 1]` against `[1, A]`). */
export interface Corners {
  x1: tf.Tensor;
  y1: tf.Tensor;
  x2: tf.Tensor;
  y2: tf.Tensor;
}

const FOUR_OVER_PI_SQUARED = 4 / Math.PI ** 2;

/**
 * Complete IoU in ultralytics' corner form (YOLOv8's `bbox_iou(xywh=False, CIoU=True)`), which
 * differs from torchvision's (geometry's `ciou`) in where eps goes: `w = x2 − x1`,
 * `h = y2 − y1 + 1e-7` (the heights only), `IoU = I / (w₁h₁ + w₂h₂ − I + 1e-7)`,
 * `c² = cw² + ch² + 1e-7`, `ρ² = ((Σx-edges₂ − Σx-edges₁)² + (…y)²) / 4`,
 * `v = 4/π² (atan(w₂/h₂) − atan(w₁/h₁))²`, `α = v / (v − IoU + 1 + 1e-7)` under stop-gradient, and
 * `CIoU = IoU − (ρ²/c² + α·v)`. Every denominator is at least 1e-7 (heights carry the eps and
 * decoded widths and heights are `≥ 0`), so values and gradients are finite. No tidy.
 *
 * @returns the broadcast shape of the corner tensors.
 */
export function ultralyticsCiou(a: Corners, b: Corners): tf.Tensor {
  const w1 = tf.sub(a.x2, a.x1);
  const h1 = tf.add(tf.sub(a.y2, a.y1), CIOU_EPS);
  const w2 = tf.sub(b.x2, b.x1);
  const h2 = tf.add(tf.sub(b.y2, b.y1), CIOU_EPS);
  const iw = tf.relu(tf.sub(tf.minimum(a.x2, b.x2), tf.maximum(a.x1, b.x1)));
  const ih = tf.relu(tf.sub(tf.minimum(a.y2, b.y2), tf.maximum(a.y1, b.y1)));
  const inter = tf.mul(iw, ih);
  const union = tf.add(tf.sub(tf.add(tf.mul(w1, h1), tf.mul(w2, h2)), inter), CIOU_EPS);
  const iou = tf.div(inter, union);
  const cw = tf.sub(tf.maximum(a.x2, b.x2), tf.minimum(a.x1, b.x1));
  const ch = tf.sub(tf.maximum(a.y2, b.y2), tf.minimum(a.y1, b.y1));
  const c2 = tf.add(tf.add(tf.square(cw), tf.square(ch)), CIOU_EPS);
  const dx = tf.sub(tf.sub(tf.add(b.x1, b.x2), a.x1), a.x2);
  const dy = tf.sub(tf.sub(tf.add(b.y1, b.y2), a.y1), a.y2);
  const rho2 = tf.div(tf.add(tf.square(dx), tf.square(dy)), 4);
  const v = tf.mul(tf.square(tf.sub(tf.atan(tf.div(w2, h2)), tf.atan(tf.div(w1, h1)))), FOUR_OVER_PI_SQUARED);
  const alpha = stopGradient(tf.div(v, tf.add(tf.sub(v, iou), 1 + CIOU_EPS)));
  return tf.sub(iou, tf.add(tf.div(rho2, c2), tf.mul(v, alpha)));
}
