import * as tf from '@tensorflow/tfjs-core';
import { describeValue, YoloInputError } from '@yolo-loss/backend';
import { diouNms, nms, type Detection } from '@yolo-loss/geometry';

const describe = (v: unknown): string =>
  v instanceof tf.Tensor ? `a tensor of shape [${(v as tf.Tensor).shape.join(', ')}]` : describeValue(v);

/** Options of {@link selectDetections}. */
export interface SelectDetectionsOptions {
  /** Keep a `(box, class)` pair whose score passes this threshold. */
  scoreThreshold: number;
  /** `true`: keep `score >= scoreThreshold`; `false` (default): `score > scoreThreshold`. */
  inclusive?: boolean;
  /** `'iou'` (default, greedy {@link nms}), `'diou'` ({@link diouNms}) or `'none'` (by score only). */
  nms?: 'iou' | 'diou' | 'none';
  /** NMS suppresses a box whose (D)IoU with a kept one is `> iouThreshold`. */
  iouThreshold: number;
  /** DIoU-NMS exponent `β` (default 1). */
  beta?: number;
  /** At most this many detections per image (default `Infinity`). */
  maxDetections?: number;
  /** Suppress across classes too (default `false`: per class). */
  classAgnostic?: boolean;
}

/**
 * The end of every YOLO decoder: per image, every `(box, class)` pair whose score passes
 * `scoreThreshold` (in box, then class order), then NMS from this package (per class unless
 * `classAgnostic`), at most `maxDetections`. Reads both tensors with `await t.data()` and
 * disposes neither.
 *
 * @param boxes - `[N, P, 4]` image-normalised `xywh` boxes.
 * @param scores - `[N, P, C]` class-specific scores.
 * @returns one list per image, by descending score (ties: lower box index first).
 */
export async function selectDetections(
  boxes: tf.Tensor,
  scores: tf.Tensor,
  options: SelectDetectionsOptions,
): Promise<Detection[][]> {
  const fn = 'selectDetections';
  if (!(boxes instanceof tf.Tensor) || boxes.rank !== 3 || boxes.shape[2] !== 4) {
    throw new YoloInputError(`${fn}: boxes: expected a tensor of shape [N, P, 4], got ${describe(boxes)}`);
  }
  const [n, perImage] = boxes.shape as [number, number, number];
  if (!(scores instanceof tf.Tensor) || scores.rank !== 3 || scores.shape[0] !== n || scores.shape[1] !== perImage) {
    throw new YoloInputError(`${fn}: scores: expected a tensor of shape [${n}, ${perImage}, C], got ${describe(scores)}`);
  }
  const { scoreThreshold, inclusive = false, nms: kind = 'iou', iouThreshold, beta = 1 } = options;
  const { maxDetections = Infinity, classAgnostic = false } = options;
  if (typeof scoreThreshold !== 'number' || Number.isNaN(scoreThreshold)) {
    throw new YoloInputError(`${fn}: options.scoreThreshold: expected a number, got ${describe(scoreThreshold)}`);
  }
  if (kind !== 'iou' && kind !== 'diou' && kind !== 'none') {
    throw new YoloInputError(`${fn}: options.nms: expected 'iou', 'diou' or 'none', got ${describe(kind)}`);
  }
  const c = scores.shape[2]!;
  const [boxData, scoreData] = await Promise.all([boxes.data(), scores.data()]);
  return Array.from({ length: n }, (_, image) => {
    const candidates: Detection[] = [];
    for (let i = 0; i < perImage; i++) {
      const o = (image * perImage + i) * 4;
      for (let k = 0; k < c; k++) {
        const score = scoreData[(image * perImage + i) * c + k]!;
        if (inclusive ? score >= scoreThreshold : score > scoreThreshold) {
          candidates.push({ x: boxData[o]!, y: boxData[o + 1]!, w: boxData[o + 2]!, h: boxData[o + 3]!, score, classId: k });
        }
      }
    }
    const candidateScores = candidates.map((d) => d.score);
    const common = {
      iouThreshold,
      maxDetections,
      classIds: candidates.map((d) => d.classId),
      classAgnostic,
    };
    const keep =
      kind === 'none'
        ? candidates
            .map((_, i) => i)
            .sort((a, b) => candidateScores[b]! - candidateScores[a]! || a - b)
            .slice(0, maxDetections)
        : kind === 'diou'
          ? diouNms(candidates, candidateScores, { ...common, beta })
          : nms(candidates, candidateScores, common);
    return keep.map((i) => candidates[i]!);
  });
}
