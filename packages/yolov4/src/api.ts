import type { ConfigOptions } from '@yolo-loss/backend';
import type * as heads from '@yolo-loss/heads';
import type { Yolov4Config } from './presets.js';
import { yolov4Core } from './version.js';

/** The presets of YOLOv4: `paper` (the default) and `darknet`. */
export type Yolov4Preset = 'paper' | 'darknet';
/** `{ preset?, ...any config key }`: unspecified keys come from the preset. */
export type Yolov4Options = ConfigOptions<Yolov4Config, Yolov4Preset>;
/** A fully resolved configuration: every key, no preset name (pass it anywhere options go). */
export type ResolvedYolov4Config = Readonly<Yolov4Config>;
/** Options of {@link yolov4Loss}: config keys, the preset, and which implementation runs. */
export type Yolov4LossOptions = heads.AnchorHeadLossOptions<Yolov4Config, Yolov4Preset>;
/** The prediction-independent part of the YOLOv4 loss (the shared anchor-head targets; box targets: the GT's `xywh`, one layer per sharing GT). */
export type Yolov4Targets = heads.AnchorHeadTargets;
/** The targets of one head. */
export type Yolov4HeadTargets = heads.AnchorHeadTargetsOfHead;
/** Options of {@link encodeYolov4Targets}: config keys plus the head grids and the batch size. */
export type EncodeYolov4Options = Yolov4Options & heads.EncodeAnchorHeadOptions;
/** Which slots a loss call treats how (for tests and debugging). */
export type Yolov4Assignment = heads.AnchorHeadAssignment;
/** Post-processing options of {@link decodeYolov4} (the same for every version). */
export type Yolov4DecodeOptions = heads.DecodeOptions;

/** The YOLOv4 version object's type: {@link heads.YoloVersion} for YOLOv4's config, plus its definition. */
export type Yolov4Version = heads.AnchorHeadVersion<Yolov4Config, Yolov4Preset>;

/**
 * YOLOv4 behind the interface every version shares (`@yolo-loss/heads`' `YoloVersion`): `name`,
 * `resolveConfig`, `outputShapes`, `loss`, `encodeTargets`, `decode`, `assignment`, and the
 * tfjs-layers adapters `layersLoss`, `layersTargets`, `layersMetrics`. The functions below are the
 * same functions under their earlier names.
 *
 * @example
 * ```ts
 * const cfg = yolov4.resolveConfig({ numClasses: 3, inputSize: [416, 416] });
 * yolov4.outputShapes(cfg); // [height, width, channels] per model output
 * const { total } = yolov4.loss(model.predict(images), groundTruth, cfg);
 * ```
 */
export const yolov4: Yolov4Version = yolov4Core;

/**
 * Resolves the YOLOv4 configuration: the preset's values (`paper` unless `options.preset` says
 * otherwise), then every key given. Throws naming the key on a bad value, an unknown key, or masks
 * that do not use every anchor index exactly once.
 *
 * @param options - `{ preset?, ...config keys }` (docs/losses/yolov4.md).
 * @returns the frozen configuration.
 */
export const resolveYolov4Config = yolov4Core.resolveConfig;

/**
 * The YOLOv4 training loss (docs/losses/yolov4.md): `total = box + obj + noobj + cls`, each a
 * scalar tensor summed per image and averaged (`reduction: 'mean'`) or summed over the batch. The
 * box term is `λcoord · Σ (1 − CIoU)` (or DIoU/GIoU/IoU, `boxLoss`) of the decoded boxes.
 * Differentiable with respect to `predictions`; no GPU→CPU read; leaves only the result.
 *
 * @param predictions - one raw head output per mask, each `[N, H, W, A·(5+C)]` float32 (`A = masks[h].length`).
 * @param groundTruth - `GtBox[][]` (one list per image), padded `[N, maxBoxes, 5]`, or targets from {@link encodeYolov4Targets}.
 * @param options - `{ preset?: 'paper' | 'darknet', implementation?, ...config keys }`; `implementation`
 *   `'auto'` (default: one fused kernel per head where the backend has it — cpu, webgpu, webgl), `'fused'` or `'composed'` (tfjs ops).
 * @returns the scalar terms and plain-number stats (responsible slots, dropped claims).
 */
export const yolov4Loss = yolov4Core.loss;

/**
 * Encodes ground truth into YOLOv4 targets on the CPU, ahead of the training step. Each GT, in
 * input order, claims its best anchor over all heads (shape IoU, ties to the lowest index), then
 * every other anchor whose shape IoU is `> iouThreshold`, each in its head's cell for the GT; a
 * slot already taken follows `slotConflict`.
 *
 * @param groundTruth - `GtBox[][]`, or padded `[N, maxBoxes, 5]` (`number[][][]`; a `Float32Array` needs `batchSize`).
 * @param options - config keys, `gridSizes`, and `batchSize` for a flat `Float32Array`.
 */
export const encodeYolov4Targets = yolov4Core.encodeTargets;

/**
 * Runs the assignment of {@link yolov4Loss} and reads it back: responsible, dropped and ignored
 * slots. Async (one `await t.data()` per head); not part of a training step.
 *
 * @param predictions - one raw head output per mask, `[N, H, W, A·(5+C)]`.
 * @param groundTruth - `GtBox[][]` or padded `[N, maxBoxes, 5]`.
 * @param options - as for {@link yolov4Loss}.
 */
export const yolov4Assignment = yolov4Core.slotAssignment;

/**
 * Decodes YOLOv4 head outputs into detections per image: boxes
 * `x = (s·σ(tx) − (s − 1)/2 + col)/W` (`s = scaleXY[h]`), `w = p_w·e^{tw}/inputW`
 * (image-normalised `xywh`), score `σ(to)·σ(c)` per class, then the score threshold and NMS. Reads
 * the tensors with `await t.data()` (never synchronously); disposes everything it creates.
 *
 * @param predictions - one raw head output per mask, `[N, H, W, A·(5+C)]`.
 * @param options - config keys (`anchors`, `masks`, `inputSize`, `numClasses`, …) and {@link Yolov4DecodeOptions}.
 * @returns one list per image, by descending score.
 */
export const decodeYolov4 = yolov4Core.decode;
