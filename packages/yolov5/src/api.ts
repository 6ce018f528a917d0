import type { Yolov5Version } from './version-type.js';
import { yolov5Core } from './version.js';

/**
 * YOLOv5 (ultralytics' `ComputeLoss`) behind the interface every version shares
 * (`@yolo-loss/heads`' `YoloVersion`): `name`, `presets`, `resolveConfig`, `outputShapes`, `loss`,
 * `encodeTargets`, `decode`, `assignment`, and the tfjs-layers adapters `layersLoss`,
 * `layersTargets`, `layersMetrics`. The functions below are the same functions under the names
 * every version package exports.
 *
 * @example
 * ```ts
 * const cfg = yolov5.resolveConfig({ numClasses: 3, inputSize: [640, 640] });
 * yolov5.outputShapes(cfg); // [[80, 80, 24], [40, 40, 24], [20, 20, 24]]: strides 8, 16, 32
 * const { total } = yolov5.loss(model.predict(images), groundTruth, cfg);
 * ```
 */
export const yolov5: Yolov5Version = yolov5Core;

/**
 * Resolves the YOLOv5 configuration: the `ultralytics` preset's values, then every key given
 * (`yolov5.resolveConfig`). `levelWeights`, when not given, follows `masks`: `[4, 1, 0.4]` for 3
 * outputs, else the first `masks.length` of `[4, 1, 0.25, 0.06, 0.02]`. Throws a `YoloInputError`
 * naming the key on a bad value or an unknown key.
 *
 * @param options - `{ preset?: 'ultralytics', ...config keys }` (docs/losses/yolov5.md).
 * @returns the frozen configuration: every key, no preset name.
 */
export const resolveYolov5Config = yolov5Core.resolveConfig;

/**
 * The output shapes a configuration implies (`yolov5.outputShapes`): output `i` has stride
 * `8·2^i`, grid `inputSize / stride`, `A·(5 + C)` channels.
 *
 * @param options - config keys (a resolved config fits).
 * @returns `[height, width, channels]` per output, in the order of `masks`.
 */
export const yolov5OutputShapes = yolov5Core.outputShapes;

/**
 * The YOLOv5 training loss, ultralytics' `ComputeLoss` (`yolov5.loss`; docs/losses/yolov5.md):
 * per output, `box` = λcoord · mean over its positives of `1 − CIoU`; objectness =
 * `levelWeights[i]` · λobj · mean over every cell and anchor of `BCE(to, target)` with the
 * detached, clamped CIoU as the positives' target (split into `obj`, the positive slots, and
 * `noobj`, the others); `cls` = λclass · mean class BCE over the positives (none when `C = 1`);
 * summed over outputs. `reduction: 'sum'` (the preset) multiplies every term by the batch size,
 * as ultralytics' returned loss; `'mean'` gives the terms it logs. Differentiable with respect to
 * the outputs; no GPU→CPU read; leaves only the result.
 *
 * @param outputs - one raw output per mask, each `[N, H, W, A·(5+C)]` float32 (`A = masks[i].length`), channel `a·(5+C) + k`.
 * @param groundTruth - `GtBox[][]`, padded `[N, maxBoxes, 5]`, or targets from {@link encodeYolov5Targets}.
 * @param options - `{ preset?, implementation?, ...config keys }`; `implementation` `'auto'`
 *   (default: one fused kernel per output where the backend has it — cpu, webgpu), `'fused'` or
 *   `'composed'` (tfjs ops, any backend). Same values and gradients either way.
 * @returns the scalar terms (`total = box + obj + noobj + cls`) and plain-number stats.
 */
export const yolov5Loss = yolov5Core.loss;

/**
 * Encodes ground truth into YOLOv5 targets on the CPU, ahead of the training step
 * (`yolov5.encodeTargets`): per output, the (GT, anchor) pairs whose side ratios pass
 * `anchorThreshold`, each at its own cell and the neighbour cells its centre is nearest to, in
 * ultralytics' emission order, with each slot's last writer for the objectness target.
 *
 * @param groundTruth - `GtBox[][]`, or padded `[N, maxBoxes, 5]` (`number[][][]`; a `Float32Array` needs `batchSize`).
 * @param options - config keys, `gridSizes` (default: `inputSize / (8·2^i)`), and `batchSize` for a flat `Float32Array`.
 */
export const encodeYolov5Targets = yolov5Core.encodeTargets;

/**
 * Decodes YOLOv5 outputs into detections per image (`yolov5.decode`): `x = (2σ(tx) − ½ + col)/W`,
 * `w = (2σ(tw))²·anchorW / inputW` (image-normalised `xywh`), score `σ(to)·σ(c)` per class
 * (`σ(to)` when `C = 1`), then the score threshold (`>`) and NMS with the options every version
 * takes. Reads the tensors with `await t.data()`; disposes everything it creates.
 *
 * @param outputs - one raw output per mask, `[N, H, W, A·(5+C)]`.
 * @param options - config keys and the decode options (`scoreThreshold` 0.25, `nms` `'iou'`,
 *   `nmsThreshold` 0.45, `nmsBeta` 1, `classAgnostic` false, `maxDetections` 100).
 * @returns one list per image, by descending score.
 */
export const decodeYolov5 = yolov5Core.decode;
