import type { BoxFormat } from './box-format.js';
import { plainIouFamily } from './iou-plain.js';
import { toCorners, type Corners, type PlainBox } from './plain-box.js';
import { checkFormat, describe } from './validate-tensor.js';
import { YoloInputError } from '@yolo-loss/backend';

/** Options of {@link nms} and {@link nmsAsync}. */
export interface NmsOptions {
  /** A box is suppressed when its IoU with a kept, higher-scoring box is `> iouThreshold`. */
  iouThreshold: number;
  /** Boxes with `score <= scoreThreshold` are dropped first. Default `-Infinity` (keep all). */
  scoreThreshold?: number;
  /** At most this many indices are returned (the highest scores). Default `Infinity`. */
  maxDetections?: number;
  /**
   * One integer class id per box: boxes of different classes never suppress each other
   * (torchvision's `batched_nms`). Absent: class-agnostic.
   */
  classIds?: readonly number[];
  /** Ignore `classIds` and suppress across classes. Default `false`. */
  classAgnostic?: boolean;
  /** Layout of array boxes: `'xyxy'` (default) or `'xywh'`. `{x, y, w, h}` objects are centre format. */
  format?: BoxFormat;
}

/** Options of {@link diouNms} and {@link diouNmsAsync}. */
export interface DiouNmsOptions extends NmsOptions {
  /**
   * Exponent of the distance penalty: a box is suppressed when
   * `IoU − (ρ² / c²)^β > iouThreshold`. Default `1`; Darknet uses `0.6` (`beta_nms`).
   */
  beta?: number;
}

/**
 * Greedy non-maximum suppression on plain arrays: visit boxes by descending score (ties: lower
 * index first), keep a box unless its IoU (`I / U`, 0 when `U = 0`) with an already kept
 * box of the same class (or any box when class-agnostic) is `> iouThreshold`.
 *
 * @param boxes - `N` boxes: `[x1, y1, x2, y2]` (or `xywh` with `options.format`) or `{x, y, w, h}`.
 * @param scores - `N` finite scores.
 * @returns indices into `boxes` of the kept boxes, by descending score.
 */
export function nms(boxes: readonly PlainBox[], scores: readonly number[], options: NmsOptions): number[] {
  return greedy(boxes, scores, options, undefined, 'nms');
}

/**
 * DIoU-NMS (Zheng et al. 2020; Darknet's `diounms_sort`): as {@link nms}, but a box is
 * suppressed when `IoU − (ρ² / c²)^β > iouThreshold`, `ρ` the distance between the centres
 * and `c` the diagonal of the smallest enclosing box (the penalty is 0 when `c = 0`). Boxes
 * that overlap but whose centres are far apart survive.
 *
 * @param boxes - `N` boxes: `[x1, y1, x2, y2]` (or `xywh`) or `{x, y, w, h}`.
 * @param scores - `N` finite scores.
 * @returns indices into `boxes` of the kept boxes, by descending score.
 */
export function diouNms(boxes: readonly PlainBox[], scores: readonly number[], options: DiouNmsOptions): number[] {
  const beta = options?.beta ?? 1;
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta <= 0) {
    throw new YoloInputError(`diouNms: options.beta: expected a finite number > 0, got ${describe(beta)}`);
  }
  return greedy(boxes, scores, options, beta, 'diouNms');
}

/** Validated NMS inputs. @internal */
interface Checked {
  corners: Corners[];
  classes: readonly number[] | undefined;
  iouThreshold: number;
  scoreThreshold: number;
  maxDetections: number;
}

function greedy(
  boxes: readonly PlainBox[],
  scores: readonly number[],
  options: NmsOptions,
  beta: number | undefined,
  fn: string,
): number[] {
  const { corners, classes, iouThreshold, scoreThreshold, maxDetections } = check(boxes, scores, options, fn);
  const order = corners
    .map((_, i) => i)
    .filter((i) => scores[i]! > scoreThreshold)
    .sort((i, j) => scores[j]! - scores[i]! || i - j);
  const kept: number[] = [];
  for (const i of order) {
    if (kept.length >= maxDetections) break;
    const suppressed = kept.some(
      (k) =>
        (classes === undefined || classes[k] === classes[i]) &&
        overlap(corners[k]!, corners[i]!, beta) > iouThreshold,
    );
    if (!suppressed) kept.push(i);
  }
  return kept;
}

