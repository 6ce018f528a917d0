import * as tf from '@tensorflow/tfjs-core';
import { prepareTfjs, YoloInputError } from '@yolo-loss/backend';
import { xywhToXyxy, type BoxFormat } from './box-format.js';
import { iouFamily, type EpsTerms, type IouKind } from './iou-core.js';
import { assertBoxTensor, broadcastBatchShape, checkEps, checkFormat, describe } from './validate-tensor.js';

/** Options of the element-wise tensor functions {@link iou}, {@link giou}, {@link diou}, {@link ciou}. */
export interface IouOptions {
  /** Layout of both inputs: `'xyxy'` corners (default) or `'xywh'` centre and size. */
  format?: BoxFormat;
  /**
   * Added to each denominator (union, enclosing area, squared enclosing diagonal), as
   * torchvision's `*_box_iou_loss(eps=1e-7)`. Default `1e-7`. `0` gives the plain formulas
   * (the YOLO losses use it); a zero denominator then gives 0 for that term, never NaN.
   * CIoU's `α` denominator always adds `1e-7`.
   */
  eps?: number;
}

/** Options of {@link pairwiseIou}. */
export interface PairwiseIouOptions {
  /** Which value: `'iou'` (default), `'giou'`, `'diou'` or `'ciou'`. */
  kind?: IouKind;
  /** Layout of both inputs: `'xyxy'` (default) or `'xywh'`. */
  format?: BoxFormat;
  /**
   * Added to the squared enclosing diagonal of DIoU/CIoU (default `1e-7`), as torchvision's
   * `distance_box_iou` / `complete_box_iou`. The union and the enclosing area get no eps,
   * as in `box_iou` / `generalized_box_iou` (a zero denominator gives 0 instead of NaN).
   */
  eps?: number;
}

const PACKAGE = '@yolo-loss/geometry';
/** The tensor forms' default `eps` (torchvision's `1e-7`). */
export const DEFAULT_EPS = 1e-7;

/** Shared body of the element-wise functions: validation, format, tidy. @internal */
export function elementwise(a: tf.Tensor, b: tf.Tensor, kind: IouKind, options: IouOptions | undefined, fn: string): tf.Tensor {
  prepareTfjs(tf, PACKAGE);
  assertBoxTensor(a, `${fn}: a`);
  assertBoxTensor(b, `${fn}: b`);
  broadcastBatchShape(a, b, `${fn}: a`, `${fn}: b`);
  const opts = checkOptions(options, fn);
  const format = checkFormat(opts.format, `${fn}: options.format`);
  const eps = checkEps(opts.eps, DEFAULT_EPS, `${fn}: options.eps`);
  const terms: EpsTerms = { union: eps, enclosingArea: eps, diagonal: eps };
  return tf.tidy(() => iouFamily(toXyxy(a, format), toXyxy(b, format), kind, terms));
}

/**
 * Element-wise IoU `I / (U + eps)` of two sets of boxes (torchvision's
 * `_loss_inter_union`, `I` clamped at 0). Differentiable; broadcasts like numpy over all but
 * the last dimension, e.g. predictions `[P, 1, 4]` × ground truth `[1, G, 4]` → `[P, G]`.
 *
 * @param a - `[..., 4]` float32 boxes.
 * @param b - `[..., 4]` float32 boxes, broadcastable with `a`.
 * @returns the broadcast batch shape (`[...]`), values in [0, 1].
 */
export function iou(a: tf.Tensor, b: tf.Tensor, options?: IouOptions): tf.Tensor {
  return elementwise(a, b, 'iou', options, 'iou');
}

/**
 * Element-wise generalized IoU `IoU − (C − U) / (C + eps)`, `C` the area of the smallest
 * enclosing box (`1 − generalized_box_iou_loss`). Broadcasts like {@link iou}.
 *
 * @param a - `[..., 4]` float32 boxes.
 * @param b - `[..., 4]` float32 boxes, broadcastable with `a`.
 * @returns the broadcast batch shape, values in [−1, 1].
 */
