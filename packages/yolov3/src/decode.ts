import type * as tf from '@tensorflow/tfjs-core';
import type { HeadDecodeOptions } from '@yolo-loss/heads';
import type { Yolov3Options } from './config.js';
import type { Detection } from './types.js';
import { yolov3Core } from './version.js';

/** Post-processing options of {@link decodeYolov3} (the heads kit's `HeadDecodeOptions`). */
export type Yolov3DecodeOptions = HeadDecodeOptions;

/**
 * Decodes YOLOv3 head outputs into detections per image: boxes `x = (σ(tx) + col)/W`,
 * `w = p_w·e^{tw}/inputW` (image-normalised `xywh`), score `σ(to)·σ(c)` per class, then the score
 * threshold and NMS. Reads the tensors with `await t.data()` (never synchronously); disposes
 * everything it creates.
 *
 * @param predictions - one raw head output per mask, `[N, H, W, A·(5+C)]`.
 * @param options - config keys (`anchors`, `masks`, `inputSize`, `numClasses`, …) and {@link Yolov3DecodeOptions}.
 * @returns one list per image, by descending score.
 */
export const decodeYolov3: (
  predictions: readonly tf.Tensor[],
  options?: Yolov3Options & Yolov3DecodeOptions,
) => Promise<Detection[][]> = yolov3Core.decode;
