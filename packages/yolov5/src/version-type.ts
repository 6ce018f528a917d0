import type * as tf from '@tensorflow/tfjs-core';
import type { Detection, GroundTruthInput } from '@yolo-loss/geometry';
import type { Assignment, DecodeOptions, LossImplementation, YoloVersion } from '@yolo-loss/heads';
import type { Yolov5Options } from './config.js';
import type { Yolov5Config } from './presets.js';
import type { EncodeYolov5Options, Yolov5Targets } from './targets.js';
import type { LossResult } from './types.js';

/** Options of {@link Yolov5Version.loss}: config keys, the preset, and which implementation runs. */
export type Yolov5LossOptions = Yolov5Options & { implementation?: LossImplementation };

/**
 * The YOLOv5 version object's type: `@yolo-loss/heads`' `YoloVersion` for YOLOv5's config, with
 * YOLOv5's own stats, targets and encoder options.
 */
export interface Yolov5Version extends YoloVersion<Yolov5Config, Yolov5Options, Yolov5Targets> {
  /** The loss terms and YOLOv5's stats (positives per output, overwritten objectness writes). */
  loss(
    this: void,
    outputs: readonly tf.Tensor[],
    groundTruth: GroundTruthInput | Yolov5Targets,
    options?: Yolov5LossOptions,
  ): LossResult;
  /** The prediction-independent targets, ahead of the step (`gridSizes`, `batchSize` optional). */
  encodeTargets(this: void, groundTruth: GroundTruthInput, options?: EncodeYolov5Options): Yolov5Targets;
  /** Detections per image, with the decode options every version takes. */
  decode(this: void, outputs: readonly tf.Tensor[], options?: Yolov5Options & DecodeOptions): Promise<Detection[][]>;
  /** The assignment the loss uses, read back in the shape every version shares (docs/losses/yolov5.md, "Assignment"). */
  assignment(
    this: void,
    outputs: readonly tf.Tensor[],
    groundTruth: GroundTruthInput | Yolov5Targets,
    options?: Yolov5Options,
  ): Promise<Assignment>;
}
