import type { GridHeadVersion } from '@yolo-loss/heads';
import type { Yolov1Assignment } from './assignment.js';
import type { Yolov1Preset } from './config.js';
import type { Yolov1Config } from './presets.js';
import type { TargetTensors } from './target-tensors.js';
import type { Yolov1Targets } from './targets.js';
import { yolov1Core } from './version.js';

/** The YOLOv1 version object's type: `@yolo-loss/heads`' `YoloVersion` for YOLOv1's config, plus its definition. */
export type Yolov1Version = GridHeadVersion<Yolov1Config, Yolov1Preset, Yolov1Targets, TargetTensors, Yolov1Assignment>;

/**
 * YOLOv1 behind the interface every version shares (`@yolo-loss/heads`' `YoloVersion`): `name`,
 * `resolveConfig`, `outputShapes`, `loss`, `encodeTargets`, `decode`, `assignment`, and the
 * tfjs-layers adapters `layersLoss`, `layersTargets`, `layersMetrics`. The functions below are the
 * same functions under their earlier names (`yolov1Assignment` keeps its earlier result shape).
 *
 * @example
 * ```ts
 * const cfg = yolov1.resolveConfig({ numClasses: 3, inputSize: [448, 448] }); // gridSize 7
 * yolov1.outputShapes(cfg); // [[7, 7, 13]]
 * ```
 */
export const yolov1: Yolov1Version = yolov1Core;

/**
 * Resolves YOLOv1 options: the preset's values (`paper` unless `preset` says otherwise), overridden
 * key by key, every value validated. A preset is only a record of values for these keys.
 *
 * @param options - `{ preset?, ...keys }`; unknown keys are an error.
 * @returns the frozen configuration.
 * @throws TypeError naming the key and what was expected.
 */
export const resolveYolov1Config = yolov1Core.resolveConfig;

/**
 * The YOLOv1 training loss (docs/losses/yolov1.md):
 * ```
 * box   = λcoord · Σ_cells-with-GT [(x − x̂)² + (y − ŷ)² + (√w − √ŵ)² + (√h − √ĥ)²]  at j*
 * obj   = λobj   · Σ_cells-with-GT (Ĉ_j* − IoU*)²        (rescore=false: target 1)
 * noobj = λnoobj · Σ_(cell, b) not responsible Ĉ²
 * cls   = λclass · Σ_cells-with-GT Σ_c (p̂(c) − onehot(c))²
 * ```
 * `activation: 'logistic'` decodes through σ (softmax classes); `'linear'` reads the outputs as
 * they are (`√w = tw`); `squaredErrorScale` ½ halves every term (Darknet's `delta` is the
 * gradient of ½·SE). The `darknet` preset sets both.
 * Per-image sums; `reduction: 'mean'` divides by the batch size, `'sum'` adds.
 *
 * The responsible predictor `j*` and `IoU*` are computed on the device from the predictions
 * under stop-gradient; the cell targets are encoded on the CPU. No GPU→CPU read.
 *
 * @param predictions - `[N, S_h, S_w, B·5 + C]` raw head outputs, float32 (or an array of one).
 * @param groundTruth - one `GtBox` list per image (or the padded forms), or targets from
 *   {@link encodeYolov1Targets} made with the same config.
 * @param options - `{ preset?, ...config keys }`, or a config from `resolveYolov1Config`.
 * @returns scalar tensors `total, box, obj, noobj, cls` (the caller disposes them) and stats.
 * @throws Error on a bad config key, prediction shape/dtype, or ground-truth box (naming
 *   image and box).
 */
export const yolov1Loss = yolov1Core.loss;

/**
 * Encodes a batch's ground truth into dense YOLOv1 targets. Cell of a GT:
 * `col = floor(x·W)`, `row = floor(y·H)` (clamped); one GT per cell, the first in input order
 * wins (Darknet's `fill_truth_region` keeps the first too).
 *
 * @param groundTruth - `GtBox[][]`, padded `[N, maxBoxes, 5]` arrays or a flat `Float32Array`.
 * @param options - preset and config keys (uses `gridSize`, `numClasses`).
 * @param batchSize - images in the batch; required for a `Float32Array`, else its length.
 * @throws Error naming the image and box of a bad GT.
 */
export const encodeYolov1Targets = yolov1Core.encodeTargets;

/**
 * The responsible predictor of every GT as `yolov1Loss` chooses it (for tests, debugging and
 * visualisation; the loss itself never reads it back). Async: reads with `await t.data()`.
 *
 * @param predictions - `[N, S_h, S_w, B·5 + C]` (or an array of one).
 * @param groundTruth - as for `yolov1Loss`.
 * @param options - as for `yolov1Loss`.
 */
export const yolov1Assignment = yolov1Core.versionAssignment;

/**
 * Decodes YOLOv1 predictions into boxes: every predictor of every cell gives a box
 * (`((col + x)/S_w, (row + y)/S_h, w, h)`, decoded as `activation` says) with score
 * `Ĉ·p̂(c)` for each class; boxes under `scoreThreshold` are dropped, then greedy NMS.
 * Reads the device once (`await t.data()`).
 *
 * @param predictions - `[N, S_h, S_w, B·5 + C]` (or an array of one).
 * @param options - config keys and preset (as for `yolov1Loss`) plus {@link Yolov1DecodeOptions}.
 * @returns per image, detections in image-normalised `xywh`, by descending score.
 */
export const decodeYolov1 = yolov1Core.decode;
