import * as tf from '@tensorflow/tfjs-core';
import { describeValue } from '@yolo-loss/backend';
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
    throw new Error(`${fn}: boxes: expected a tensor of shape [N, P, 4], got ${describe(boxes)}`);
  }
  const [n, perImage] = boxes.shape as [number, number, number];
  if (!(scores instanceof tf.Tensor) || scores.rank !== 3 || scores.shape[0] !== n || scores.shape[1] !== perImage) {
    throw new Error(`${fn}: scores: expected a tensor of shape [${n}, ${perImage}, C], got ${describe(scores)}`);
  }
  const { scoreThreshold, inclusive = false, nms: kind = 'iou', iouThreshold, beta = 1 } = options;
  const { maxDetections = Infinity, classAgnostic = false } = options;
  if (typeof scoreThreshold !== 'number' || Number.isNaN(scoreThreshold)) {
    throw new Error(`${fn}: options.scoreThreshold: expected a number, got ${describe(scoreThreshold)}`);
  }
  if (kind !== 'iou' && kind !== 'diou' && kind !== 'none') {
    throw new Error(`${fn}: options.nms: expected 'iou', 'diou' or 'none', got ${describe(kind)}`);
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

/** Post-processing options of the multi-head (YOLOv3/v4) decoders. */
export interface HeadDecodeOptions {
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
 * Splits {@link HeadDecodeOptions} off a decoder's options, fills the defaults and validates
 * them (errors name `where` and the option), for {@link selectDetections}.
 *
 * @param options - the decoder's options: post-processing keys plus config keys.
 * @param where - the decoder's name for messages (e.g. `'decodeYolov3'`).
 * @returns `post`: the selection options; `rest`: the other (config) keys.
 */
export function splitHeadDecodeOptions<T extends object>(
  options: (T & HeadDecodeOptions) | undefined,
  where: string,
): { post: SelectDetectionsOptions; rest: Omit<T, keyof HeadDecodeOptions> } {
  const {
    scoreThreshold = 0.25,
    nms: kind = 'diou',
    nmsThreshold = 0.45,
    nmsBeta = 1,
    classAgnostic = false,
    maxDetections = 100,
    ...rest
  } = options ?? ({} as T & HeadDecodeOptions);
  const checkNumber = (v: unknown, name: string, min: number): void => {
    if (typeof v !== 'number' || Number.isNaN(v) || v < min) {
      throw new Error(
        `${where}: options.${name} must be a number${min > -Infinity ? ` > ${min}` : ''}, got ${String(v)}`,
      );
    }
  };
  checkNumber(scoreThreshold, 'scoreThreshold', -Infinity);
  checkNumber(nmsThreshold, 'nmsThreshold', -Infinity);
  checkNumber(nmsBeta, 'nmsBeta', 0);
  if (!['diou', 'iou', 'none'].includes(kind))
    throw new Error(`${where}: options.nms must be 'diou', 'iou' or 'none', got ${String(kind)}`);
  if (!(maxDetections >= 0))
    throw new Error(`${where}: options.maxDetections must be >= 0, got ${maxDetections}`);
  return {
    post: { scoreThreshold, nms: kind, iouThreshold: nmsThreshold, beta: nmsBeta, maxDetections, classAgnostic },
    rest,
  };
}

/** Post-processing options of the one-head (YOLOv1/v2) decoders. */
export interface GridDecodeOptions {
  /** Keep boxes whose class-specific score is >= this (default 0.25). */
  scoreThreshold?: number;
  /** NMS suppresses a box whose IoU with a kept one is > this (default 0.45). */
  iouThreshold?: number;
  /** At most this many detections per image (default 100). */
  maxDetections?: number;
  /** NMS across classes instead of per class (default false). */
  classAgnostic?: boolean;
}

const gridDecodeKeys = ['scoreThreshold', 'iouThreshold', 'maxDetections', 'classAgnostic'] as const;

/**
 * Splits {@link GridDecodeOptions} off a one-head decoder's options, resolves the rest (the
 * config keys) with `resolve` first, then fills the defaults and validates the
 * post-processing options (a TypeError names `where` and the option). The result selects
 * `score >= scoreThreshold` and greedy per-class IoU-NMS.
 *
 * @param options - the decoder's options: post-processing keys plus config keys.
 * @param where - the decoder's name for messages (e.g. `'decodeYolov1'`).
 * @param resolve - resolves the config keys (the loss package's config resolution).
 * @returns the resolved config and the {@link SelectDetectionsOptions}.
 */
export function splitGridDecodeOptions<C>(
  options: object | undefined,
  where: string,
  resolve: (rest: Record<string, unknown>) => C,
): { config: C; post: SelectDetectionsOptions } {
  const raw = { ...(options ?? {}) } as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const key of gridDecodeKeys) {
    picked[key] = raw[key];
    delete raw[key];
  }
  const config = resolve(raw);
  const num = (key: string, fallback: number, ok: (v: number) => boolean, what: string): number => {
    const v = picked[key] ?? fallback;
    if (typeof v !== 'number' || !ok(v)) throw new TypeError(`${where}: option '${key}' must be ${what}, got ${describeValue(v)}`);
    return v;
  };
  const agnostic = picked.classAgnostic ?? false;
  if (typeof agnostic !== 'boolean') throw new TypeError(`${where}: option 'classAgnostic' must be true or false, got ${describeValue(agnostic)}`);
  return {
    config,
    post: {
      scoreThreshold: num('scoreThreshold', 0.25, Number.isFinite, 'a finite number'),
      inclusive: true,
      nms: 'iou',
      iouThreshold: num('iouThreshold', 0.45, (v) => v >= 0 && v <= 1, 'a number in [0, 1]'),
      maxDetections: num('maxDetections', 100, (v) => Number.isInteger(v) && v > 0, 'a positive integer'),
      classAgnostic: agnostic,
    },
  };
}