/** IoU, or DIoU with the penalty raised to `beta`. */
function overlap(a: Corners, b: Corners, beta: number | undefined): number {
  const iou = plainIouFamily(a, b, 'iou', 0);
  if (beta === undefined) return iou;
  const cw = Math.max(a[2], b[2]) - Math.min(a[0], b[0]);
  const ch = Math.max(a[3], b[3]) - Math.min(a[1], b[1]);
  const c2 = cw * cw + ch * ch;
  if (c2 === 0) return iou;
  const dx = (a[0] + a[2]) / 2 - (b[0] + b[2]) / 2;
  const dy = (a[1] + a[3]) / 2 - (b[1] + b[3]) / 2;
  return iou - ((dx * dx + dy * dy) / c2) ** beta;
}

function check(boxes: readonly PlainBox[], scores: readonly number[], options: NmsOptions, fn: string): Checked {
  if (typeof options !== 'object' || options === null) {
    throw new YoloInputError(`${fn}: options: expected an object with iouThreshold, got ${describe(options)}`);
  }
  if (!Array.isArray(boxes)) throw new YoloInputError(`${fn}: boxes: expected an array of boxes, got ${describe(boxes)}`);
  if (!Array.isArray(scores)) throw new YoloInputError(`${fn}: scores: expected an array of numbers, got ${describe(scores)}`);
  if (scores.length !== boxes.length) {
    throw new YoloInputError(`${fn}: scores: expected one score per box (${boxes.length}), got ${scores.length}`);
  }
  const format = checkFormat(options.format, `${fn}: options.format`);
  const corners = (boxes as readonly PlainBox[]).map((b, i) => toCorners(b, `${fn}: boxes[${i}]`, format));
  scores.forEach((s: unknown, i) => {
    if (typeof s !== 'number' || !Number.isFinite(s)) {
      throw new YoloInputError(`${fn}: scores[${i}]: expected a finite number, got ${String(s)}`);
    }
  });
  const { iouThreshold } = options;
  if (typeof iouThreshold !== 'number' || !Number.isFinite(iouThreshold)) {
    throw new YoloInputError(`${fn}: options.iouThreshold: expected a finite number, got ${describe(iouThreshold)}`);
  }
  const scoreThreshold = options.scoreThreshold ?? -Infinity;
  if (typeof scoreThreshold !== 'number' || Number.isNaN(scoreThreshold)) {
    throw new YoloInputError(`${fn}: options.scoreThreshold: expected a number, got ${describe(scoreThreshold)}`);
  }
  const maxDetections = options.maxDetections ?? Infinity;
  if (typeof maxDetections !== 'number' || !(maxDetections >= 0) || (Number.isFinite(maxDetections) && !Number.isInteger(maxDetections))) {
    throw new YoloInputError(`${fn}: options.maxDetections: expected an integer >= 0 or Infinity, got ${describe(maxDetections)}`);
  }
  let classes: readonly number[] | undefined;
  if (options.classIds !== undefined && options.classAgnostic !== true) {
    const ids = options.classIds;
    if (!Array.isArray(ids) || ids.length !== boxes.length) {
      throw new YoloInputError(`${fn}: options.classIds: expected one class id per box (${boxes.length}), got ${describe(ids)}`);
    }
    ids.forEach((c: unknown, i) => {
      if (typeof c !== 'number' || !Number.isInteger(c)) {
        throw new YoloInputError(`${fn}: options.classIds[${i}]: expected an integer, got ${String(c)}`);
      }
    });
    classes = ids;
  }
  return { corners, classes, iouThreshold, scoreThreshold, maxDetections };
}
