import type { AnchorHeadLossOptions, AnchorHeadTargets, LossImplementation } from '@yolo-loss/heads';
import type * as tf from '@tensorflow/tfjs-core';
import type { Yolov3Preset } from './config.js';
import type { Yolov3Config } from './presets.js';
import type { GroundTruthInput, LossResult } from './types.js';
import { yolov3Core } from './version.js';

/** Options of {@link yolov3Loss}: config keys, the preset, and which implementation runs. */
export type Yolov3LossOptions = AnchorHeadLossOptions<Yolov3Config, Yolov3Preset>;

export type { LossImplementation };

/**
 * The YOLOv3 training loss (docs/losses/yolov3.md): `total = box + obj + noobj + cls`, each a
 * scalar tensor summed per image and averaged (`reduction: 'mean'`) or summed over the batch.
 * Differentiable with respect to `predictions`; no GPU→CPU read; leaves only the result.
 *
 * @param predictions - one raw head output per mask, each `[N, H, W, A·(5+C)]` float32 (`A = masks[h].length`).
 * @param groundTruth - `GtBox[][]` (one list per image), padded `[N, maxBoxes, 5]`, or targets from {@link encodeYolov3Targets}.
 * @param options - `{ preset?: 'paper' | 'darknet', implementation?, ...config keys }`; `implementation`
 *   `'auto'` (default: one fused kernel per head where the backend has it — cpu, webgpu), `'fused'` or `'composed'` (tfjs ops).
 * @returns the scalar terms and plain-number stats (responsible slots, dropped GTs).
 */
export const yolov3Loss: (
  predictions: readonly tf.Tensor[],
  groundTruth: GroundTruthInput | AnchorHeadTargets,
  options?: Yolov3LossOptions,
) => LossResult = yolov3Core.loss;
