import * as tf from '@tensorflow/tfjs-core';
import { bceWithLogits, prepareTfjs, reduceLossTerms } from '@yolo-loss/backend';
import {
  checkHeads,
  chooseImplementation,
  type LossImplementation,
  checkHeadTargets,
  normalizeGroundTruth,
  slotStats,
  type GroundTruthInput,
} from '@yolo-loss/geometry';
import { resolveYolov3Config, type Yolov3Options } from './config.js';
import { fusedYolov3Terms } from './fused.js';
import { headIgnoreMask } from './ignore.js';
import { lossArrays } from './loss-arrays.js';
import { encodeBoxes, type Yolov3Targets } from './targets.js';
import type { LossResult } from './types.js';

/**
 * The YOLOv3 training loss (LOSSES.md §3): `total = box + obj + noobj + cls`, each a scalar
 * tensor summed per image and averaged (`reduction: 'mean'`) or summed over the batch.
 * Differentiable with respect to `predictions`; no GPU→CPU read; leaves only the result.
 *
 * @param predictions - one raw head output per mask, each `[N, H, W, A·(5+C)]` float32 (`A = masks[h].length`).
 * @param groundTruth - `GtBox[][]` (one list per image), padded `[N, maxBoxes, 5]`, or targets from {@link encodeYolov3Targets}.
 * @param options - `{ preset?: 'paper' | 'darknet', implementation?, ...config keys }`; `implementation`
 *   `'auto'` (default: one fused kernel per head on the cpu and webgpu backends), `'fused'` or `'composed'` (tfjs ops).
 * @returns the scalar terms and plain-number stats (responsible slots, dropped GTs).
 */
export function yolov3Loss(
  predictions: readonly tf.Tensor4D[] | readonly tf.Tensor[],
  groundTruth: GroundTruthInput | Yolov3Targets,
  options?: Yolov3LossOptions,
): LossResult {
  prepareTfjs(tf, '@yolo-loss/yolov3');
  const [fused, configOptions] = chooseImplementation(options, 'yolov3Loss');
  const config = resolveYolov3Config(configOptions);
  const { batchSize, heads } = checkHeads(predictions, config.masks, config.numClasses, 'yolov3');
  if (batchSize === 0) {
    throw new Error(
      `yolov3Loss: predictions have batch size 0 (an empty batch): the loss needs at least one image (skip the step instead)`,
    );
  }
  const targets = isTargets(groundTruth)
    ? checkHeadTargets(groundTruth, config, heads, batchSize, 'yolov3')
    : encodeBoxes(
        normalizeGroundTruth(groundTruth, { batchSize, numClasses: config.numClasses }),
        config,
        heads,
      );
  if (fused) {
    return { ...fusedYolov3Terms(predictions as tf.Tensor[], targets, config, heads, batchSize), stats: slotStats(targets) };
  }

  const terms = tf.tidy(() => {
    const box: tf.Tensor[] = [];
    const obj: tf.Tensor[] = [];
    const noobj: tf.Tensor[] = [];
    const cls: tf.Tensor[] = [];
    const g = targets.maxBoxes;
    const gtBoxes = g > 0 ? tf.tensor(targets.gtBoxes, [batchSize, g, 4]) : undefined;
    const gtValid = g > 0 ? tf.tensor(targets.gtValid, [batchSize, g]) : undefined;
    heads.forEach(({ gridH, gridW, numAnchors: a }, h) => {
      // Rows r = ((n·H + row)·W + col)·A + anchor; every op below is same-shape (no broadcasting
      // on big tensors) and no tensor exceeds rank 4 (WebGPU runs some rank-5 kernels on the CPU).
      const c = config.numClasses;
      const rows = batchSize * gridH * gridW * a;
      const arr = lossArrays(targets.heads[h]!, config);
      const pred = tf.reshape(predictions[h]!, [rows, 5 + c]);
      const tbox = tf.slice(pred, [0, 0], [rows, 4]);
      const conf = tf.slice(pred, [0, 4], [rows, 1]);

      // box: λcoord · 1[shapeIoU > coordAnchorIou] · (2 − ŵĥ) · Σ coordinate terms (weights 0 elsewhere)
      const boxTarget = tf.tensor(targets.heads[h]!.boxTarget, [rows, 4]);
      const parts = [
        tf.sum(tf.mul(tf.squaredDifference(tbox, boxTarget), tf.tensor(arr.sse, [rows, 4]))),
      ];
      if (arr.sigmoidSse)
        parts.push(
          tf.sum(
            tf.mul(
              tf.squaredDifference(tf.sigmoid(tbox), boxTarget),
              tf.tensor(arr.sigmoidSse, [rows, 4]),
            ),
          ),
        );
      if (arr.bce)
        parts.push(tf.sum(tf.mul(bceWithLogits(tbox, boxTarget), tf.tensor(arr.bce, [rows, 4]))));
      box.push(tf.addN(parts));

      // objectness: responsible → obj, the others unless ignored → noobj (both λobj)
      const objMask = tf.tensor(targets.heads[h]!.objMask, [rows, 1]);
      const confBce = bceWithLogits(conf, objMask);
      let noobjMask = tf.sub(1, objMask);
      if (gtBoxes !== undefined && gtValid !== undefined) {
        const shape = { batchSize, gridH, gridW, numAnchors: a };
        const ignore = headIgnoreMask(config, h, tbox, shape, gtBoxes, gtValid);
        noobjMask = tf.mul(noobjMask, tf.sub(1, ignore));
      }
      obj.push(tf.mul(tf.sum(tf.mul(confBce, objMask)), config.lambdaObj));
      noobj.push(tf.mul(tf.sum(tf.mul(confBce, noobjMask)), config.lambdaObj));

      // classes: BCE over the whole row block, weighted λclass on the class channels of responsible rows
      const clsBce = bceWithLogits(pred, tf.tensor(arr.classTarget, [rows, 5 + c]));
      cls.push(tf.sum(tf.mul(clsBce, tf.tensor(arr.classWeight, [rows, 5 + c]))));
    });
    return reduceLossTerms({ box, obj, noobj, cls }, config.reduction, batchSize);
  });
  return { ...terms, stats: slotStats(targets) };
}

/** Options of {@link yolov3Loss}: config keys, the preset, and which implementation runs. */
export type Yolov3LossOptions = Yolov3Options & { implementation?: LossImplementation };

function isTargets(gt: unknown): gt is Yolov3Targets {
  return (
    typeof gt === 'object' && gt !== null && (gt as { kind?: unknown }).kind === 'yolov3-targets'
  );
}
