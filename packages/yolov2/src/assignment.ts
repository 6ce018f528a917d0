import * as tf from '@tensorflow/tfjs-core';
import type { Assignment } from '@yolo-loss/heads';
import { assignOnDevice } from './assign-on-device.js';
import { uploadTargets } from './target-tensors.js';
import { gridWH, type ResolvedYolov2Config } from './config.js';
import type { Yolov2Targets } from './targets.js';
import type { GtSlot } from './types.js';

/** One responsible slot and the IoU of its decoded box with its GT (the rescore target). */
export interface Yolov2ResponsibleSlot extends GtSlot {
  iou: number;
}

/** A slot `(image, row, col, anchor)`. */
export interface Yolov2Slot {
  image: number;
  row: number;
  col: number;
  anchor: number;
}

/** The assignment the loss uses for a batch, read back for inspection. */
export interface Yolov2Assignment {
  /** One entry per GT that owns a slot, by image then input order. */
  responsible: Yolov2ResponsibleSlot[];
  /** Non-responsible slots with no noobj term (IoU with some GT > `ignoreThreshold`), sorted. */
  ignored: Yolov2Slot[];
  /** GTs that lost their slot. */
  dropped: readonly GtSlot[];
}

/**
 * Reads back what the loss computes on the device for validated predictions and their targets:
 * each responsible slot's IoU target and the ignored slots. Async (`await t.data()`).
 *
 * @param pred - `[N, H, W, A·(5 + C)]`.
 */
export async function readYolov2Assignment(
  pred: tf.Tensor4D,
  targets: Yolov2Targets,
  config: ResolvedYolov2Config,
): Promise<Yolov2Assignment> {
  const assigned = tf.tidy(() => assignOnDevice(pred, uploadTargets(targets), config));
  const data = await assigned.data();
  assigned.dispose();
  const [W, H] = gridWH(config);
  const A = config.anchors.length;
  const at = (n: number, row: number, col: number): number => ((n * H + row) * W + col) * 2 * A;
  const responsible = targets.assigned.map((s) => ({ ...s, iou: data[at(s.image, s.row, s.col) + A + s.anchor]! }));
  const ignored: Yolov2Slot[] = [];
  for (let image = 0; image < targets.batchSize; image++) {
    for (let row = 0; row < H; row++) {
      for (let col = 0; col < W; col++) {
        for (let anchor = 0; anchor < A; anchor++) {
          const slot = ((image * H + row) * W + col) * A + anchor;
          if (targets.responsible[slot] === 0 && data[at(image, row, col) + anchor] === 0) ignored.push({ image, row, col, anchor });
        }
      }
    }
  }
  return { responsible, ignored, dropped: targets.dropped };
}

/** YOLOv2's read-back in the shape every version shares. */
export function yolov2SharedAssignment(a: Yolov2Assignment): Assignment {
  const at = (s: { image: number; row: number; col: number; anchor: number }) => ({
    output: 0,
    image: s.image,
    row: s.row,
    col: s.col,
    anchor: s.anchor,
  });
  const order = (x: { image: number; row: number; col: number; anchor: number }, y: typeof x): number =>
    x.image - y.image || x.row - y.row || x.col - y.col || x.anchor - y.anchor;
  return {
    responsible: [...a.responsible].sort(order).map((s) => ({ ...at(s), gt: s.box, iou: s.iou })),
    ignored: a.ignored.map(at),
    dropped: a.dropped.map((d) => ({ ...at(d), gt: d.box })),
  };
}
