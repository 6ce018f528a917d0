import * as tf from '@tensorflow/tfjs-core';
import { YoloInputError } from '@yolo-loss/backend';
import type { LayersLoss } from '@yolo-loss/heads';
import type { ResolvedYolov8Config } from './config.js';
import { GT_WIDTH, type Yolov8Targets } from './targets.js';
import { yolov8Terms } from './terms.js';
import { checkOutputs } from './validate.js';
import type { LossResult } from './types.js';

/**
 * YOLOv8's tfjs-layers adapters. `model.fit` wants one `y` per output, shaped as that output, and
 * calls each output's loss with its own `(yTrue, yPred)` — yet YOLOv8's loss is one computation
 * over every output: each GT ranks the anchors of all outputs together (its top-k), and every
 * term is divided by the target-score sum of the whole batch. So:
 *
 * - every output's `yTrue` (per image, the `H·W·(4·regMax + C)` values of the output) carries the
 *   image's GT table: `maxBoxes` rows of `x1, y1, x2, y2` (input pixels), class and validity (1 for
 *   a box, 0 for padding), then zeros;
 * - the outputs' loss functions share their state: each of the first `L − 1` keeps its `yPred` and
 *   returns 0; the last one computes the loss over every kept output with its own `yTrue`'s table
 *   and returns it, so the outputs' losses add up to `loss(...).total` (tfjs-layers calls them in
 *   output order within one step, synchronously and on the same tape: the gradient reaches every
 *   output). The state is per term (the loss, each metric) and module-wide, so functions from
 *   separate `layersLoss()` / `layersMetrics()` calls work together too.
 *
 * The GT table is read on the device (no GPU→CPU read); the loss runs the fused kernels where the
 * backend has them, the composed ops elsewhere.
 */

/** Values per image an output's `yTrue` needs for `maxBoxes` GT rows. */
export function layersTableLength(maxBoxes: number): number {
  return maxBoxes * GT_WIDTH;
}

/**
 * Packs encoded targets into one `[N · H·W·(4·regMax + C)]` array per output: the GT table of each
 * image at the start of its values (see the module notes).
 *
 * @param lengths - values per image of each output, `H·W·(4·regMax + C)`.
 * @throws YoloInputError naming the output that cannot hold `maxBoxes` rows.
 */
export function packLayersTargets(targets: Yolov8Targets, lengths: readonly number[], maxBoxes: number, where: string): Float32Array[] {
  const n = targets.batchSize;
  const g = targets.maxBoxes;
  return lengths.map((length, output) => {
    if (layersTableLength(maxBoxes) > length) {
      throw new YoloInputError(
        `${where}: output ${output} holds ${length} values per image, too few for maxBoxes ${maxBoxes} (${GT_WIDTH} values each): lower maxBoxes`,
      );
    }
    const out = new Float32Array(n * length);
    for (let img = 0; img < n; img++) {
      for (let j = 0; j < g; j++) {
        const row = img * g + j;
        const o = img * length + j * GT_WIDTH;
        out.set(targets.boxes.subarray(4 * row, 4 * row + 4), o);
        out[o + 4] = targets.labels[row]!;
        out[o + 5] = targets.valid[row]!;
      }
    }
    return out;
  });
}

/** Which terms a shared closure returns: the loss (`total`) or one term for a metric. */
export type LayersTerm = 'total' | 'box' | 'cls' | 'dfl' | 'obj' | 'noobj';

/** The `yPred`s the first outputs' functions keep for the last, per term (see the module notes). */
const kept = new Map<LayersTerm, (tf.Tensor | undefined)[]>();

/**
 * One tfjs-layers function per output sharing their state (see the module notes): the last
 * computes `pick` over every output, the others keep their `yPred` and return 0.
 *
 * @param outputs - the number of model outputs `L` (ascending stride, as `yolov8.outputShapes`).
 * @param fused - whether to run the fused kernels (asked at each call: the active backend decides).
 */
export function layersLossSet(
  config: ResolvedYolov8Config,
  outputs: number,
  maxBoxes: number,
  fused: () => boolean,
  where: string,
  pick: LayersTerm = 'total',
): LayersLoss[] {
  const channels = 4 * config.regMax + config.numClasses;
  const check = (output: number, yTrue: tf.Tensor, yPred: tf.Tensor): void => {
    if (yPred.rank !== 4 || yPred.shape[3] !== channels || yTrue.size !== yPred.size) {
      throw new YoloInputError(
        `${where}: output ${output}: yPred must be [N, H, W, ${channels}] and yTrue the same size (from layersTargets), ` +
          `got yPred [${yPred.shape.join(', ')}], yTrue [${yTrue.shape.join(', ')}]`,
      );
    }
  };
  return Array.from({ length: outputs }, (_, output): LayersLoss => (yTrue, yPred) => {
    check(output, yTrue, yPred);
    const earlier = kept.get(pick) ?? [];
    if (output < outputs - 1) {
      earlier[output] = yPred;
      kept.set(pick, earlier);
      return tf.scalar(0);
    }
    const predictions = [...Array.from({ length: outputs - 1 }, (_, i) => earlier[i]), yPred];
    kept.delete(pick);
    const n = yPred.shape[0];
    predictions.forEach((p, i) => {
      if (p === undefined || p.isDisposed || p.shape[0] !== n) {
        throw new YoloInputError(
          `${where}: the last output's loss needs every output of the same step: output ${i}'s loss was not called first ` +
            '(use all of layersLoss()\'s functions, one per output, in output order, in one model.compile)',
        );
      }
    });
    const { levels } = checkOutputs(predictions, config, where);
    return tf.tidy(() => {
      const length = yTrue.size / n;
      const table = tf.reshape<tf.Rank.R2>(tf.slice(tf.reshape(yTrue, [n, length]), [0, 0], [n, layersTableLength(maxBoxes)]), [n * maxBoxes, GT_WIDTH]);
      const terms: Omit<LossResult, 'stats'> = yolov8Terms(predictions as tf.Tensor[], { batchSize: n, maxBoxes, table }, config, levels, fused());
      return terms[pick];
    });
  });
}
