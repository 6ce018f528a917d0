import * as tf from '@tensorflow/tfjs-core';
import { YOLOV2_DECODE_EXP_BOUND } from '@yolo-loss/backend/kernels';
import { gridIndices } from '@yolo-loss/heads';
import { anchorsInCells, gridWH, type ResolvedYolov2Config } from './config.js';

/** The raw outputs of a YOLOv2 head, split: `[N, H, W, A]` each, classes `[N·H·W, A, C]`. */
export interface Yolov2Raw {
  tx: tf.Tensor4D;
  ty: tf.Tensor4D;
  tw: tf.Tensor4D;
  th: tf.Tensor4D;
  to: tf.Tensor4D;
  /** Class logits, rank 3 (tfjs-webgpu breaks on some rank-5 kernels; everything stays <= 4). */
  logits: tf.Tensor3D;
}

/**
 * Splits a validated prediction tensor by channel: anchor `a` owns channels `a·(5+C) + k`,
 * `k = 0..3` → `tx, ty, tw, th`, `4` → `to`, `5 + c` → class `c`.
 *
 * @param pred - `[N, H, W, A·(5 + C)]`.
 */
export function splitHead(pred: tf.Tensor4D, config: ResolvedYolov2Config): Yolov2Raw {
  const [N, H, W] = pred.shape;
  const A = config.anchors.length;
  const C = config.numClasses;
  const perAnchor = tf.reshape<tf.Rank.R3>(pred, [N * H * W, A, 5 + C]);
  const coords = tf.slice(perAnchor, [0, 0, 0], [N * H * W, A, 5]);
  const [tx, ty, tw, th, to] = tf.split(coords, 5, 2).map((t) => tf.reshape(t, [N, H, W, A])) as tf.Tensor4D[];
  return { tx: tx!, ty: ty!, tw: tw!, th: th!, to: to!, logits: tf.slice(perAnchor, [0, 0, 5], [N * H * W, A, C]) };
}

/** Column and row indices `[1, 1, W, 1]`, `[1, H, 1, 1]` and anchor sizes `[1, 1, 1, A]` (float32). */
export function gridConstants(config: ResolvedYolov2Config): {
  col: tf.Tensor4D;
  row: tf.Tensor4D;
  pw: tf.Tensor4D;
  ph: tf.Tensor4D;
} {
  const [W, H] = gridWH(config);
  const anchors = anchorsInCells(config);
  const A = anchors.length;
  return {
    ...gridIndices(H, W),
    pw: tf.tensor4d(anchors.map((a) => a[0]), [1, 1, 1, A]),
    ph: tf.tensor4d(anchors.map((a) => a[1]), [1, 1, 1, A]),
  };
}

/** Exponent bound for boxes decoded under stop-gradient (keeps areas finite in float32; the fused kernel's too). */
const expBound = YOLOV2_DECODE_EXP_BOUND;

/**
 * Decoded boxes in grid-cell units (`x = σ(tx) + col`, `w = p_w·e^{tw}`), `[N, H, W, A]` each.
 * `tw, th` are clamped to ±40 so that a wild prediction gives a finite (if huge) box; used only
 * where no gradient is taken (assignment, decoding).
 */
export function decodeBoxes(raw: Yolov2Raw, config: ResolvedYolov2Config): { x: tf.Tensor; y: tf.Tensor; w: tf.Tensor; h: tf.Tensor } {
  const { col, row, pw, ph } = gridConstants(config);
  return {
    x: tf.add(tf.sigmoid(raw.tx), col),
    y: tf.add(tf.sigmoid(raw.ty), row),
    w: tf.mul(pw, tf.exp(tf.clipByValue(raw.tw, -expBound, expBound))),
    h: tf.mul(ph, tf.exp(tf.clipByValue(raw.th, -expBound, expBound))),
  };
}
