import * as tf from '@tensorflow/tfjs-core';
import { selectDetections, splitGridDecodeOptions, type GridDecodeOptions } from '@yolo-loss/heads';
import { resolveYolov1Config, type ResolvedYolov1Config, type Yolov1Options } from './config.js';
import { decodeHead, gridIndices } from './head.js';
import type { Detection } from './types.js';
import { checkPredictions } from './validate.js';

/** Post-processing options of {@link decodeYolov1} (not config keys; the heads kit's `GridDecodeOptions`). */
export type Yolov1DecodeOptions = GridDecodeOptions;

/**
 * Decodes YOLOv1 predictions into boxes: every predictor of every cell gives a box
 * (`((col + x)/S_w, (row + y)/S_h, w, h)`, decoded as `activation` says) with score
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
  const { config, post } = splitGridDecodeOptions(options, 'decodeYolov1', resolveYolov1Config);
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
    // Every (box, class) with score >= scoreThreshold, then greedy per-class NMS.
    return await selectDetections(boxesT, scoresT, post);
  } finally {
    tf.dispose([boxesT, scoresT]);
  }
}
