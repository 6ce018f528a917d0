import type { Yolov8Version } from './version-type.js';
import { yolov8Core } from './version.js';

/**
 * YOLOv8 (ultralytics' `v8DetectionLoss`) behind the interface every version shares
 * (`@yolo-loss/heads`' `YoloVersion`): `name`, `presets`, `resolveConfig`, `outputShapes`, `loss`,
 * `encodeTargets`, `decode`, `assignment`, and the tfjs-layers adapters `layersLoss`,
 * `layersTargets`, `layersMetrics`. The functions below are the same functions under the names
 * every version package exports.
 *
 * @example
 * ```ts
 * const cfg = yolov8.resolveConfig({ numClasses: 3, inputSize: [640, 640] });
 * yolov8.outputShapes(cfg); // [[80, 80, 67], [40, 40, 67], [20, 20, 67]]: strides 8, 16, 32
 * const { total } = yolov8.loss(model.predict(images), groundTruth, cfg);
 * ```
 */
export const yolov8: Yolov8Version = yolov8Core;

/**
 * Resolves the YOLOv8 configuration: the `ultralytics` preset's values, then every key given
 * (`yolov8.resolveConfig`). Throws a `YoloInputError` naming the key on a bad value or an unknown
 * key.
 *
 * @param options - `{ preset?: 'ultralytics', ...config keys }` (docs/losses/yolov8.md).
 * @returns the frozen configuration: every key, no preset name.
 */
export const resolveYolov8Config = yolov8Core.resolveConfig;

/**
 * The output shapes a configuration implies (`yolov8.outputShapes`): three outputs of strides 8,
 * 16, 32, grid `inputSize / stride`, `4·regMax + C` channels.
 *
 * @param options - config keys (a resolved config fits).
 * @returns `[height, width, channels]` per output, ascending stride.
 */
export const yolov8OutputShapes = yolov8Core.outputShapes;

/**
 * The YOLOv8 training loss, ultralytics' `v8DetectionLoss` (`yolov8.loss`;
 * docs/losses/yolov8.md): the task-aligned assignment on the device (each GT's top-k anchors by
 * `σ(class)^α · IoU^β` among those inside it, conflicts to the largest IoU, target scores
 * normalised per GT), then `box = λcoord · Σ (1 − CIoU)·s / S`, `cls = λclass · Σ BCE / S` over
 * every anchor and class (target `one-hot · s`) and `dfl = λdfl · Σ DFL·s / S`, with `s` each
 * anchor's target score and `S = max(Σ s, 1)` over the batch; `obj`, `noobj` 0.
 * `reduction: 'sum'` (the preset) multiplies every term by the batch size, as ultralytics'
 * returned loss; `'mean'` gives the terms it logs. Differentiable with respect to the outputs
 * (nothing flows through the assignment); no GPU→CPU read; leaves only the result.
 *
 * @param outputs - one raw output per stride, ascending, each `[N, H, W, 4·regMax + C]` float32:
 *   the DFL logits side-major (`l, t, r, b` × `regMax` bins), then the class logits.
 * @param groundTruth - `GtBox[][]`, padded `[N, maxBoxes, 5]`, or targets from {@link encodeYolov8Targets}.
 * @param options - `{ preset?, implementation?, ...config keys }`; `implementation` `'auto'`
 *   (default: the fused kernels where the backend has them — cpu, webgpu), `'fused'` or
 *   `'composed'` (tfjs ops, any backend). Same values and gradients either way.
 * @returns the scalar terms (`total = box + cls + dfl`) and plain-number stats.
 */
export const yolov8Loss = yolov8Core.loss;

/**
 * Encodes ground truth into YOLOv8 targets on the CPU, ahead of the training step
 * (`yolov8.encodeTargets`): boxes in input pixels as corners, padded to the batch's largest image,
 * with classes and validity — the prediction-independent part (the assignment runs in the loss).
 *
 * @param groundTruth - `GtBox[][]`, or padded `[N, maxBoxes, 5]` (`number[][][]`; a `Float32Array` needs `batchSize`).
 * @param options - config keys, and `batchSize` for a flat `Float32Array`.
 */
export const encodeYolov8Targets = yolov8Core.encodeTargets;

/**
 * Decodes YOLOv8 outputs into detections per image (`yolov8.decode`): each side's distance is the
 * expectation over its DFL bins, the box `(point − l, point − t, point + r, point + b) · stride`
 * (image-normalised centre `xywh`), the score of class `c` is `σ(logit_c)`; then the score
 * threshold (`>`) and NMS with the options every version takes. Reads the tensors with
 * `await t.data()`; disposes everything it creates.
 *
 * @param outputs - one raw output per stride, ascending, `[N, H, W, 4·regMax + C]`.
 * @param options - config keys and the decode options (`scoreThreshold` 0.25, `nms` `'iou'`,
 *   `nmsThreshold` 0.45, `nmsBeta` 1, `classAgnostic` false, `maxDetections` 100).
 * @returns one list per image, by descending score.
 */
export const decodeYolov8 = yolov8Core.decode;
