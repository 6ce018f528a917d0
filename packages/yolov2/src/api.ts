import type { GridHeadVersion } from '@yolo-loss/heads';
import type { Yolov2Assignment } from './assignment.js';
import type { Yolov2Preset } from './config.js';
import type { Yolov2Config } from './presets.js';
import type { TargetTensors } from './target-tensors.js';
import type { Yolov2Targets } from './targets.js';
import { yolov2Core } from './version.js';

/** The YOLOv2 version object's type: `@yolo-loss/heads`' `YoloVersion` for YOLOv2's config, plus its definition. */
export type Yolov2Version = GridHeadVersion<Yolov2Config, Yolov2Preset, Yolov2Targets, TargetTensors, Yolov2Assignment>;

/**
 * YOLOv2 behind the interface every version shares (`@yolo-loss/heads`' `YoloVersion`): `name`,
 * `resolveConfig`, `outputShapes`, `loss`, `encodeTargets`, `decode`, `assignment`, and the
 * tfjs-layers adapters `layersLoss`, `layersTargets`, `layersMetrics`. The functions below are the
 * same functions under their earlier names (`yolov2Assignment` keeps its earlier result shape).
 *
 * @example
 * ```ts
 * const cfg = yolov2.resolveConfig({ numClasses: 3, inputSize: [416, 416], anchorUnits: 'pixels', anchors });
 * yolov2.outputShapes(cfg); // [[13, 13, 5 · (5 + 3)]] with five anchors
 * ```
 */
export const yolov2: Yolov2Version = yolov2Core;

/**
 * Resolves YOLOv2 options: the preset's values (`paper` unless `preset` says otherwise), overridden
 * key by key, every value validated. A preset is only a record of values for these keys.
 *
 * @param options - `{ preset?, ...keys }`; unknown keys are an error.
 * @returns the frozen configuration.
 * @throws TypeError naming the key and what was expected.
 */
export const resolveYolov2Config = yolov2Core.resolveConfig;

/**
 * The YOLOv2 training loss (docs/losses/yolov2.md), in grid-cell units:
 * ```
 * box   = λcoord · Σ_resp (2 − ŵ·ĥ) [(x − x̂)² + (y − ŷ)² + (w − ŵ_c)² + (h − ĥ_c)²]
 * obj   = λobj   · Σ_resp (Ĉ − IoU*)²                 (rescore=false: target 1)
 * noobj = λnoobj · Σ_not resp, not ignored Ĉ²
 * cls   = λclass · Σ_resp Σ_c (p̂(c) − onehot(c))²
 * ```
 * with `x = σ(tx) + col`, `w = p_w·e^{tw}`, `Ĉ = σ(to)`, `p̂ = softmax` (the `paper` preset). Keys
 * change each part: `squaredErrorScale` (½ halves the squared errors), `smallBoxWeight` (the
 * `2 − ŵ·ĥ` factor), `sizeLoss: 'log-space'` (`tw, th` against `log(ŵ_c/p_w), log(ĥ_c/p_h)`),
 * `classLoss: 'softmax-ce'` (`−λclass·log p̂(class)`); the `darknet` preset sets all four.
 * Per-image sums; `reduction: 'mean'` divides by the batch size, `'sum'` adds.
 *
 * Responsible anchors (best shape IoU in the GT's cell) are encoded on the CPU; `IoU*` and the
 * ignore mask are computed on the device under stop-gradient. No GPU→CPU read.
 *
 * @param predictions - `[N, H, W, A·(5 + C)]` raw head outputs, float32 (or an array of one).
 * @param groundTruth - one `GtBox` list per image (or the padded forms), or targets from
 *   {@link encodeYolov2Targets} made with the same config.
 * @param options - `{ preset?, ...config keys }`, or a config from `resolveYolov2Config`.
 * @returns scalar tensors `total, box, obj, noobj, cls` (the caller disposes them) and stats.
 * @throws Error on a bad config key, prediction shape/dtype, or ground-truth box (naming
 *   image and box).
 */
export const yolov2Loss = yolov2Core.loss;

/**
 * Encodes a batch's ground truth into dense YOLOv2 targets. Each GT goes to its cell
 * (`col = floor(x·W)`, `row = floor(y·H)`, clamped) and the anchor with the highest shape IoU
 * there. Two GTs on one slot: `slotConflict` `'first-wins'` keeps the first, `'last-wins'` the last (Darknet's region
 * layer overwrites).
 *
 * @param groundTruth - `GtBox[][]`, padded `[N, maxBoxes, 5]` arrays or a flat `Float32Array`.
 * @param options - preset and config keys (uses `gridSize`, `numClasses`, `anchors`, `slotConflict`).
 * @param batchSize - images in the batch; required for a `Float32Array`, else its length.
 * @throws Error naming the image and box of a bad GT.
 */
export const encodeYolov2Targets = yolov2Core.encodeTargets;

/**
 * The responsible slots, their IoU targets and the ignored slots as `yolov2Loss` computes them
 * (for tests, debugging and visualisation; the loss never reads them back). Async: reads the
 * device with `await t.data()`.
 *
 * @param predictions - `[N, H, W, A·(5 + C)]` (or an array of one).
 * @param groundTruth - as for `yolov2Loss`.
 * @param options - as for `yolov2Loss`.
 */
export const yolov2Assignment = yolov2Core.versionAssignment;

/**
 * Decodes YOLOv2 predictions into boxes: every anchor of every cell gives a box
 * `((σ(tx) + col)/W, (σ(ty) + row)/H, p_w·e^{tw}/W, p_h·e^{th}/H)` with score
 * `σ(to)·softmax(c)` for each class (every preset decodes alike); boxes under `scoreThreshold`
 * are dropped, then greedy NMS. Reads the device once (`await t.data()`).
 *
 * @param predictions - `[N, H, W, A·(5 + C)]` (or an array of one).
 * @param options - config keys and preset (as for `yolov2Loss`) plus {@link Yolov2DecodeOptions}.
 * @returns per image, detections in image-normalised `xywh`, by descending score.
 */
export const decodeYolov2 = yolov2Core.decode;
