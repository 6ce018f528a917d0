import type { Reduction } from '@yolo-loss/backend';
import type { FusedBoxTerm } from '@yolo-loss/backend/kernels';

/**
 * What happens when two ground-truth boxes claim the same slot (head, cell, anchor), GTs taken
 * in input order:
 * - `'first-wins'`: the earlier GT keeps the slot; the later one is dropped for it.
 * - `'last-wins-union-classes'`: the later GT's box and objectness targets replace the earlier
 *   one's; the class target becomes the union (multi-hot) of their classes (pjreddie Darknet's
 *   `[yolo]` layer).
 * - `'share'`: the GTs share the slot: the union of their classes, and one box term per GT, each
 *   weighted `λcoord / k` for `k` sharing GTs (AlexeyAB Darknet's `[yolo]` layer).
 */
export type SlotConflict = 'first-wins' | 'last-wins-union-classes' | 'share';

/**
 * Which boxes the ignore rule compares with the ground truth: the anchor box centred on the
 * prediction's cell (`'prior'`) or the decoded predicted box (`'prediction'`).
 */
export type IgnoreBasis = 'prior' | 'prediction';

/**
 * The complete behaviour of an anchor-head loss (YOLOv3, YOLOv4) as plain data: what every
 * version's config resolves to before the shared core runs. Nothing in the core reads a preset's
 * name; each version maps its own keys onto these fields.
 */
export interface AnchorHeadSpec {
  /** All anchors `[[w, h], …]` in input pixels. */
  readonly anchors: readonly (readonly [number, number])[];
  /** Anchor indices per head, in the order of the prediction tensors. */
  readonly masks: readonly (readonly number[])[];
  /** Each head's stride in input pixels (its grid is `inputSize / stride`), in the order of `masks`. */
  readonly strides: readonly number[];
  /** `[width, height]` of the network input in pixels. */
  readonly inputSize: readonly [number, number];
  readonly numClasses: number;
  readonly lambdaCoord: number;
  readonly lambdaObj: number;
  readonly lambdaClass: number;
  /** A non-responsible prediction whose box has IoU `>` this with a GT of its image gets no `noobj` term. */
  readonly ignoreThreshold: number;
  readonly reduction: Reduction;
  /** Besides its best anchor, a GT also claims every anchor whose shape IoU with it is `>` this (`null`: best only). */
  readonly extraAnchorIou: number | null;
  readonly slotConflict: SlotConflict;
  /**
   * The box term: t-space (`'sse-logit'`, `'sse-sigmoid'`, `'bce'` on the x, y offsets, squared
   * error on `tw`, `th`) or `1 − IoU-family(decoded box, GT)` (`'iou'`, `'giou'`, `'diou'`, `'ciou'`).
   */
  readonly boxTerm: FusedBoxTerm;
  /** t-space terms: weight of the `tw`, `th` squared errors (1, or ½ for YOLOv3's `'half-sse'`). */
  readonly whScale: number;
  /** t-space terms: the box term counts only when the best anchor's shape IoU is `>` this (`null`: always). */
  readonly coordAnchorIou: number | null;
  /** t-space terms: weight every box term by `2 − ŵ·ĥ` (the GT's image-normalised area). */
  readonly smallBoxWeight: boolean;
  /** Grid sensitivity `s` per head: `x = (s·σ(tx) − (s − 1)/2 + col) / W` (1: YOLOv3's decoding). */
  readonly scaleXY: readonly number[];
  readonly ignoreBasis: IgnoreBasis;
  /** The ignore rule also needs some class score `σ(c) > 0.25` (AlexeyAB Darknet's `compare_yolo_class`). */
  readonly ignoreClassGate: boolean;
  /** Binary label smoothing `ε` of the class targets: `t·(1 − ε) + ε/2`. */
  readonly labelSmoothing: number;
}

/** Whether the box term is one of the IoU family (decoded boxes) rather than t-space. */
export function isIouBoxTerm(term: FusedBoxTerm): term is 'iou' | 'giou' | 'diou' | 'ciou' {
  return term === 'iou' || term === 'giou' || term === 'diou' || term === 'ciou';
}

