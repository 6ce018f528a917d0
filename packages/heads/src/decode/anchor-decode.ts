import * as tf from '@tensorflow/tfjs-core';
import { MAX_BOX_SIZE, MAX_SIZE_EXPONENT } from '@yolo-loss/backend/kernels';
import type { Detection } from '@yolo-loss/geometry';
import { anchorGrid } from '../grid/grid.js';
import { checkHeads, type HeadShape } from '../validate/heads.js';
import { selectDetections, type SelectDetectionsOptions } from './detections.js';

/**
 * Decodes the raw box channels of one anchor head (YOLOv3/v4 style) into image-normalised
 * `xywh`: `x = (s·σ(tx) − (s − 1)/2 + col)/W`, `y` alike, `w = p_w·e^{tw}/inputW`,
 * `h = p_h·e^{th}/inputH`, sizes capped at {@link MAX_BOX_SIZE}. `s = scaleXY` is YOLOv4's grid
 * sensitivity; with `s = 1` (the default) this is YOLOv3's `x = (σ(tx) + col)/W`. Differentiable.
 *
 * @param tbox - `[N, H·W, A, 4]` raw `tx, ty, tw, th`, cells row-major.
 * @param anchors - all anchors `[[w, h], ...]` in input pixels.
 * @param mask - this head's anchor indices (`A = mask.length`).
 * @param inputSize - `[width, height]` of the network input in pixels.
 * @param scaleXY - the head's `scaleXY` (`s`), default 1.
 * @returns `[N, H·W, A, 4]` image-normalised `xywh`.
 */
export function decodeAnchorBoxes(
  tbox: tf.Tensor,
  gridH: number,
  gridW: number,
  anchors: readonly (readonly [number, number])[],
  mask: readonly number[],
  inputSize: readonly [number, number],
  scaleXY = 1,
): tf.Tensor {
  return tf.tidy(() => {
    const { col, row, anchorWh } = anchorGrid(gridH, gridW, anchors, mask, inputSize);
    const [txy, twh] = tf.split(tbox, 2, -1) as [tf.Tensor, tf.Tensor];
    const cell = tf.concat([col, row], -1);
    const size = tf.tensor([gridW, gridH], [1, 1, 1, 2]);
    const offset =
      scaleXY === 1 ? tf.sigmoid(txy) : tf.sub(tf.mul(tf.sigmoid(txy), scaleXY), (scaleXY - 1) / 2);
    const xy = tf.div(tf.add(offset, cell), size);
    const wh = tf.minimum(tf.mul(tf.exp(tf.minimum(twh, MAX_SIZE_EXPONENT)), anchorWh), MAX_BOX_SIZE);
    return tf.concat([xy, wh], -1);
  });
}

/** The head layout {@link decodeAnchorHeads} decodes with (a resolved YOLOv3/v4 config fits). */
export interface AnchorHeadsSpec {
  /** All anchors `[[w, h], ...]` in input pixels. */
  anchors: readonly (readonly [number, number])[];
  /** Anchor indices per head, in the order of the prediction tensors. */
  masks: readonly (readonly number[])[];
  /** `[width, height]` of the network input in pixels. */
  inputSize: readonly [number, number];
  /** Classes `C`. */
  numClasses: number;
  /** Grid sensitivity `s` per head (YOLOv4); absent: 1 everywhere. */
  scaleXY?: readonly number[];
}

/**
 * Decodes every head of a multi-head (YOLOv3/v4 style) prediction into boxes and class scores,
 * for {@link selectDetections}: boxes by {@link decodeAnchorBoxes}, score `σ(to)·σ(c)` per class.
 * Heads are concatenated in order (`P` = Σ H·W·A). Not differentiated; leaves only the result.
 *
 * @param predictions - one `[N, H, W, A·(5+C)]` tensor per head, validated by {@link checkHeads}.
 * @param heads - the grids {@link checkHeads} returned.
 * @returns `[boxes, scores]`: `[N, P, 4]` image-normalised `xywh` and `[N, P, C]`.
 */
export function decodeAnchorHeads(
  predictions: readonly tf.Tensor[],
  heads: readonly HeadShape[],
  spec: AnchorHeadsSpec,
): [tf.Tensor3D, tf.Tensor3D] {
  const c = spec.numClasses;
  return tf.tidy(() => {
    const batchSize = predictions[0]?.shape[0] ?? 0;
    const boxes: tf.Tensor[] = [];
    const scores: tf.Tensor[] = [];
    heads.forEach(({ gridH, gridW, numAnchors: a }, h) => {
      const p = tf.reshape(predictions[h]!, [batchSize, gridH * gridW, a, 5 + c]);
      boxes.push(
        tf.reshape(
          decodeAnchorBoxes(
            tf.slice(p, [0, 0, 0, 0], [-1, -1, -1, 4]),
            gridH,
            gridW,
            spec.anchors,
            spec.masks[h]!,
            spec.inputSize,
            spec.scaleXY?.[h] ?? 1,
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
    return [tf.concat(boxes, 1) as tf.Tensor3D, tf.concat(scores, 1) as tf.Tensor3D];
  });
}

/**
 * The whole multi-head (YOLOv3/v4 style) decoder: {@link checkHeads}, {@link decodeAnchorHeads},
 * then {@link selectDetections}. Reads the device once (`await t.data()`); disposes everything
 * it creates.
 *
 * @param predictions - one raw `[N, H, W, A·(5+C)]` tensor per head.
 * @param spec - anchors, masks, input size, classes and `scaleXY` (a resolved config fits).
 * @param post - score threshold and NMS, e.g. from `splitDecodeOptions`.
 * @param where - the decoder's name for messages.
 * @returns one list per image, by descending score.
 */
export async function detectAnchorHeads(
  predictions: readonly tf.Tensor[],
  spec: AnchorHeadsSpec,
  post: SelectDetectionsOptions,
  where: string,
): Promise<Detection[][]> {
  const { heads } = checkHeads(predictions, spec.masks, spec.numClasses, where);
  const [boxes, scores] = decodeAnchorHeads(predictions, heads, spec);
  try {
    return await selectDetections(boxes, scores, post);
  } finally {
    tf.dispose([boxes, scores]);
  }
}
