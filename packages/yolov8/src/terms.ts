import * as tf from '@tensorflow/tfjs-core';
import { fusedYolov8Head } from '@yolo-loss/backend/kernels';
import { anchorLayout, type LevelGrid } from './anchors.js';
import { composedYolov8Terms } from './composed.js';
import type { ResolvedYolov8Config } from './config.js';
import { packHead } from './head-pack.js';
import { outputRows } from './rows.js';
import type { GtRows } from './targets.js';
import type { LossResult } from './types.js';

/**
 * The YOLOv8 loss terms of a batch: ultralytics' `box`, `cls` and `dfl` (after the gains,
 * normalised by the batch's target-score sum), each × `N` for `reduction: 'sum'` (ultralytics'
 * returned loss) or as they are for `'mean'` (the terms it logs); `obj` and `noobj` 0. The fused
 * kernels or composed ops per `fused`; the same values and gradients either way.
 *
 * @param predictions - one `[N, H, W, 4·regMax + C]` tensor per output, checked.
 * @param gt - the batch's ground-truth rows.
 * @returns scalar `total, box, obj, noobj, cls, dfl`.
 */
export function yolov8Terms(
  predictions: readonly tf.Tensor[],
  gt: GtRows,
  config: ResolvedYolov8Config,
  levels: readonly LevelGrid[],
  fused: boolean,
): Omit<LossResult, 'stats'> {
  // the fused kernel's inputs are packed on the CPU before any tensor exists
  const packed = fused ? packHead(gt, levels, config) : undefined;
  const scale = config.reduction === 'sum' ? gt.batchSize : 1;
  return tf.tidy(() => {
    let terms: tf.Scalar[];
    if (packed !== undefined) {
      terms = tf.unstack(fusedYolov8Head(outputRows(predictions), packed.targets, packed.spec)) as tf.Scalar[];
    } else {
      const t = composedYolov8Terms(predictions, gt, anchorLayout(levels), config);
      terms = [t.box, t.cls, t.dfl];
    }
    const [box, cls, dfl] = terms.map((t) => tf.mul<tf.Scalar>(t, scale)) as [tf.Scalar, tf.Scalar, tf.Scalar];
    return { total: tf.addN<tf.Scalar>([box, cls, dfl]), box, obj: tf.scalar(0), noobj: tf.scalar(0), cls, dfl };
  });
}
