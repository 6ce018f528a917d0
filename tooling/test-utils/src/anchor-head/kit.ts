import type * as tf from '@tensorflow/tfjs-core';
import type { GroundTruthLike, PresetName } from '../suite-types.js';

/** The shape of one head tensor, `[N, H, W, A·(5+C)]`. */
export type HeadShape = readonly [number, number, number, number];

/** The config keys the shared anchor-head suites set (every anchor-head version has them). */
export interface AnchorHeadSuiteOptions {
  preset?: PresetName;
  inputSize?: readonly [number, number];
  numClasses?: number;
  anchors?: readonly (readonly [number, number])[];
  masks?: readonly (readonly number[])[];
  lambdaCoord?: number;
  lambdaObj?: number;
  lambdaClass?: number;
  ignoreThreshold?: number;
  reduction?: 'mean' | 'sum';
}

/** What an anchor-head loss returns: scalar terms and plain-number stats. */
export interface AnchorHeadLossResult {
  total: tf.Tensor;
  box: tf.Tensor;
  obj: tf.Tensor;
  noobj: tf.Tensor;
  cls: tf.Tensor;
  stats: {
    numGt: number;
    numTargets: number;
    droppedTargets: number;
    responsible: readonly (readonly number[])[];
    responsibleGt: readonly number[];
    dropped: readonly (readonly number[])[];
  };
}

/**
 * One anchor-head version (YOLOv3, YOLOv4) as the shared suites see it: its name, its loss and
 * target encoder, its presets and the order of its default heads.
 *
 * @typeParam O - the version's options type (`Yolov3Options`, ...).
 * @typeParam T - what its `encodeTargets` returns.
 */
export interface AnchorHeadKit<O extends AnchorHeadSuiteOptions, T = unknown> {
  /** `'yolov3'`, `'yolov4'`: in every test title. */
  version: string;
  /** The loss (`yolov3Loss`, ...); `options` may carry `implementation`. */
  loss(heads: tf.Tensor[], groundTruth: GroundTruthLike | T, options?: O & { implementation?: string }): AnchorHeadLossResult;
  /** The CPU target encoder (`encodeYolov3Targets`, ...). */
  encodeTargets(
    groundTruth: GroundTruthLike,
    options: O & { gridSizes?: readonly (readonly [number, number])[]; batchSize?: number },
  ): T;
  /** The config resolver (`resolveYolov3Config`, ...). */
  resolve(options?: O): object;
  /** Every preset as a full record of the keys. */
  presets: Readonly<Record<PresetName, Readonly<{ masks: readonly (readonly number[])[] }>>>;
  /**
   * The order of the default masks' heads: `'coarse-first'` (YOLOv3: 13, 26, 52 at 416) or
   * `'fine-first'` (YOLOv4: 76, 38, 19 at 608). The suites state their head shapes coarse first.
   */
  headOrder: 'coarse-first' | 'fine-first';
  /** Whether a GT also claims every anchor above a shape-IoU threshold (YOLOv4's `iouThreshold`). */
  claimsExtraAnchors: boolean;
}

/** `shapes` (stated coarse grid first) in the kit's head order. */
export function inHeadOrder<S>(kit: { headOrder: 'coarse-first' | 'fine-first' }, shapes: readonly S[]): S[] {
  return kit.headOrder === 'coarse-first' ? [...shapes] : [...shapes].reverse();
}

/** The `[W, H]` grid of each head shape. */
export function gridsOf(shapes: readonly HeadShape[]): [number, number][] {
  return shapes.map((s) => [s[2], s[1]]);
}
