import type { BoxFormat } from './box-format.js';
import { CIOU_ALPHA_EPS, type IouKind } from './iou-core.js';
import { toCorners, type Corners, type PlainBox } from './plain-box.js';
import { checkEps, checkFormat, describe } from './validate-tensor.js';
import { YoloInputError } from '@yolo-loss/backend';

/** Options of the plain-number forms {@link boxIou}, {@link boxGiou}, {@link boxDiou}, {@link boxCiou}. */
export interface PlainIouOptions {
  /** Layout of array boxes: `'xyxy'` (default) or `'xywh'`. `{x, y, w, h}` objects are always centre format. */
  format?: BoxFormat;
  /**
   * Added to each denominator (union, enclosing area, squared diagonal). Default `0`: the
   * plain formulas of the YOLO losses, a zero denominator giving 0 for that term.
   * Pass `1e-7` to match the tensor forms' (torchvision's) default.
   */
  eps?: number;
}

const FOUR_OVER_PI_SQUARED = 4 / (Math.PI * Math.PI);

const div0 = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** The IoU family on two validated corner boxes, in float64. @internal */
export function plainIouFamily(a: Corners, b: Corners, kind: IouKind, eps: number): number {
  const [ax1, ay1, ax2, ay2] = a;
  const [bx1, by1, bx2, by2] = b;
  const aw = ax2 - ax1;
  const ah = ay2 - ay1;
  const bw = bx2 - bx1;
  const bh = by2 - by1;
  const iw = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1));
  const ih = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
  const inter = iw * ih;
  const union = aw * ah + bw * bh - inter;
  const iou = div0(inter, union + eps);
  if (kind === 'iou') return iou;
  const cw = Math.max(ax2, bx2) - Math.min(ax1, bx1);
  const ch = Math.max(ay2, by2) - Math.min(ay1, by1);
  if (kind === 'giou') {
    const area = cw * ch;
    return iou - div0(area - union, area + eps);
  }
  const dx = (ax1 + ax2) / 2 - (bx1 + bx2) / 2;
  const dy = (ay1 + ay2) / 2 - (by1 + by2) / 2;
  const diou = iou - div0(dx * dx + dy * dy, cw * cw + ch * ch + eps);
  if (kind === 'diou') return diou;
  const v = FOUR_OVER_PI_SQUARED * (Math.atan2(bw, bh) - Math.atan2(aw, ah)) ** 2;
  const alpha = div0(v, 1 - iou + v + CIOU_ALPHA_EPS);
  return diou - alpha * v;
}

function plain(a: PlainBox, b: PlainBox, kind: IouKind, options: PlainIouOptions | undefined, fn: string): number {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new YoloInputError(`${fn}: options: expected an object, got ${describe(options)}`);
  }
  const format = checkFormat(options?.format, `${fn}: options.format`);
  const eps = checkEps(options?.eps, 0, `${fn}: options.eps`);
  return plainIouFamily(toCorners(a, `${fn}: a`, format), toCorners(b, `${fn}: b`, format), kind, eps);
}

/**
 * IoU of two plain boxes: `I / (U + eps)`, 0 when the denominator is 0. For target assignment
 * on the CPU (no tensors).
 *
 * @param a - `[x1, y1, x2, y2]` (or `[cx, cy, w, h]` with `format: 'xywh'`) or `{x, y, w, h}`.
 * @param b - same kinds as `a`.
 * @returns a number in [0, 1].
 */
export function boxIou(a: PlainBox, b: PlainBox, options?: PlainIouOptions): number {
  return plain(a, b, 'iou', options, 'boxIou');
}

/**
 * GIoU of two plain boxes: `IoU − (C − U) / (C + eps)`.
 *
 * @param a - `[x1, y1, x2, y2]` (or `xywh`) or `{x, y, w, h}`.
 * @param b - same kinds as `a`.
 * @returns a number in [−1, 1].
 */
export function boxGiou(a: PlainBox, b: PlainBox, options?: PlainIouOptions): number {
  return plain(a, b, 'giou', options, 'boxGiou');
}

/**
 * DIoU of two plain boxes: `IoU − ρ² / (c² + eps)`.
 *
 * @param a - `[x1, y1, x2, y2]` (or `xywh`) or `{x, y, w, h}`.
 * @param b - same kinds as `a`.
 * @returns a number in [−1, 1].
 */
export function boxDiou(a: PlainBox, b: PlainBox, options?: PlainIouOptions): number {
  return plain(a, b, 'diou', options, 'boxDiou');
}

/**
 * CIoU of two plain boxes: `DIoU − α·v`, `v = 4/π² (atan2(w_b, h_b) − atan2(w_a, h_a))²`,
 * `α = v / (1 − IoU + v + 1e-7)`.
 *
 * @param a - `[x1, y1, x2, y2]` (or `xywh`) or `{x, y, w, h}` (the prediction).
 * @param b - same kinds as `a` (the target).
 * @returns a number in [−1.5, 1].
 */
export function boxCiou(a: PlainBox, b: PlainBox, options?: PlainIouOptions): number {
  return plain(a, b, 'ciou', options, 'boxCiou');
}

/**
 * "Shape IoU" of two sizes, both boxes centred at the same point:
 * `min(w1, w2)·min(h1, h2) / (w1·h1 + w2·h2 − min(w1, w2)·min(h1, h2))`, 0 when the union is 0.
 * Used to match anchors to ground truth.
 *
 * @param w1 - width of the first box (>= 0), e.g. an anchor.
 * @param h1 - height of the first box (>= 0).
 * @param w2 - width of the second box (>= 0), e.g. a ground-truth box.
 * @param h2 - height of the second box (>= 0).
 * @returns a number in [0, 1].
 */
export function shapeIou(w1: number, h1: number, w2: number, h2: number): number {
  // argument by argument, allocation-free: target encoding calls this for every (GT, anchor) pair
  checkSize('w1', w1);
  checkSize('h1', h1);
  checkSize('w2', w2);
  checkSize('h2', h2);
  const inter = Math.min(w1, w2) * Math.min(h1, h2);
  return div0(inter, w1 * h1 + w2 * h2 - inter);
}

function checkSize(key: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new YoloInputError(`shapeIou: ${key}: expected a finite number >= 0, got ${String(v)}`);
  }
}
