import * as tf from '@tensorflow/tfjs-core';
import { diouNms, nms, type PlainBox } from '@yolo-loss/geometry';
import { decodeHeadBoxes } from './boxes.js';
import { resolveYolov4Config, type Yolov4Options } from './config.js';
import { checkHeads } from './heads.js';
import type { Detection } from './types.js';

/** Post-processing options of {@link decodeYolov4}. */
export interface Yolov4DecodeOptions {
  /** Keep `(box, class)` pairs with `σ(to)·σ(c) > scoreThreshold`. Default `0.25` (Darknet's `thresh`). */
  scoreThreshold?: number;
  /** `'diou'` (default), `'iou'` (greedy) or `'none'`. */
  nms?: 'diou' | 'iou' | 'none';
  /** NMS threshold. Default `0.45` (Darknet's `nms`). */
  nmsThreshold?: number;
  /** DIoU-NMS exponent `β` of `(ρ²/c²)^β`. Default `1`; Darknet's `beta_nms` is `0.6`. */
  nmsBeta?: number;
  /** Suppress across classes too. Default `false` (per class). */
  classAgnostic?: boolean;
  /** At most this many detections per image (highest scores). Default `100`. */
  maxDetections?: number;
}

/**
 * Decodes YOLOv4 head outputs into detections per image: boxes `x = (s·σ(tx) − (s − 1)/2 + col)/W`
 * (`s = scaleXY[h]`),
 * `w = p_w·e^{tw}/inputW` (image-normalised `xywh`), score `σ(to)·σ(c)` per class, then the score
 * threshold and NMS (DIoU-NMS by default) from `@yolo-loss/geometry`. Reads the tensors with
 * `await t.data()` (never synchronously); disposes everything it creates.
 *
 * @param predictions - one raw head output per mask, `[N, H, W, A·(5+C)]`.
 * @param options - config keys (`anchors`, `masks`, `inputSize`, `numClasses`, …) and {@link Yolov4DecodeOptions}.
 * @returns one list per image, by descending score.
 */
export async function decodeYolov4(
  predictions: readonly tf.Tensor[],
  options?: Yolov4Options & Yolov4DecodeOptions,
): Promise<Detection[][]> {
  const {
    scoreThreshold = 0.25,
    nms: kind = 'diou',
    nmsThreshold = 0.45,
    nmsBeta = 1,
    classAgnostic = false,
    maxDetections = 100,
    ...rest
  } = options ?? {};
  checkNumber(scoreThreshold, 'scoreThreshold', -Infinity);
  checkNumber(nmsThreshold, 'nmsThreshold', -Infinity);
  checkNumber(nmsBeta, 'nmsBeta', 0);
  if (!['diou', 'iou', 'none'].includes(kind))
    throw new Error(
      `decodeYolov4: options.nms must be 'diou', 'iou' or 'none', got ${String(kind)}`,
    );
  if (!(maxDetections >= 0))
    throw new Error(`decodeYolov4: options.maxDetections must be >= 0, got ${maxDetections}`);
  const config = resolveYolov4Config(rest);
  const { batchSize, heads } = checkHeads(
    predictions,
    config.masks,
    config.numClasses,
    'decodeYolov4',
  );
  const c = config.numClasses;
  const [boxesT, scoresT] = tf.tidy(() => {
    const boxes: tf.Tensor[] = [];
    const scores: tf.Tensor[] = [];
    heads.forEach(({ gridH, gridW, numAnchors: a }, h) => {
      const p = tf.reshape(predictions[h]!, [batchSize, gridH * gridW, a, 5 + c]);
      boxes.push(
        tf.reshape(
          decodeHeadBoxes(
            tf.slice(p, [0, 0, 0, 0], [-1, -1, -1, 4]),
            gridH,
            gridW,
            config.anchors,
            config.masks[h]!,
            config.inputSize,
            config.scaleXY[h]!,
          ),
          [batchSize, -1, 4],
        ),
      );
      const [to, tc] = tf.split(tf.slice(p, [0, 0, 0, 4], [-1, -1, -1, 1 + c]), [1, c], -1) as [
        tf.Tensor,
        tf.Tensor,
      ];
      scores.push(tf.reshape(tf.mul(tf.sigmoid(to), tf.sigmoid(tc)), [batchSize, -1, c]));
    });
    return [tf.concat(boxes, 1), tf.concat(scores, 1)];
  });
  let boxData: Float32Array;
  let scoreData: Float32Array;
  try {
    [boxData, scoreData] = (await Promise.all([boxesT.data(), scoresT.data()])) as [
      Float32Array,
      Float32Array,
    ];
  } finally {
    tf.dispose([boxesT, scoresT]);
  }
  const perImage = boxesT.shape[1]!;
  return Array.from({ length: batchSize }, (_, n) => {
    const candidates: Detection[] = [];
    for (let i = 0; i < perImage; i++) {
      const o = (n * perImage + i) * 4;
      for (let k = 0; k < c; k++) {
        const score = scoreData[(n * perImage + i) * c + k]!;
        if (score > scoreThreshold) {
          candidates.push({
            x: boxData[o]!,
            y: boxData[o + 1]!,
            w: boxData[o + 2]!,
            h: boxData[o + 3]!,
            score,
            classId: k,
          });
        }
      }
    }
    const boxes: PlainBox[] = candidates;
    const scores = candidates.map((d) => d.score);
    const common = {
      iouThreshold: nmsThreshold,
      maxDetections,
      classIds: candidates.map((d) => d.classId),
      classAgnostic,
    };
    const keep =
      kind === 'none'
        ? candidates
            .map((_, i) => i)
            .sort((a, b) => scores[b]! - scores[a]! || a - b)
            .slice(0, maxDetections)
        : kind === 'diou'
          ? diouNms(boxes, scores, { ...common, beta: nmsBeta })
          : nms(boxes, scores, common);
    return keep.map((i) => candidates[i]!);
  });
}

function checkNumber(v: unknown, name: string, min: number): void {
  if (typeof v !== 'number' || Number.isNaN(v) || v < min) {
    throw new Error(
      `decodeYolov4: options.${name} must be a number${min > -Infinity ? ` > ${min}` : ''}, got ${String(v)}`,
    );
  }
}
