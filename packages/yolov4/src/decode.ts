import type * as tf from '@tensorflow/tfjs-core';
import type { HeadDecodeOptions } from '@yolo-loss/heads';
import type { Yolov4Options } from './config.js';
import type { Detection } from './types.js';
import { yolov4Core } from './version.js';

/** Post-processing options of {@link decodeYolov4} (the heads kit's `HeadDecodeOptions`). */
export type Yolov4DecodeOptions = HeadDecodeOptions;

/**
 * Decodes YOLOv4 head outputs into detections per image: boxes `x = (s·σ(tx) − (s − 1)/2 + col)/W`
 * (`s = scaleXY[h]`), `w = p_w·e^{tw}/inputW` (image-normalised `xywh`), score `σ(to)·σ(c)` per class, then the score
 * threshold and NMS. Reads the tensors with `await t.data()` (never synchronously); disposes
 * everything it creates.
 *
 * @param predictions - one raw head output per mask, `[N, H, W, A·(5+C)]`.
 * @param options - config keys (`anchors`, `masks`, `inputSize`, `numClasses`, …) and {@link Yolov4DecodeOptions}.
 * @returns one list per image, by descending score.
 */
export const decodeYolov4: (
  predictions: readonly tf.Tensor[],
  options?: Yolov4Options & Yolov4DecodeOptions,
) => Promise<Detection[][]> = yolov4Core.decode;
