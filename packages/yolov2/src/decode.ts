import * as tf from '@tensorflow/tfjs-core';
import { selectDetections, splitGridDecodeOptions, type GridDecodeOptions } from '@yolo-loss/heads';
import { gridWH, resolveYolov2Config, type ResolvedYolov2Config, type Yolov2Options } from './config.js';
import { decodeBoxes, splitHead } from './head.js';
import type { Detection } from './types.js';
import { checkPredictions } from './validate.js';

/** Post-processing options of {@link decodeYolov2} (not config keys; the heads kit's `GridDecodeOptions`). */
export type Yolov2DecodeOptions = GridDecodeOptions;

/**
 * Decodes YOLOv2 predictions into boxes: every anchor of every cell gives a box
 * `((σ(tx) + col)/W, (σ(ty) + row)/H, p_w·e^{tw}/W, p_h·e^{th}/H)` with score
 * `σ(to)·softmax(c)` for each class (every preset decodes alike); boxes under `scoreThreshold`
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
  const { config, post } = splitGridDecodeOptions(options, 'decodeYolov2', resolveYolov2Config);
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
    return await selectDetections(boxesT, scoresT, post);
  } finally {
    tf.dispose([boxesT, scoresT]);
  }
}
