import * as tf from '@tensorflow/tfjs-core';
import type { Yolov1Targets } from './targets.js';

/** The per-cell targets of {@link Yolov1Targets} as tensors (`[N, H, W, 1]` unless stated). */
export interface TargetTensors {
  objCell: tf.Tensor4D;
  /** The owning GT, image units. */
  gt: { x: tf.Tensor4D; y: tf.Tensor4D; w: tf.Tensor4D; h: tf.Tensor4D };
  /** The owning GT as `[N·H·W, 1, 4]` `xywh`, image units. */
  gtXywh: tf.Tensor3D;
  /** `x̂, ŷ` (offsets in the cell) and `√ŵ, √ĥ`. */
  ox: tf.Tensor4D;
  oy: tf.Tensor4D;
  osw: tf.Tensor4D;
  osh: tf.Tensor4D;
  /** `[N, H, W, C]` one-hot classes. */
  classes: tf.Tensor4D;
}

/**
 * The target tensors from their dense per-cell parts (call inside a `tf.tidy`).
 *
 * @param objCell - `[N, H, W, 1]`.
 * @param gtBox - `[N, H, W, 4]` the owning GT's `xywh`.
 * @param offsets - `[N, H, W, 4]` `x̂, ŷ, √ŵ, √ĥ`.
 * @param classes - `[N, H, W, C]`.
 */
export function targetTensors(
  objCell: tf.Tensor4D,
  gtBox: tf.Tensor4D,
  offsets: tf.Tensor4D,
  classes: tf.Tensor4D,
): TargetTensors {
  const [n, h, w] = objCell.shape;
  const [gx, gy, gw, gh] = tf.split<tf.Tensor4D>(gtBox, 4, 3) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
  const [ox, oy, osw, osh] = tf.split<tf.Tensor4D>(offsets, 4, 3) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
  return {
    objCell,
    gt: { x: gx, y: gy, w: gw, h: gh },
    gtXywh: tf.reshape(gtBox, [n * h * w, 1, 4]),
    ox,
    oy,
    osw,
    osh,
    classes,
  };
}

/** Uploads encoded targets (small dense tensors; call inside a `tf.tidy`). */
export function uploadTargets(t: Yolov1Targets): TargetTensors {
  const { batchSize: N, gridH: H, gridW: W, numClasses: C } = t;
  return targetTensors(
    tf.tensor4d(t.objCell, [N, H, W, 1]),
    tf.tensor4d(t.gtBox, [N, H, W, 4]),
    tf.tensor4d(t.offsets, [N, H, W, 4]),
    tf.tensor4d(t.classes, [N, H, W, C]),
  );
}
