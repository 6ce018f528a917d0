import * as tf from '@tensorflow/tfjs-core';
import { bceWithLogits, prepareTfjs, reduceLossTerms } from '@yolo-loss/backend';
import {
  ciou,
  diou,
  giou,
  checkHeads,
  chooseImplementation,
  type LossImplementation,
  checkHeadTargets,
  iou,
  normalizeGroundTruth,
  slotStats,
  type GroundTruthInput,
} from '@yolo-loss/geometry';
import { decodeRows } from './boxes.js';
import { resolveYolov4Config, type Yolov4Options } from './config.js';
import { fusedYolov4Terms } from './fused.js';
import { headIgnoreMask } from './ignore.js';
import { lossArrays } from './loss-arrays.js';
import { encodeBoxes, type Yolov4Targets } from './targets.js';
import type { LossResult } from './types.js';

const boxFns = { ciou, diou, giou, iou } as const;

/**
 * The YOLOv4 training loss (LOSSES.md §4): `total = box + obj + noobj + cls`, each a scalar
 * tensor summed per image and averaged (`reduction: 'mean'`) or summed over the batch. The box
 * term is `λcoord · Σ (1 − CIoU)` (or DIoU/GIoU/IoU, `boxLoss`) of the decoded boxes, from
 * `@yolo-loss/geometry`. Differentiable with respect to `predictions`; no GPU→CPU read; leaves
 * only the result.
 *
 * @param predictions - one raw head output per mask, each `[N, H, W, A·(5+C)]` float32 (`A = masks[h].length`).
 * @param groundTruth - `GtBox[][]`, padded `[N, maxBoxes, 5]`, or targets from {@link encodeYolov4Targets}.
 * @param options - `{ preset?: 'paper' | 'darknet', implementation?, ...config keys }`; `implementation`
 *   `'auto'` (default: one fused kernel per head on the cpu and webgpu backends), `'fused'` or `'composed'` (tfjs ops).
 * @returns the scalar terms and plain-number stats (responsible slots, dropped claims).
 */
export function yolov4Loss(
  predictions: readonly tf.Tensor4D[] | readonly tf.Tensor[],
  groundTruth: GroundTruthInput | Yolov4Targets,
  options?: Yolov4LossOptions,
): LossResult {
  prepareTfjs(tf, '@yolo-loss/yolov4');
  const [fused, configOptions] = chooseImplementation(options, 'yolov4Loss');
  const config = resolveYolov4Config(configOptions);
  const { batchSize, heads } = checkHeads(predictions, config.masks, config.numClasses, 'yolov4');
  if (batchSize === 0) {
    throw new Error(
      `yolov4Loss: predictions have batch size 0 (an empty batch): the loss needs at least one image (skip the step instead)`,
    );
  }
  const targets = isTargets(groundTruth)
    ? checkHeadTargets(groundTruth, config, heads, batchSize, 'yolov4')
    : encodeBoxes(
        normalizeGroundTruth(groundTruth, { batchSize, numClasses: config.numClasses }),
        config,
        heads,
      );
  if (fused) {
    return { ...fusedYolov4Terms(predictions as tf.Tensor[], targets, config, heads, batchSize), stats: slotStats(targets) };
  }
  const boxFn = boxFns[config.boxLoss];

  const terms = tf.tidy(() => {
    const box: tf.Tensor[] = [];
    const obj: tf.Tensor[] = [];
    const noobj: tf.Tensor[] = [];
    const cls: tf.Tensor[] = [];
    const g = targets.maxBoxes;
    const gtBoxes = g > 0 ? tf.tensor(targets.gtBoxes, [batchSize, g, 4]) : undefined;
    const gtValid = g > 0 ? tf.tensor(targets.gtValid, [batchSize, g]) : undefined;
    heads.forEach(({ gridH, gridW, numAnchors: a }, h) => {
      // Rows r = ((n·H + row)·W + col)·A + anchor; no broadcasting on big tensors, rank ≤ 4.
      const c = config.numClasses;
      const t = targets.heads[h]!;
      const rows = batchSize * gridH * gridW * a;
      const arr = lossArrays(t, config);
      const pred = tf.reshape(predictions[h]!, [rows, 5 + c]);
      const tbox = tf.slice(pred, [0, 0], [rows, 4]);
      const conf = tf.slice(pred, [0, 4], [rows, 1]);

      // box: λcoord · (1 − CIoU(decoded prediction, GT)); darknet averages GTs sharing a slot
      const decoded = decodeRows(config, h, tbox, { batchSize, gridH, gridW, numAnchors: a });
      t.boxTarget.forEach((layer, k) => {
        const value = boxFn(decoded, tf.tensor(layer, [rows, 4]), { format: 'xywh', eps: 0 });
        box.push(tf.sum(tf.mul(tf.sub(1, value), tf.tensor(t.boxWeight[k]!, [rows]))));
      });

      // objectness: responsible → obj; the others unless ignored → noobj (both λobj)
      const objMask = tf.tensor(t.objMask, [rows, 1]);
      const confBce = bceWithLogits(conf, objMask);
      let noobjMask = tf.sub(1, objMask);
      if (gtBoxes !== undefined && gtValid !== undefined) {
        const shape = { batchSize, gridH, gridW, numAnchors: a };
        const ignore = headIgnoreMask(config, h, pred, shape, gtBoxes, gtValid);
        noobjMask = tf.mul(noobjMask, tf.sub(1, ignore));
      }
      obj.push(tf.mul(tf.sum(tf.mul(confBce, objMask)), config.lambdaObj));
      noobj.push(tf.mul(tf.sum(tf.mul(confBce, noobjMask)), config.lambdaObj));

      // classes: BCE over the row block, weighted λclass on the class channels of responsible rows
      const clsBce = bceWithLogits(pred, tf.tensor(arr.classTarget, [rows, 5 + c]));
      cls.push(tf.sum(tf.mul(clsBce, tf.tensor(arr.classWeight, [rows, 5 + c]))));
    });
    return reduceLossTerms({ box, obj, noobj, cls }, config.reduction, batchSize);
  });
  return { ...terms, stats: slotStats(targets) };
}

/** Options of {@link yolov4Loss}: config keys, the preset, and which implementation runs. */
export type Yolov4LossOptions = Yolov4Options & { implementation?: LossImplementation };

function isTargets(gt: unknown): gt is Yolov4Targets {
  return (
    typeof gt === 'object' && gt !== null && (gt as { kind?: unknown }).kind === 'yolov4-targets'
  );
}
