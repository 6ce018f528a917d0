import type * as tf from '@tensorflow/tfjs-core';
import type { GroundTruthLike, PresetName } from '../suite-types.js';
import type { LossTerms } from '../loss-terms.js';

/** The config keys the shared one-head suites set (YOLOv1 and YOLOv2 both have them). */
export interface GridHeadSuiteOptions {
  preset?: PresetName;
  gridSize?: number | readonly [number, number];
  numClasses?: number;
  lambdaCoord?: number;
  reduction?: 'mean' | 'sum';
}

/**
 * One one-head version (YOLOv1, YOLOv2) as the shared suites see it: its name, loss, target
 * encoder, resolver and presets, and the small config the suites run on.
 *
 * @typeParam O - the version's options type (`Yolov1Options`, ...).
 * @typeParam T - what its `encodeTargets` returns.
 */
export interface GridHeadKit<O extends GridHeadSuiteOptions, T = unknown> {
  /** `'yolov1'`, `'yolov2'`: in every test title. */
  version: string;
  /** The loss (`yolov1Loss`, ...); `options` may carry `implementation`. */
  loss(
    predictions: tf.Tensor4D | tf.Tensor4D[],
    groundTruth: GroundTruthLike | T,
    options?: O & { implementation?: string },
  ): LossTerms & { stats: object };
  /** The CPU target encoder (`encodeYolov1Targets`, ...); `batchSize` for a flat `Float32Array`. */
  encodeTargets(groundTruth: GroundTruthLike, options: O, batchSize?: number): T;
  /** The config resolver (`resolveYolov1Config`, ...). */
  resolve(options?: O): object;
  presets: Readonly<Record<PresetName, object>>;
  /** The small config of the suites: a 4×4 grid, 3 classes, and the version's own keys (predictors, anchors). */
  small: O;
  /** Channels per cell of the small config (`B·5 + C`, `A·(5 + C)`). */
  channels: number;
}
