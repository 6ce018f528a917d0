import * as tf from '@tensorflow/tfjs-core';
import { readIgnoredSlots, type DroppedSlot, type HeadShape, type Slot } from '../validate/heads.js';
import { headIgnoreMask } from './ignore.js';
import type { AnchorHeadSpec } from './spec.js';
import type { AnchorHeadTargets } from './targets.js';

/** Which slots a loss call treats how (for tests, debugging and visualisation). */
export interface AnchorHeadAssignment {
  /** Responsible slots `[head, image, row, col, anchor]`, sorted. */
  responsible: Slot[];
  /** GT index (in its image) owning each responsible slot. */
  responsibleGt: number[];
  /** (GT, slot) claims that lost the slot. */
  dropped: DroppedSlot[];
  /** Non-responsible slots with no `noobj` term (the ignore rule), sorted. */
  ignored: Slot[];
}

/**
 * Reads back the assignment the loss uses: the responsible and dropped slots from the targets,
 * and the ignored slots computed on the device as the loss computes them. Async (one
 * `await t.data()` per head); not part of a training step.
 *
 * @param predictions - one `[N, H, W, A·(5+C)]` tensor per head, validated.
 * @param heads - the grids from `checkHeads`.
 */
export async function readAnchorHeadAssignment(
  predictions: readonly tf.Tensor[],
  targets: AnchorHeadTargets,
  spec: AnchorHeadSpec,
  heads: readonly HeadShape[],
  batchSize: number,
): Promise<AnchorHeadAssignment> {
  const g = targets.maxBoxes;
  const ignored: Slot[] = [];
  if (g > 0) {
    const masks = tf.tidy(() => {
      const gtBoxes = tf.tensor(targets.gtBoxes, [batchSize, g, 4]);
      const gtValid = tf.tensor(targets.gtValid, [batchSize, g]);
      return heads.map(({ gridH, gridW, numAnchors }, h) => {
        const rows = batchSize * gridH * gridW * numAnchors;
        const pred = tf.reshape(predictions[h]!, [rows, -1]);
        const geometry = { batchSize, gridH, gridW, numAnchors };
        return tf.reshape(headIgnoreMask(spec, h, pred, geometry, gtBoxes, gtValid), [rows]);
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
