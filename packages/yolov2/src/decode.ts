import * as tf from '@tensorflow/tfjs-core';
import { describeValue } from '@yolo-loss/backend';
import { selectDetections } from '@yolo-loss/geometry';
import { gridWH, toConfig, type ResolvedYolov2Config, type Yolov2Options } from './config.js';
import { decodeBoxes, splitHead } from './head.js';
import type { Detection } from './types.js';
import { checkPredictions } from './validate.js';

/** Post-processing options of {@link decodeYolov2} (not config keys). */
export interface Yolov2DecodeOptions {
  /** Keep boxes whose class-specific score `σ(to)·softmax(c)` is >= this (default 0.25). */
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
 * Decodes YOLOv2 predictions into boxes: every anchor of every cell gives a box
 * `((σ(tx) + col)/W, (σ(ty) + row)/H, p_w·e^{tw}/W, p_h·e^{th}/H)` with score
 * `σ(to)·softmax(c)` for each class (both presets decode alike); boxes under `scoreThreshold`
 * are dropped, then greedy NMS. Reads the device once (`await t.data()`).
 *
 * @param predictions - `[N, H, W, A·(5 + C)]` (or an array of one).
 * @param options - config keys and preset (as for `yolov2Loss`) plus {@link Yolov2DecodeOptions}.
 * @returns per image, detections in image-normalised `xywh`, by descending score.
 */
export async function decodeYolov2(
  predictions: tf.Tensor4D | readonly tf.Tensor4D[],
  options?: (Yolov2Options & Yolov2DecodeOptions) | ResolvedYolov2Config,
): Promise<Detection[][]> {
  const { config, post } = splitOptions(options);
  const pred = checkPredictions(predictions, config, 'decodeYolov2');
  const [N, H, W] = pred.shape;
  const B = config.anchors.length;
  const C = config.numClasses;
  const [gw, gh] = gridWH(config);
  const [boxesT, scoresT] = tf.tidy(() => {
    const raw = splitHead(pred, config);
    const d = decodeBoxes(raw, config);
    const flat = (t: tf.Tensor, size: number): tf.Tensor => tf.reshape(tf.div(t, size), [N * H * W * B]);
    const boxes = tf.stack([flat(d.x, gw), flat(d.y, gh), flat(d.w, gw), flat(d.h, gh)], 1);
    // Rank 3 (tfjs-webgpu breaks on some rank-5 kernels): [N·H·W, A, 1] × [N·H·W, A, C].
    const scores = tf.mul(tf.reshape(tf.sigmoid(raw.to), [N * H * W, B, 1]), tf.softmax(raw.logits));
    return [tf.reshape(boxes, [N, H * W * B, 4]), tf.reshape(scores, [N, H * W * B, C])];
  });
  try {
    // Every (box, class) with score >= scoreThreshold, then greedy per-class NMS (geometry).
    return await selectDetections(boxesT, scoresT, { ...post, inclusive: true, nms: 'iou' });
  } finally {
    tf.dispose([boxesT, scoresT]);
  }
}

function splitOptions(options: (Yolov2Options & Yolov2DecodeOptions) | ResolvedYolov2Config | undefined): {
  config: ResolvedYolov2Config;
  post: Required<Yolov2DecodeOptions>;
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
    if (typeof v !== 'number' || !ok(v)) throw new TypeError(`decodeYolov2: option '${key}' must be ${what}, got ${describeValue(v)}`);
    return v;
  };
  const agnostic = picked.classAgnostic ?? false;
  if (typeof agnostic !== 'boolean') throw new TypeError(`decodeYolov2: option 'classAgnostic' must be true or false, got ${describeValue(agnostic)}`);
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
