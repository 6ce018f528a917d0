import type * as tf from '@tensorflow/tfjs-core';
import type { LossResult } from '@yolo-loss/backend';
import type { Detection, GroundTruthInput } from '@yolo-loss/geometry';
import type { DecodeOptions } from '../decode/decode-options.js';
import type { LossImplementation } from '../implementation.js';

/** The keys every version's resolved config has, under these names. */
export interface YoloConfig {
  /** Classes `C`. */
  readonly numClasses: number;
  /** `[width, height]` of the network input in pixels. */
  readonly inputSize: readonly [number, number];
}

/**
 * The options every version understands the same way: a preset and the keys every version has.
 * Each version's own options type adds its keys (an unknown key is an error at run time); code that
 * handles any version (`YoloVersion`) passes these, or a config a version resolved.
 */
export interface YoloOptions {
  preset?: string;
  numClasses?: number;
  inputSize?: readonly [number, number];
}

/** One responsible slot: output `output`, image, cell, anchor (YOLOv1: predictor) and the GT it answers for. */
export interface AssignedSlot {
  output: number;
  image: number;
  row: number;
  col: number;
  /** Anchor position in the output's mask (YOLOv1: the responsible predictor `j*`). */
  anchor: number;
  /** Index of the GT in its image's list. */
  gt: number;
  /** IoU of the slot's decoded box with its GT, where the loss uses it (YOLOv1/v2's rescore target). */
  iou?: number;
}

/** A slot: output, image, cell and anchor. */
export interface SlotPosition {
  output: number;
  image: number;
  row: number;
  col: number;
  anchor: number;
}

/** A (GT, slot) claim that lost the slot to another GT. */
export interface DroppedClaim extends SlotPosition {
  /** Index of the GT in its image's list. */
  gt: number;
}

/** The assignment a loss call uses, read back: one shape for every version. */
export interface Assignment {
  /** Responsible slots, ordered by output, image, row, column, anchor. */
  responsible: AssignedSlot[];
  /** Non-responsible slots with no `noobj` term (the ignore rule), in the same order. */
  ignored: SlotPosition[];
  /** Claims that lost their slot (`slotConflict`). */
  dropped: DroppedClaim[];
}

/** A tfjs-layers loss function for one model output: `(yTrue, yPred) => scalar`. */
export type LayersLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** Options of the tfjs-layers adapters, besides the config keys. */
export interface LayersOptions {
  /**
   * The most ground-truth boxes per image the targets carry: `layersTargets` and `layersLoss` must
   * be given the same value. Default 100, or fewer where an output's `yTrue` has no room for them
   * (about 40 values per box in the smallest output): the same for both, from the config alone.
   */
  maxBoxes?: number;
}

/** Per-term tfjs-layers metrics of one output, named after the term (`box`, `obj`, `noobj`, `cls`, …). */
export type LayersMetrics = LayersLoss[];

/**
 * One YOLO version behind one interface: what an integrator needs to build, train, evaluate and
 * decode a detector with it, the same for every version (`@yolo-loss/yolov1` … `yolov8` each export
 * one). Swap versions by swapping the object.
 *
 * @typeParam C - the version's resolved config.
 * @typeParam O - the options its functions take (preset and config keys).
 * @typeParam T - its encoded targets.
 */
export interface YoloVersion<C extends YoloConfig = YoloConfig, O extends object = YoloOptions, T = unknown> {
  /** `'yolov1'` … */
  readonly name: string;
  /** The preset names, the default first. */
  readonly presets: readonly string[];
  /** Preset values, then every key given, validated: every key, no preset name. */
  resolveConfig(this: void, options?: O): Readonly<C>;
  /** `[height, width, channels]` of each model output, in the order `loss` and `decode` take them. */
  outputShapes(this: void, options?: O): [number, number, number][];
  /**
   * The loss: scalar `total = box + obj + noobj + cls` (+ a version's own terms, e.g. YOLOv8's
   * `dfl`), each term, and plain-number stats. Differentiable; no GPU→CPU read.
   *
   * @param outputs - the raw model outputs, one `[N, H, W, channels]` tensor per output.
   */
  loss(
    this: void,
    outputs: readonly tf.Tensor4D[],
    groundTruth: GroundTruthInput | T,
    options?: O & { implementation?: LossImplementation },
  ): LossResult;
  /** The prediction-independent targets of a batch, on the CPU, for `loss` (ahead of the step). */
  encodeTargets(this: void, groundTruth: GroundTruthInput, options?: O): T;
  /** Detections per image (image-normalised centre `xywh`, score, class), after the score threshold and NMS. */
  decode(this: void, outputs: readonly tf.Tensor4D[], options?: O & DecodeOptions): Promise<Detection[][]>;
  /** The assignment the loss uses, read back (async; for tests, debugging, visualisation). */
  assignment(this: void, outputs: readonly tf.Tensor4D[], groundTruth: GroundTruthInput, options?: O): Promise<Assignment>;
  /**
   * tfjs-layers losses, one per output, for `model.compile({ loss })`; with the targets of
   * {@link layersTargets} their sum equals `loss(...).total`.
   */
  layersLoss(this: void, options?: O & LayersOptions): LayersLoss[];
  /** The `ys` for `model.fit` / `fitDataset`: one tensor per output, shaped as that output. */
  layersTargets(this: void, groundTruth: GroundTruthInput, options?: O & LayersOptions): tf.Tensor[];
  /**
   * Per-term tfjs-layers metrics, one list per output (`metrics` of `model.compile`): each output's
   * `box`, `obj`, `noobj`, `cls` share of the loss, so the terms show in `fit`'s logs.
   */
  layersMetrics(this: void, options?: O & LayersOptions): LayersMetrics[];
}
