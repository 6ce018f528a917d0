import * as tf from '@tensorflow/tfjs-core';
import type { Detection } from '@yolo-loss/geometry';
import { selectDetections, splitDecodeOptions, type DecodeOptions } from '@yolo-loss/heads';
import { anchorLayout, type LevelGrid } from './anchors.js';
import { expectedDistances } from './composed.js';
import { resolveYolov8Config, type ResolvedYolov8Config, type Yolov8Options } from './config.js';
import { checkOutputs } from './validate.js';

/**
 * Post-processing options of {@link decodeYolov8}, the same for every version: `scoreThreshold`
 * 0.25 (keep `score > threshold`), `nms` `'iou'` (greedy, default) | `'diou'` | `'none'`,
 * `nmsThreshold` 0.45, `nmsBeta` 1, `classAgnostic` false, `maxDetections` 100.
 */
export type Yolov8DecodeOptions = DecodeOptions;

/**
 * Decodes YOLOv8 outputs into detections per image: each anchor's box is the expected distance of
 * each side over its DFL bins (softmax, `Σ k·p_k`) around the anchor point, times the stride
 * (image-normalised centre `xywh`); the score of class `c` is `σ(logit_c)` (no objectness); then
 * the score threshold and NMS. Reads the tensors with `await t.data()` (never synchronously);
 * disposes everything it creates.
 *
 * @param predictions - one `[N, H, W, 4·regMax + C]` output per stride, ascending.
 * @param options - config keys (`inputSize`, `regMax`, `numClasses`) and {@link Yolov8DecodeOptions}.
 * @returns one list per image, by descending score.
 */
export async function decodeYolov8(
  predictions: readonly tf.Tensor[],
  options?: Yolov8Options & Yolov8DecodeOptions,
): Promise<Detection[][]> {
  const where = 'decodeYolov8';
  const { post, rest } = splitDecodeOptions(options, where);
  const config = resolveYolov8Config(rest);
  const { levels } = checkOutputs(predictions, config, where);
  const [boxes, scores] = decodeOutputs(predictions, levels, config);
  try {
    return await selectDetections(boxes, scores, post);
  } finally {
    tf.dispose([boxes, scores]);
  }
}

/**
 * Every output decoded and concatenated (`A` anchors per image): boxes `[N, A, 4]` image-normalised
 * centre `xywh` and class scores `[N, A, C]`. Not differentiated; leaves only the result.
 */
export function decodeOutputs(
  predictions: readonly tf.Tensor[],
  levels: readonly LevelGrid[],
  config: ResolvedYolov8Config,
): [tf.Tensor3D, tf.Tensor3D] {
  const { regMax, numClasses: c } = config;
  const anchors = anchorLayout(levels);
  const a = anchors.count;
  const [inW, inH] = config.inputSize;
  return tf.tidy(() => {
    const n = predictions[0]!.shape[0];
    const flat = predictions.map((p) => tf.reshape(p, [n, -1, 4 * regMax + c]));
    const all = flat.length === 1 ? flat[0]! : tf.concat(flat, 1);
    const dist = expectedDistances(tf.reshape(tf.slice(all, [0, 0, 0], [n, a, 4 * regMax]), [n * a, 4 * regMax]), regMax);
    const [l, t, r, b] = tf.unstack(dist, 1) as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
    const perAnchor = (value: (i: number) => number): tf.Tensor1D =>
      tf.tile(tf.tensor1d(Float32Array.from({ length: a }, (_, i) => value(i))), [n]);
    const px = perAnchor((i) => (anchors.points[2 * i]! * anchors.strides[i]!) / inW);
    const py = perAnchor((i) => (anchors.points[2 * i + 1]! * anchors.strides[i]!) / inH);
    const sx = perAnchor((i) => anchors.strides[i]! / inW);
    const sy = perAnchor((i) => anchors.strides[i]! / inH);
    // centre = point + (right − left)/2, size = left + right (in strides), then normalised
    const x = tf.add(px, tf.mul(tf.div(tf.sub(r, l), 2), sx));
    const y = tf.add(py, tf.mul(tf.div(tf.sub(b, t), 2), sy));
    const w = tf.mul(tf.add(l, r), sx);
    const h = tf.mul(tf.add(t, b), sy);
    return [
      tf.reshape<tf.Rank.R3>(tf.stack([x, y, w, h], 1), [n, a, 4]),
      tf.sigmoid(tf.slice(all, [0, 0, 4 * regMax], [n, a, c])) as tf.Tensor3D,
    ];
  });
}