export function giou(a: tf.Tensor, b: tf.Tensor, options?: IouOptions): tf.Tensor {
  return elementwise(a, b, 'giou', options, 'giou');
}

/**
 * Element-wise distance IoU `IoU − ρ² / (c² + eps)`, `ρ` the distance between the centres,
 * `c` the diagonal of the smallest enclosing box (`1 − distance_box_iou_loss`).
 * Broadcasts like {@link iou}.
 *
 * @param a - `[..., 4]` float32 boxes.
 * @param b - `[..., 4]` float32 boxes, broadcastable with `a`.
 * @returns the broadcast batch shape, values in [−1, 1].
 */
export function diou(a: tf.Tensor, b: tf.Tensor, options?: IouOptions): tf.Tensor {
  return elementwise(a, b, 'diou', options, 'diou');
}

/**
 * Element-wise complete IoU `DIoU − α·v`, `v = 4/π² (atan2(w_b, h_b) − atan2(w_a, h_a))²`,
 * `α = v / (1 − IoU + v + 1e-7)` under stop-gradient (`1 − complete_box_iou_loss`). `atan2`
 * keeps zero-height boxes finite where torchvision's `atan(w / h)` gives NaN gradients.
 * Broadcasts like {@link iou}.
 *
 * @param a - `[..., 4]` float32 boxes (torchvision's `boxes1`, the prediction).
 * @param b - `[..., 4]` float32 boxes, broadcastable with `a`.
 * @returns the broadcast batch shape, values in [−1.5, 1].
 */
export function ciou(a: tf.Tensor, b: tf.Tensor, options?: IouOptions): tf.Tensor {
  return elementwise(a, b, 'ciou', options, 'ciou');
}

/**
 * Every box of `a` against every box of `b`, as torchvision's `box_iou`,
 * `generalized_box_iou`, `distance_box_iou`, `complete_box_iou` (see
 * {@link PairwiseIouOptions.eps} for where eps goes). Differentiable.
 *
 * @param a - `[N, 4]` float32 boxes.
 * @param b - `[M, 4]` float32 boxes.
 * @returns `[N, M]`: entry `(i, j)` compares `a[i]` with `b[j]`.
 */
export function pairwiseIou(a: tf.Tensor, b: tf.Tensor, options?: PairwiseIouOptions): tf.Tensor {
  const fn = 'pairwiseIou';
  prepareTfjs(tf, PACKAGE);
  assertBoxTensor(a, `${fn}: a`);
  assertBoxTensor(b, `${fn}: b`);
  if (a.rank !== 2) throw new YoloInputError(`${fn}: a: expected shape [N, 4], got [${a.shape.join(', ')}]`);
  if (b.rank !== 2) throw new YoloInputError(`${fn}: b: expected shape [M, 4], got [${b.shape.join(', ')}]`);
  const opts = checkOptions(options, fn);
  const kind = opts.kind ?? 'iou';
  if (!['iou', 'giou', 'diou', 'ciou'].includes(kind)) {
    throw new YoloInputError(`${fn}: options.kind: expected 'iou', 'giou', 'diou' or 'ciou', got ${describe(kind)}`);
  }
  const format = checkFormat(opts.format, `${fn}: options.format`);
  const eps = checkEps(opts.eps, DEFAULT_EPS, `${fn}: options.eps`);
  const terms: EpsTerms = { union: 0, enclosingArea: 0, diagonal: eps };
  return tf.tidy(() =>
    iouFamily(tf.expandDims(toXyxy(a, format), 1), tf.expandDims(toXyxy(b, format), 0), kind, terms),
  );
}

function toXyxy(t: tf.Tensor, format: BoxFormat): tf.Tensor {
  return format === 'xyxy' ? t : xywhToXyxy(t);
}

/** Checks that `options` is undefined or an object. @internal */
export function checkOptions<T extends object>(options: T | undefined, fn: string): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new YoloInputError(`${fn}: options: expected an object, got ${describe(options)}`);
  }
  return options;
}
