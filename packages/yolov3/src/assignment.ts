import * as tf from '@tensorflow/tfjs-core';
import { prepareTfjs } from '@yolo-loss/backend';
import {
  checkHeads,
  normalizeGroundTruth,
  readIgnoredSlots,
  type GroundTruthInput,
} from '@yolo-loss/geometry';
import { resolveYolov3Config, type Yolov3Options } from './config.js';
import { headIgnoreMask } from './ignore.js';
import { encodeBoxes } from './targets.js';
import type { DroppedSlot, Slot } from './types.js';

/** Which slots a loss call treats how (for tests and debugging). */
export interface Yolov3Assignment {
  /** Responsible slots, sorted. */
  responsible: Slot[];
  /** GT index (in its image) owning each responsible slot. */
  responsibleGt: number[];
  /** GTs that lost a slot. */
  dropped: DroppedSlot[];
  /** Non-responsible slots with no `noobj` term (the ignore rule), sorted. */
  ignored: Slot[];
}

/**
 * Runs the assignment of {@link yolov3Loss} and reads it back: responsible, dropped and ignored
 * slots. Async (one `await t.data()`); not part of a training step.
 *
 * @param predictions - one raw head output per mask, `[N, H, W, A·(5+C)]`.
 * @param groundTruth - `GtBox[][]` or padded `[N, maxBoxes, 5]`.
 * @param options - as for {@link yolov3Loss}.
 */
export async function yolov3Assignment(
  predictions: readonly tf.Tensor[],
  groundTruth: GroundTruthInput,
  options?: Yolov3Options,
): Promise<Yolov3Assignment> {
  prepareTfjs(tf, '@yolo-loss/yolov3');
  const config = resolveYolov3Config(options);
  const { batchSize, heads } = checkHeads(
    predictions,
    config.masks,
    config.numClasses,
    'yolov3Assignment',
  );
  const boxes = normalizeGroundTruth(groundTruth, { batchSize, numClasses: config.numClasses });
  const targets = encodeBoxes(boxes, config, heads);
  const g = targets.maxBoxes;
  const ignored: Slot[] = [];
  if (g > 0) {
    const masks = tf.tidy(() => {
      const gtBoxes = tf.tensor(targets.gtBoxes, [batchSize, g, 4]);
      const gtValid = tf.tensor(targets.gtValid, [batchSize, g]);
      return heads.map(({ gridH, gridW, numAnchors }, h) => {
        const rows = batchSize * gridH * gridW * numAnchors;
        const tbox = tf.slice(tf.reshape(predictions[h]!, [rows, -1]), [0, 0], [rows, 4]);
        const shape = { batchSize, gridH, gridW, numAnchors };
        return tf.reshape(headIgnoreMask(config, h, tbox, shape, gtBoxes, gtValid), [rows]);
      });
    });
    ignored.push(...(await readIgnoredSlots(masks, targets.heads.map((t) => t.objMask), heads)));
  }
  return {
    responsible: targets.responsible,
    responsibleGt: targets.responsibleGt,
    dropped: targets.dropped,
    ignored,
  };
}