/** The unit of a config's `anchors`: input pixels, or cells of the anchor's own output grid. */
export type AnchorUnits = 'pixels' | 'grid';

/** The layout keys of every anchor-head version (YOLOv3, YOLOv4), one meaning for all. */
export interface AnchorHeadLayoutConfig {
  /** All anchors `[[w, h], ...]`, in input pixels (Darknet's `.cfg` convention) or grid cells (`anchorUnits`). */
  anchors: readonly (readonly [number, number])[];
  /** The unit of `anchors`: `'pixels'` (default) or `'grid'` (cells of the anchor's own output). */
  anchorUnits: AnchorUnits;
  /** Anchor indices per head, in the order of the prediction tensors (the model's outputs). */
  masks: readonly (readonly number[])[];
  /**
   * Each output's stride in input pixels (its grid is `inputSize / stride`), in the order of `masks`.
   * Not given: Darknet's layout, stride 32 for the output with the largest anchors, then 16, 8, ….
   */
  strides: readonly number[];
  /** `[width, height]` of the network input in pixels. */
  inputSize: readonly [number, number];
  /** Classes `C`. */
  numClasses: number;
}

/** The keys every anchor-head version has under these names (a resolved version config fits). */
export type AnchorHeadCommonKeys = { readonly anchorUnits: AnchorUnits } & Pick<
  AnchorHeadSpec,
  | 'anchors'
  | 'masks'
  | 'strides'
  | 'inputSize'
  | 'numClasses'
  | 'lambdaCoord'
  | 'lambdaObj'
  | 'lambdaClass'
  | 'ignoreThreshold'
  | 'reduction'
>;

/**
 * How a version departs from the core's defaults: its box term and slot rule always, the rest only
 * where it differs (defaults: best anchor only, `whScale` 1, no anchor-IoU gate, no `2 − ŵ·ĥ`
 * weight, `scaleXY` 1 on every head, the decoded prediction for the ignore rule, no class gate, no
 * label smoothing).
 */
export type AnchorHeadVariant = Pick<AnchorHeadSpec, 'boxTerm' | 'slotConflict'> &
  Partial<Omit<AnchorHeadSpec, keyof AnchorHeadCommonKeys | 'boxTerm' | 'slotConflict'>>;

/** The anchors of a config in input pixels (`anchorUnits: 'grid'`: times the stride of the anchor's output). */
export function anchorsInPixels(
  config: Pick<AnchorHeadCommonKeys, 'anchors' | 'masks' | 'strides' | 'anchorUnits'>,
): readonly (readonly [number, number])[] {
  if (config.anchorUnits === 'pixels') return config.anchors;
  const strideOf = new Map<number, number>();
  config.masks.forEach((mask, h) => mask.forEach((i) => strideOf.set(i, config.strides[h]!)));
  return config.anchors.map(([w, h], i) => [w * strideOf.get(i)!, h * strideOf.get(i)!] as const);
}

/**
 * The core's behaviour from a version's common keys and its {@link AnchorHeadVariant}.
 *
 * @param config - the version's resolved config (its common keys are read).
 * @param variant - what the version states about itself.
 */
export function anchorHeadSpec(config: AnchorHeadCommonKeys, variant: AnchorHeadVariant): AnchorHeadSpec {
  return {
    anchors: anchorsInPixels(config),
    masks: config.masks,
    strides: config.strides,
    inputSize: config.inputSize,
    numClasses: config.numClasses,
    lambdaCoord: config.lambdaCoord,
    lambdaObj: config.lambdaObj,
    lambdaClass: config.lambdaClass,
    ignoreThreshold: config.ignoreThreshold,
    reduction: config.reduction,
    extraAnchorIou: null,
    whScale: 1,
    coordAnchorIou: null,
    smallBoxWeight: false,
    scaleXY: config.masks.map(() => 1),
    ignoreBasis: 'prediction',
    ignoreClassGate: false,
    labelSmoothing: 0,
    ...variant,
  };
}
