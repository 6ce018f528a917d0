import type * as tf from '@tensorflow/tfjs-core';
import { detectAnchorHeads, splitHeadDecodeOptions, type HeadDecodeOptions } from '@yolo-loss/geometry';
import { resolveYolov3Config, type Yolov3Options } from './config.js';
import type { Detection } from './types.js';

/** Post-processing options of {@link decodeYolov3} (geometry's `HeadDecodeOptions`). */
export type Yolov3DecodeOptions = HeadDecodeOptions;

/**
 * Decodes YOLOv3 head outputs into detections per image: boxes `x = (σ(tx) + col)/W`,
 * `w = p_w·e^{tw}/inputW` (image-normalised `xywh`), score `σ(to)·σ(c)` per class, then the score
 * threshold and NMS (DIoU-NMS by default) from `@yolo-loss/geometry`. Reads the tensors with
 * `await t.data()` (never synchronously); disposes everything it creates.
 *
 * @param predictions - one raw head output per mask, `[N, H, W, A·(5+C)]`.
 * @param options - config keys (`anchors`, `masks`, `inputSize`, `numClasses`, …) and {@link Yolov3DecodeOptions}.
 * @returns one list per image, by descending score.
 */
export async function decodeYolov3(
  predictions: readonly tf.Tensor[],
  options?: Yolov3Options & Yolov3DecodeOptions,
): Promise<Detection[][]> {
  const { post, rest } = splitHeadDecodeOptions(options, 'decodeYolov3');
  return detectAnchorHeads(predictions, resolveYolov3Config(rest), post, 'decodeYolov3');
}
