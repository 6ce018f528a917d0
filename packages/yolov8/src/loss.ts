import * as tf from '@tensorflow/tfjs-core';
import { prepareTfjs, YoloInputError, type LossResult } from '@yolo-loss/backend';
import type { GroundTruthInput } from '@yolo-loss/geometry';
import { chooseImplementation, type LossImplementation } from '@yolo-loss/heads';
import { anchorLayout } from './anchors.js';
import { composedYolov8Terms, type Yolov8Terms } from './composed.js';
import { resolveYolov8Config, type ResolvedYolov8Config, type Yolov8Options } from './config.js';
import { YOLOV8_LOSS_KERNEL } from './kernels/names.js';
import { buildTargets, checkTargets, isEncodedTargets, type Yolov8Stats, type Yolov8Targets } from './targets.js';
import { checkOutputs } from './validate.js';

/** Options of {@link yolov8Loss}: config keys, the preset, and which implementation runs. */
export type Yolov8LossOptions = Yolov8Options & { implementation?: LossImplementation };

/**
 * What {@link yolov8Loss} returns: scalar tensors (`total = box + cls + dfl`; `obj` and `noobj`
 * are 0, YOLOv8 has no objectness) and stats known without reading the device.
 */
export interface Yolov8LossResult extends LossResult<Yolov8Stats> {
  /** Distribution focal loss of the foreground anchors' box sides, scalar. */
  dfl: tf.Scalar;
}

export const PACKAGE = '@yolo-loss/yolov8';

/**
 * The YOLOv8 training loss (ultralytics' `v8DetectionLoss`, docs/losses/yolov8.md): the
 * task-aligned assignment on the device, then `box = λcoord·Σ (1 − CIoU)·s / S`,
 * `cls = λclass·Σ BCE(logit, one-hot·s) / S` over every anchor and class, and
 * `dfl = λdfl·Σ DFL·s / S`, with `s` each anchor's target score and `S = max(Σ s, 1)` over the
 * batch; `'sum'` (default) multiplies each term by the batch size. Differentiable with respect to
 * `predictions` (nothing flows through the assignment); no GPU→CPU read; leaves only the result.
 *
 * @param predictions - one `[N, H, W, 4·regMax + C]` float32 tensor per stride, ascending
 *   (`H, W = inputSize / stride`): DFL logits side-major (`l, t, r, b` × `regMax` bins), then class logits.
 * @param groundTruth - `GtBox[][]` (one list per image), padded `[N, maxBoxes, 5]` rows, or targets
 *   from {@link encodeYolov8Targets}.
 * @param options - `{ preset?: 'ultralytics', implementation?, ...config keys }`; `implementation`
 *   `'auto'` (default: the fused kernels where the backend has them — cpu, webgpu), `'fused'` or
 *   `'composed'` (tfjs ops).
 * @returns `{ total, box, obj, noobj, cls, dfl, stats }`; the caller disposes the tensors.
 */
export function yolov8Loss(
  predictions: readonly tf.Tensor4D[],
  groundTruth: GroundTruthInput | Yolov8Targets,
  options?: Yolov8LossOptions,
): Yolov8LossResult {
  const where = 'yolov8Loss';
  prepareTfjs(tf, PACKAGE);
  const [fused, rest] = chooseImplementation(options, YOLOV8_LOSS_KERNEL, where);
  const config = resolveYolov8Config(rest);
  const { batchSize, levels } = checkOutputs(predictions, config, where);
  if (batchSize === 0) {
    throw new YoloInputError(`${where}: predictions have batch size 0 (an empty batch): the loss needs at least one image (skip the step instead)`);
  }
  const targets = isEncodedTargets(groundTruth)
    ? checkTargets(groundTruth, config, batchSize, where)
    : buildTargets(groundTruth, config, batchSize);
  const anchors = anchorLayout(levels);
  const scale = config.reduction === 'sum' ? batchSize : 1;
  const terms = tf.tidy(() => {
    const t: Yolov8Terms = fused
      ? (() => {
          throw new YoloInputError(`${where}: the fused path is not available yet`);
        })()
      : composedYolov8Terms(predictions, targets, anchors, config);
    const [box, cls, dfl] = [t.box, t.cls, t.dfl].map((v) => tf.mul<tf.Scalar>(v, scale)) as [tf.Scalar, tf.Scalar, tf.Scalar];
    return { total: tf.addN<tf.Scalar>([box, cls, dfl]), box, cls, dfl, obj: tf.scalar(0), noobj: tf.scalar(0) };
  });
  return { ...terms, stats: { ...targets.stats } };
}

/**
 * Encodes ground truth for {@link yolov8Loss} on the CPU, ahead of the training step: boxes scaled
 * to `inputSize` pixels as corners, padded to the batch's largest image, labels and validity (the
 * prediction-independent part; the task-aligned assignment itself needs the predictions and runs
 * in the loss). Pass the result as the loss's `groundTruth`.
 *
 * @param groundTruth - `GtBox[][]`, or padded `[N, maxBoxes, 5]` (`number[][][]`; a `Float32Array` needs `batchSize`).
 * @param options - config keys, and `batchSize` for a flat `Float32Array`.
 */
export function encodeYolov8Targets(
  groundTruth: GroundTruthInput,
  options?: Yolov8Options & { batchSize?: number },
): Yolov8Targets {
  const where = 'encodeYolov8Targets';
  const { batchSize, ...rest } = options ?? {};
  const config: ResolvedYolov8Config = resolveYolov8Config(rest);
  const n = batchSize ?? (groundTruth instanceof Float32Array ? undefined : groundTruth.length);
  if (n === undefined || !Number.isInteger(n) || n < 0) {
    throw new YoloInputError(`${where}: options.batchSize must be a non-negative integer (required for a Float32Array), got ${String(n)}`);
  }
  return buildTargets(groundTruth, config, n);
}
