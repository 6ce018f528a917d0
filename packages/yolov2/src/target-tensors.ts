import * as tf from '@tensorflow/tfjs-core';
import type { Yolov2Targets } from './targets.js';

/** The slot targets of {@link Yolov2Targets} as tensors (`[N, H, W, A]` unless stated). */
export interface TargetTensors {
  responsible: tf.Tensor4D;
  offsetX: tf.Tensor4D;
  offsetY: tf.Tensor4D;
  sizeW: tf.Tensor4D;
  sizeH: tf.Tensor4D;
  logW: tf.Tensor4D;
  logH: tf.Tensor4D;
  /** The owning GT of each slot, `[N·H·W·A, 4]` `xywh` in image units. */
  gt: tf.Tensor2D;
  scale: tf.Tensor4D;
  /** `[N·H·W, A, C]`. */
  classes: tf.Tensor3D;
  /** Every GT of the image, `[N, 1, M, 4]` `xywh` in image units (zero-size rows are padding). */
  all: tf.Tensor4D;
}

/** The per-slot fields of {@link TargetTensors}, in the order of a packed record. */
export const SLOT_FIELDS = ['offsetX', 'offsetY', 'sizeW', 'sizeH', 'logW', 'logH', 'gtX', 'gtY', 'gtW', 'gtH', 'scale'] as const;

/**
 * The target tensors from dense per-slot parts (call inside a `tf.tidy`).
 *
 * @param responsible - `[N, H, W, A]`.
 * @param fields - `[N·H·W·A, 11]` the {@link SLOT_FIELDS} of each slot.
 * @param classes - `[N·H·W, A, C]`.
 * @param all - `[N, 1, M, 4]`.
 */
export function targetTensors(responsible: tf.Tensor4D, fields: tf.Tensor2D, classes: tf.Tensor3D, all: tf.Tensor4D): TargetTensors {
  const shape = responsible.shape;
  const f = tf.split(fields, SLOT_FIELDS.length, 1).map((t) => tf.reshape<tf.Rank.R4>(t, shape));
  const field = (name: (typeof SLOT_FIELDS)[number]): tf.Tensor4D => f[SLOT_FIELDS.indexOf(name)]!;
  return {
    responsible,
    offsetX: field('offsetX'),
    offsetY: field('offsetY'),
    sizeW: field('sizeW'),
    sizeH: field('sizeH'),
    logW: field('logW'),
    logH: field('logH'),
    gt: tf.slice(fields, [0, 6], [-1, 4]),
    scale: field('scale'),
    classes,
    all,
  };
}

/** Uploads encoded targets (small dense tensors; call inside a `tf.tidy`). */
export function uploadTargets(t: Yolov2Targets): TargetTensors {
  const { batchSize: N, gridH: H, gridW: W, numClasses: C, maxGt: M } = t;
  const A = t.anchors.length;
  const slots = N * H * W * A;
  const fields = new Float32Array(slots * SLOT_FIELDS.length);
  SLOT_FIELDS.forEach((name, k) => {
    const data = t[name];
    for (let s = 0; s < slots; s++) fields[s * SLOT_FIELDS.length + k] = data[s]!;
  });
  return targetTensors(
    tf.tensor4d(t.responsible, [N, H, W, A]),
    tf.tensor2d(fields, [slots, SLOT_FIELDS.length]),
    tf.tensor3d(t.classes, [N * H * W, A, C]),
    tf.tensor4d(t.allGt, [N, 1, M, 4]),
  );
}
