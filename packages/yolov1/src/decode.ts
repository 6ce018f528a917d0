import * as tf from '@tensorflow/tfjs-core';
import { describeValue } from '@yolo-loss/backend';
import { selectDetections } from '@yolo-loss/geometry';
import { toConfig, type ResolvedYolov1Config, type Yolov1Options } from './config.js';
import { decodeHead, gridIndices } from './head.js';
import type { Detection } from './types.js';
import { checkPredictions } from './validate.js';

/** Post-processing options of {@link decodeYolov1} (not config keys). */
export interface Yolov1DecodeOptions {
  /** Keep boxes whose class-specific score `Ĉ·p̂(c)` is >= this (default 0.25). */
  scoreThreshold?: number;
  /** NMS suppresses a box whose IoU with a kept one is > this (default 0.45). */
  iouThreshold?: number;
  /** At most this many detections per image (default 100). */
  maxDetections?: number;
  /** NMS across classes instead of per class (default false). */
  classAgnostic?: boolean;
}

const decodeKeys = ['scoreThreshold', 'iouThreshold', 'maxDetections', 'classAgnostic'] as const;

/**
 * Decodes YOLOv1 predictions into boxes: every predictor of every cell gives a box
 * (`((col + x)/S_w, (row + y)/S_h, w, h)`, decoded as the preset says) with score
 * `Ĉ·p̂(c)` for each class; boxes under `scoreThreshold` are dropped, then greedy NMS.
 * Reads the device once (`await t.data()`).
 *
 * @param predictions - `[N, S_h, S_w, B·5 + C]` (or an array of one).
 * @param options - config keys and preset (as for `yolov1Loss`) plus {@link Yolov1DecodeOptions}.
 * @returns per image, detections in image-normalised `xywh`, by descending score.
 */
export async function decodeYolov1(
  predictions: tf.Tensor4D | readonly tf.Tensor4D[],
  options?: (Yolov1Options & Yolov1DecodeOptions) | ResolvedYolov1Config,
): Promise<Detection[][]> {
  const { config, post } = splitOptions(options);
  const pred = checkPredictions(predictions, config, 'decodeYolov1');
  const [N, H, W] = pred.shape;
  const B = config.boxesPerCell;
  const C = config.numClasses;
  const [boxesT, scoresT] = tf.tidy(() => {
    const d = decodeHead(pred, config);
    const { col, row } = gridIndices(config);
    const flat = (t: tf.Tensor): tf.Tensor => tf.reshape(t, [N * H * W * B]);
    const boxes = tf.stack([flat(tf.div(tf.add(col, d.x), W)), flat(tf.div(tf.add(row, d.y), H)), flat(d.w), flat(d.h)], 1);
    // Rank 3 (tfjs-webgpu breaks on some rank-5 kernels): [N·H·W, B, 1] × [N·H·W, 1, C].
    const scores = tf.mul(tf.reshape(d.conf, [N * H * W, B, 1]), tf.reshape(d.probs, [N * H * W, 1, C]));
    return [tf.reshape(boxes, [N, H * W * B, 4]), tf.reshape(scores, [N, H * W * B, C])];
  });
  try {
    // Every (box, class) with score >= scoreThreshold, then greedy per-class NMS (geometry).
    return await selectDetections(boxesT, scoresT, { ...post, inclusive: true, nms: 'iou' });
  } finally {
    tf.dispose([boxesT, scoresT]);
  }
}

function splitOptions(options: (Yolov1Options & Yolov1DecodeOptions) | ResolvedYolov1Config | undefined): {
  config: ResolvedYolov1Config;
  post: Required<Yolov1DecodeOptions>;
} {
  const raw = { ...(options ?? {}) } as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const key of decodeKeys) {
    picked[key] = raw[key];
    delete raw[key];
  }
  const config = toConfig(raw);
  const num = (key: string, fallback: number, ok: (v: number) => boolean, what: string): number => {
    const v = picked[key] ?? fallback;
    if (typeof v !== 'number' || !ok(v)) throw new TypeError(`decodeYolov1: option '${key}' must be ${what}, got ${describeValue(v)}`);
    return v;
  };
  const agnostic = picked.classAgnostic ?? false;
  if (typeof agnostic !== 'boolean') throw new TypeError(`decodeYolov1: option 'classAgnostic' must be true or false, got ${describeValue(agnostic)}`);
  return {
    config,
    post: {
      scoreThreshold: num('scoreThreshold', 0.25, Number.isFinite, 'a finite number'),
      iouThreshold: num('iouThreshold', 0.45, (v) => v >= 0 && v <= 1, 'a number in [0, 1]'),
      maxDetections: num('maxDetections', 100, (v) => Number.isInteger(v) && v > 0, 'a positive integer'),
      classAgnostic: agnostic,
    },
  };
}
