import * as tf from '@tensorflow/tfjs-core';
import { YoloInputError } from '@yolo-loss/backend';

/** A box as four numbers: `[x1, y1, x2, y2]` (`xyxy`) or `[cx, cy, w, h]` (`xywh`). */
export type Box4 = readonly [number, number, number, number];

/** The two box layouts: corners (`xyxy`) or centre and size (`xywh`). */
export type BoxFormat = 'xyxy' | 'xywh';

/**
 * Centre/size → corners: `[cx, cy, w, h]` → `[cx − w/2, cy − h/2, cx + w/2, cy + h/2]`.
 *
 * @param box - a plain `[cx, cy, w, h]`, or a tensor `[..., 4]` in that layout.
 * @returns the same kind (plain array or tensor `[..., 4]`) in `xyxy`.
 */
export function xywhToXyxy(box: Box4): [number, number, number, number];
export function xywhToXyxy(box: tf.Tensor): tf.Tensor;
export function xywhToXyxy(box: Box4 | tf.Tensor): [number, number, number, number] | tf.Tensor {
  if (box instanceof tf.Tensor) {
    assertLastDim4(box, 'box');
    return tf.tidy(() => {
      const [c, s] = tf.split(box, [2, 2], -1) as [tf.Tensor, tf.Tensor];
      const half = tf.mul(s, 0.5);
      return tf.concat([tf.sub(c, half), tf.add(c, half)], -1);
    });
  }
  const [cx, cy, w, h] = checkedBox(box, 'box');
  return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
}

/**
 * Corners → centre/size: `[x1, y1, x2, y2]` → `[(x1 + x2)/2, (y1 + y2)/2, x2 − x1, y2 − y1]`.
 *
 * @param box - a plain `[x1, y1, x2, y2]`, or a tensor `[..., 4]` in that layout.
 * @returns the same kind (plain array or tensor `[..., 4]`) in `xywh`.
 */
export function xyxyToXywh(box: Box4): [number, number, number, number];
export function xyxyToXywh(box: tf.Tensor): tf.Tensor;
export function xyxyToXywh(box: Box4 | tf.Tensor): [number, number, number, number] | tf.Tensor {
  if (box instanceof tf.Tensor) {
    assertLastDim4(box, 'box');
    return tf.tidy(() => {
      const [p1, p2] = tf.split(box, [2, 2], -1) as [tf.Tensor, tf.Tensor];
      return tf.concat([tf.mul(tf.add(p1, p2), 0.5), tf.sub(p2, p1)], -1);
    });
  }
  const [x1, y1, x2, y2] = checkedBox(box, 'box');
  return [(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1];
}

function assertLastDim4(t: tf.Tensor, name: string): void {
  if (t.rank === 0 || t.shape[t.rank - 1] !== 4) {
    throw new YoloInputError(`${name}: expected a tensor of shape [..., 4], got [${t.shape.join(', ')}]`);
  }
}

function checkedBox(box: Box4, name: string): Box4 {
  if (!Array.isArray(box) || box.length !== 4) {
    throw new YoloInputError(`${name}: expected 4 numbers, got ${JSON.stringify(box)}`);
  }
  box.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new YoloInputError(`${name}[${i}]: expected a finite number, got ${String(v)}`);
    }
  });
  return box;
}
