import type * as tf from '@tensorflow/tfjs-core';
import type { AnchorHeadAssignment } from '@yolo-loss/heads';
import type { Yolov4Options } from './config.js';
import type { GroundTruthInput } from './types.js';
import { yolov4Core } from './version.js';

/** Which slots a loss call treats how (for tests and debugging). */
export type Yolov4Assignment = AnchorHeadAssignment;

/**
 * Runs the assignment of {@link yolov4Loss} and reads it back: responsible, dropped and ignored
 * slots. Async (one `await t.data()` per head); not part of a training step.
 *
 * @param predictions - one raw head output per mask, `[N, H, W, A·(5+C)]`.
 * @param groundTruth - `GtBox[][]` or padded `[N, maxBoxes, 5]`.
 * @param options - as for {@link yolov4Loss}.
 */
export const yolov4Assignment: (
  predictions: readonly tf.Tensor[],
  groundTruth: GroundTruthInput,
  options?: Yolov4Options,
) => Promise<Yolov4Assignment> = yolov4Core.assignment;
