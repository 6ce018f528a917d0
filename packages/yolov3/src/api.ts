import type { ConfigOptions } from '@yolo-loss/backend';
import type * as heads from '@yolo-loss/heads';
import type { Yolov3Config } from './presets.js';
import { yolov3Core } from './version.js';

/** The presets of YOLOv3: `paper` (the default) and `darknet`. */
export type Yolov3Preset = 'paper' | 'darknet';
/** `{ preset?, ...any config key }`: unspecified keys come from the preset. */
export type Yolov3Options = ConfigOptions<Yolov3Config, Yolov3Preset>;
/** A fully resolved configuration: every key, no preset name (pass it anywhere options go). */
export type ResolvedYolov3Config = Readonly<Yolov3Config>;
/** Options of {@link yolov3Loss}: config keys, the preset, and which implementation runs. */
export type Yolov3LossOptions = heads.AnchorHeadLossOptions<Yolov3Config, Yolov3Preset>;
/** The prediction-independent part of the YOLOv3 loss (the shared anchor-head targets; box targets in t-space). */
export type Yolov3Targets = heads.AnchorHeadTargets;
/** The targets of one head. */
export type Yolov3HeadTargets = heads.AnchorHeadTargetsOfHead;
/** Options of {@link encodeYolov3Targets}: config keys plus the head grids and the batch size. */
export type EncodeYolov3Options = Yolov3Options & heads.EncodeAnchorHeadOptions;
/** Which slots a loss call treats how (for tests and debugging). */
export type Yolov3Assignment = heads.AnchorHeadAssignment;
/** Post-processing options of {@link decodeYolov3} (the same for every version). */
export type Yolov3DecodeOptions = heads.DecodeOptions;

/** The YOLOv3 version object's type: {@link heads.YoloVersion} for YOLOv3's config, plus its definition. */
export type Yolov3Version = heads.AnchorHeadVersion<Yolov3Config, Yolov3Preset>;

/**
 * YOLOv3 behind the interface every version shares (`@yolo-loss/heads`' `YoloVersion`): `name`,
 * `resolveConfig`, `outputShapes`, `loss`, `encodeTargets`, `decode`, `assignment`, and the
 * tfjs-layers adapters `layersLoss`, `layersTargets`, `layersMetrics`. The functions below are the
 * same functions under their earlier names.
 *
 * @example
 * ```ts
 * const cfg = yolov3.resolveConfig({ numClasses: 3, inputSize: [416, 416] });
 * yolov3.outputShapes(cfg); // [height, width, channels] per model output
 * const { total } = yolov3.loss(model.predict(images), groundTruth, cfg);
 * ```
 */
export const yolov3: Yolov3Version = yolov3Core;

/**
 * Resolves the YOLOv3 configuration: the preset's values (`paper` unless `options.preset` says
 * otherwise), then every key given. Throws naming the key on a bad value, an unknown key, or masks
 * that do not use every anchor index exactly once.
 *
 * @param options - `{ preset?, ...config keys }` (docs/losses/yolov3.md).
 * @returns the frozen configuration.
 */
export const resolveYolov3Config = yolov3Core.resolveConfig;

/**
 * The YOLOv3 training loss (docs/losses/yolov3.md): `total = box + obj + noobj + cls`, each a
 * scalar tensor summed per image and averaged (`reduction: 'mean'`) or summed over the batch.
 * Differentiable with respect to `predictions`; no GPU→CPU read; leaves only the result.
 *
 * @param predictions - one raw head output per mask, each `[N, H, W, A·(5+C)]` float32 (`A = masks[h].length`).
 * @param groundTruth - `GtBox[][]` (one list per image), padded `[N, maxBoxes, 5]`, or targets from {@link encodeYolov3Targets}.
 * @param options - `{ preset?: 'paper' | 'darknet', implementation?, ...config keys }`; `implementation`
 *   `'auto'` (default: one fused kernel per head where the backend has it — cpu, webgpu, webgl), `'fused'` or `'composed'` (tfjs ops).
 * @returns the scalar terms and plain-number stats (responsible slots, dropped GTs).
 */
export const yolov3Loss = yolov3Core.loss;

/**
 * Encodes ground truth into YOLOv3 targets on the CPU, ahead of the training step: the best
 * anchor over all heads by shape IoU (ties to the lowest anchor index), the GT's cell in that
 * head, slot conflicts (`slotConflict`), the t-space targets and the box weights.
 *
 * @param groundTruth - `GtBox[][]`, or padded `[N, maxBoxes, 5]` (`number[][][]`; a `Float32Array` needs `batchSize`).
 * @param options - config keys, `gridSizes`, and `batchSize` for a flat `Float32Array`.
 */
export const encodeYolov3Targets = yolov3Core.encodeTargets;

/**
 * Runs the assignment of {@link yolov3Loss} and reads it back: responsible, dropped and ignored
 * slots. Async (one `await t.data()` per head); not part of a training step.
 *
 * @param predictions - one raw head output per mask, `[N, H, W, A·(5+C)]`.
 * @param groundTruth - `GtBox[][]` or padded `[N, maxBoxes, 5]`.
 * @param options - as for {@link yolov3Loss}.
 */
export const yolov3Assignment = yolov3Core.slotAssignment;

/**
 * Decodes YOLOv3 head outputs into detections per image: boxes `x = (σ(tx) + col)/W`,
 * `w = p_w·e^{tw}/inputW`
 * (image-normalised `xywh`), score `σ(to)·σ(c)` per class, then the score threshold and NMS. Reads
 * the tensors with `await t.data()` (never synchronously); disposes everything it creates.
 *
 * @param predictions - one raw head output per mask, `[N, H, W, A·(5+C)]`.
 * @param options - config keys (`anchors`, `masks`, `inputSize`, `numClasses`, …) and {@link Yolov3DecodeOptions}.
 * @returns one list per image, by descending score.
 */
export const decodeYolov3 = yolov3Core.decode;
