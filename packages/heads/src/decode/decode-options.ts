import { describeValue, YoloInputError } from '@yolo-loss/backend';
import type { SelectDetectionsOptions } from './detections.js';

/**
 * The post-processing options every version's `decode` takes, with the same names, defaults and
 * meaning everywhere.
 */
export interface DecodeOptions {
  /** Keep a `(box, class)` pair whose score is `>` this. Default `0.25` (Darknet's `thresh`). */
  scoreThreshold?: number;
  /** `'iou'` (default: greedy NMS), `'diou'` (DIoU-NMS) or `'none'` (by score only). */
  nms?: 'iou' | 'diou' | 'none';
  /** NMS suppresses a box whose (D)IoU with a kept one is `>` this. Default `0.45` (Darknet's `nms`). */
  nmsThreshold?: number;
  /** DIoU-NMS exponent `β` of `(ρ²/c²)^β`. Default `1`; AlexeyAB Darknet's `beta_nms` is `0.6`. */
  nmsBeta?: number;
  /** Suppress across classes too. Default `false` (per class). */
  classAgnostic?: boolean;
  /** At most this many detections per image (highest scores). Default `100`. */
  maxDetections?: number;
}

const KEYS = ['scoreThreshold', 'nms', 'nmsThreshold', 'nmsBeta', 'classAgnostic', 'maxDetections'] as const;

/**
 * Splits the {@link DecodeOptions} off a decoder's options, fills the defaults and validates them
 * (a `YoloInputError` names the decoder, the option and what was expected).
 *
 * @param options - the decoder's options: post-processing keys plus config keys.
 * @param where - the decoder's name for messages (e.g. `'yolov3.decode'`).
 * @param legacy - option names of an older release mapped onto {@link DecodeOptions} keys
 *   (e.g. YOLOv1/v2's `iouThreshold` → `nmsThreshold`); giving both is an error.
 * @returns `post`: the selection options; `rest`: the other (config) keys.
 */
export function splitDecodeOptions(
  options: object | undefined,
  where: string,
  legacy: Readonly<Record<string, (typeof KEYS)[number]>> = {},
): { post: SelectDetectionsOptions; rest: Record<string, unknown> } {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new YoloInputError(`${where}: options must be an object, got ${describeValue(options)}`);
  }
  const rest = { ...(options ?? {}) } as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  const givenAs: Record<string, string> = {};
  for (const key of KEYS) {
    picked[key] = rest[key];
    givenAs[key] = key;
    delete rest[key];
  }
  for (const [old, key] of Object.entries(legacy)) {
    if (!(old in rest)) continue;
    if (picked[key] !== undefined) {
      throw new YoloInputError(`${where}: options.${old} and options.${key} mean the same (${old} is the older name): give one`);
    }
    picked[key] = rest[old];
    givenAs[key] = old;
    delete rest[old];
  }
  const fail = (key: string, what: string): never => {
    throw new YoloInputError(`${where}: options.${givenAs[key]} must be ${what}, got ${describeValue(picked[key])}`);
  };
  const num = (key: string, fallback: number, ok: (v: number) => boolean, what: string): number => {
    const v = picked[key] ?? fallback;
    return typeof v === 'number' && ok(v) ? v : fail(key, what);
  };
  const nms = picked.nms ?? 'iou';
  if (nms !== 'iou' && nms !== 'diou' && nms !== 'none') fail('nms', "'iou', 'diou' or 'none'");
  const classAgnostic = picked.classAgnostic ?? false;
  if (typeof classAgnostic !== 'boolean') fail('classAgnostic', 'true or false');
  return {
    post: {
      scoreThreshold: num('scoreThreshold', 0.25, Number.isFinite, 'a finite number'),
      nms: nms as 'iou' | 'diou' | 'none',
      iouThreshold: num('nmsThreshold', 0.45, (v) => v >= 0 && v <= 1, 'a number in [0, 1]'),
      beta: num('nmsBeta', 1, (v) => Number.isFinite(v) && v > 0, 'a finite number > 0'),
      maxDetections: num('maxDetections', 100, (v) => Number.isInteger(v) && v >= 1, 'a positive integer'),
      classAgnostic: classAgnostic as boolean,
    },
    rest,
  };
}
