import * as tf from '@tensorflow/tfjs-core';
import type { Detection } from '@yolo-loss/geometry';
import { anchorGrid, checkHeads, selectDetections, splitDecodeOptions, type DecodeOptions, type HeadShape } from '@yolo-loss/heads';
import { resolveYolov5Config, type ResolvedYolov5Config, type Yolov5Options } from './config.js';

/**
 * Post-processing options of {@link decodeYolov5}, the same for every version: `scoreThreshold`
 * 0.25 (keep `score > threshold`), `nms` `'iou'` (greedy, default) | `'diou'` | `'none'`,
 * `nmsThreshold` 0.45, `nmsBeta` 1, `classAgnostic` false, `maxDetections` 100.
 */
export type Yolov5DecodeOptions = DecodeOptions;

/**
 * Decodes YOLOv5 outputs into detections per image: `x = (2σ(tx) − ½ + col)/W`, `y` alike,
 * `w = (2σ(tw))²·anchorW / inputW`, `h` alike (image-normalised centre `xywh`), score
 * `σ(to)·σ(c)` per class (`σ(to)` when `C = 1`: the loss trains no class logit then), then the
 * score threshold and NMS. Reads the tensors with `await t.data()` (never synchronously);
 * disposes everything it creates.
 *
 * @param predictions - one raw output per mask, `[N, H, W, A·(5+C)]`.
 * @param options - config keys (`anchors`, `masks`, `inputSize`, `numClasses`, …) and {@link Yolov5DecodeOptions}.
 * @returns one list per image, by descending score.
 */
export async function decodeYolov5(
  predictions: readonly tf.Tensor[],
  options?: Yolov5Options & Yolov5DecodeOptions,
): Promise<Detection[][]> {
  const where = 'decodeYolov5';
  const { post, rest } = splitDecodeOptions(options, where);
  const config = resolveYolov5Config(rest);
  const { heads } = checkHeads(predictions, config.masks, config.numClasses, where);
  const [boxes, scores] = decodeOutputs(predictions, heads, config);
  try {
    return await selectDetections(boxes, scores, post);
  } finally {
    tf.dispose([boxes, scores]);
  }
}

/**
 * Every output decoded and concatenated (`P` = Σ H·W·A): boxes `[N, P, 4]` image-normalised
 * `xywh` and scores `[N, P, C]`. Not differentiated; leaves only the result.
 */
export function decodeOutputs(
  predictions: readonly tf.Tensor[],
  heads: readonly HeadShape[],
  config: ResolvedYolov5Config,
): [tf.Tensor3D, tf.Tensor3D] {
  const c = config.numClasses;
  return tf.tidy(() => {
    const n = predictions[0]!.shape[0];
    const boxes: tf.Tensor[] = [];
    const scores: tf.Tensor[] = [];
    heads.forEach(({ gridH, gridW, numAnchors: a }, h) => {
      const p = tf.reshape(predictions[h]!, [n, gridH * gridW, a, 5 + c]);
      const { col, row, anchorWh } = anchorGrid(gridH, gridW, config.anchors, config.masks[h]!, config.inputSize);
      const twice = tf.mul(tf.sigmoid(tf.slice(p, [0, 0, 0, 0], [-1, -1, -1, 4])), 2);
      const [sxy, swh] = tf.split(twice, 2, -1) as [tf.Tensor, tf.Tensor];
      const xy = tf.div(tf.add(tf.sub(sxy, 0.5), tf.concat([col, row], -1)), tf.tensor([gridW, gridH], [1, 1, 1, 2]));
      const wh = tf.mul(tf.square(swh), anchorWh);
      boxes.push(tf.reshape(tf.concat([xy, wh], -1), [n, -1, 4]));
      const objectness = tf.sigmoid(tf.slice(p, [0, 0, 0, 4], [-1, -1, -1, 1]));
      const score = c === 1 ? objectness : tf.mul(objectness, tf.sigmoid(tf.slice(p, [0, 0, 0, 5], [-1, -1, -1, c])));
      scores.push(tf.reshape(score, [n, -1, c]));
    });
    return [tf.concat(boxes, 1) as tf.Tensor3D, tf.concat(scores, 1) as tf.Tensor3D];
  });
}
