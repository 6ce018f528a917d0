import type * as tf from '@tensorflow/tfjs-core';
import type { Detection, GroundTruthInput } from '@yolo-loss/geometry';
import type { Assignment, DecodeOptions, LossImplementation, YoloVersion } from '@yolo-loss/heads';
import type { Yolov8Options } from './config.js';
import type { Yolov8Config } from './presets.js';
import type { EncodeYolov8Options, Yolov8Targets } from './targets.js';
import type { LossResult } from './types.js';

/** Options of {@link Yolov8Version.loss}: config keys, the preset, and which implementation runs. */
export type Yolov8LossOptions = Yolov8Options & { implementation?: LossImplementation };

/**
 * The YOLOv8 version object's type: `@yolo-loss/heads`' `YoloVersion` for YOLOv8's config, with
 * YOLOv8's own result (its `dfl` term), targets and encoder options.
 */
export interface Yolov8Version extends YoloVersion<Yolov8Config, Yolov8Options, Yolov8Targets> {
  /** The loss terms (`box`, `cls`, `dfl`; `obj` and `noobj` 0) and YOLOv8's stats. */
  loss(
    this: void,
    outputs: readonly tf.Tensor[],
    groundTruth: GroundTruthInput | Yolov8Targets,
    options?: Yolov8LossOptions,
  ): LossResult;
  /** The prediction-independent targets (pixel corners, padded), ahead of the step (`batchSize` optional). */
  encodeTargets(this: void, groundTruth: GroundTruthInput, options?: EncodeYolov8Options): Yolov8Targets;
  /** Detections per image, with the decode options every version takes. */
  decode(this: void, outputs: readonly tf.Tensor[], options?: Yolov8Options & DecodeOptions): Promise<Detection[][]>;
  /** The assignment the loss makes for these outputs, read back in the shape every version shares (docs/losses/yolov8.md, "Assignment"). */
  assignment(
    this: void,
    outputs: readonly tf.Tensor[],
    groundTruth: GroundTruthInput | Yolov8Targets,
    options?: Yolov8Options,
  ): Promise<Assignment>;
}
