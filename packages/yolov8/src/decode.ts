import * as tf from '@tensorflow/tfjs-core';
import { prepareTfjs } from '@yolo-loss/backend';
import type { Detection } from '@yolo-loss/geometry';
import { selectDetections, splitDecodeOptions, type DecodeOptions } from '@yolo-loss/heads';
import { anchorLayout } from './anchors.js';
import { expectedDistances } from './composed.js';
import { resolveYolov8Config, type Yolov8Options } from './config.js';
import { PACKAGE } from './loss.js';
import { checkOutputs } from './validate.js';

/** Options of {@link decodeYolov8}: config keys plus the post-processing options every version shares. */
export type Yolov8DecodeOptions = Yolov8Options & DecodeOptions;

/** The outputs as one `[N, A, 4·regMax + C]` tensor, anchors row-major within an output, outputs in order. */
function flattenOutputs(predictions: readonly tf.Tensor[]): tf.Tensor3D {
  const flat = predictions.map((p) => {
    const [n, h, w, c] = p.shape as [number, number, number, number];
    return tf.reshape(p, [n, h * w, c]);
  });
  return (flat.length === 1 ? flat[0]! : tf.concat(flat, 1)) as tf.Tensor3D;
}

/**
 * Decodes YOLOv8 outputs into detections per image: each anchor's box is the expected distance of
 * each side over its DFL bins (softmax, `Σ k·p_k`) around the anchor point, times the stride
 * (image-normalised centre `xywh`); the score of class `c` is `σ(logit_c)` (no objectness). Then
 * the score threshold (`score > scoreThreshold`, default 0.25), NMS (`nms` `'iou'` default,
 * `'diou'`, `'none'`; `nmsThreshold` 0.45, `nmsBeta` 1, `classAgnostic` false) and
 * `maxDetections` (100). Reads the tensors with `await t.data()`; disposes what it creates.
 *
 * @param predictions - one `[N, H, W, 4·regMax + C]` tensor per stride, ascending.
 * @param options - config keys (`inputSize`, `strides`, `regMax`, `numClasses`) and the post-processing options.
 * @returns one list per image, by descending score.
 */
export async function decodeYolov8(predictions: readonly tf.Tensor4D[], options?: Yolov8DecodeOptions): Promise<Detection[][]> {
  const where = 'decodeYolov8';
  prepareTfjs(tf, PACKAGE);
  const { post, rest } = splitDecodeOptions(options, where);
  const config = resolveYolov8Config(rest);
  const { batchSize: n, levels } = checkOutputs(predictions, config, where);
  const anchors = anchorLayout(levels);
  const { regMax, numClasses: c } = config;
  const a = anchors.count;
  const [inW, inH] = config.inputSize;
  const [boxes, scores] = tf.tidy(() => {
    const all = flattenOutputs(predictions);
    const dist = expectedDistances(tf.reshape(tf.slice(all, [0, 0, 0], [n, a, 4 * regMax]), [n * a, 4 * regMax]), regMax);
    const [l, t, r, b] = tf.unstack(dist, 1) as tf.Tensor1D[];
    const point = (offset: number, size: number): tf.Tensor1D =>
      tf.tile(
        tf.tensor1d(Float32Array.from({ length: a }, (_, i) => (anchors.points[2 * i + offset]! * anchors.strides[i]!) / size)),
        [n],
      );
    const scale = (size: number): tf.Tensor1D => tf.tile(tf.tensor1d(anchors.strides.map((s) => s / size)), [n]);
    const [sx, sy] = [scale(inW), scale(inH)];
    // centre = point + (right − left)/2, size = left + right (in strides), then normalised
    const x = tf.add(point(0, inW), tf.mul(tf.div(tf.sub(r!, l!), 2), sx));
    const y = tf.add(point(1, inH), tf.mul(tf.div(tf.sub(b!, t!), 2), sy));
    const w = tf.mul(tf.add(l!, r!), sx);
    const h = tf.mul(tf.add(t!, b!), sy);
    return [
      tf.reshape(tf.stack([x, y, w, h], 1), [n, a, 4]),
      tf.reshape(tf.sigmoid(tf.slice(all, [0, 0, 4 * regMax], [n, a, c])), [n, a, c]),
    ];
  });
  try {
    return await selectDetections(boxes, scores, post);
  } finally {
    tf.dispose([boxes, scores]);
  }
}
