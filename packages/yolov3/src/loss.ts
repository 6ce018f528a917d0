import * as tf from '@tensorflow/tfjs-core';
import { bceWithLogits, prepareTfjs } from '@yolo-loss/backend';
import { checkHeads, normalizeGroundTruth, type GroundTruthInput, type HeadShape } from '@yolo-loss/geometry';
import { resolveYolov3Config, type ResolvedYolov3Config, type Yolov3Options } from './config.js';
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
 * @param options - `{ preset?: 'paper' | 'darknet', ...config keys }`.
 * @returns the scalar terms and plain-number stats (responsible slots, dropped GTs).
 */
export function yolov3Loss(
  predictions: readonly tf.Tensor4D[] | readonly tf.Tensor[],
  groundTruth: GroundTruthInput | Yolov3Targets,
  options?: Yolov3Options,
): LossResult {
  prepareTfjs(tf, '@yolo-loss/yolov3');
  const config = resolveYolov3Config(options);
  const { batchSize, heads } = checkHeads(predictions, config.masks, config.numClasses, 'yolov3');
  const targets = isTargets(groundTruth)
    ? checkTargets(groundTruth, config, heads, batchSize)
    : encodeBoxes(
        normalizeGroundTruth(groundTruth, { batchSize, numClasses: config.numClasses }),
        config,
        heads,
      );

  const [box, obj, noobj, cls, total] = tf.tidy(() => {
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
    const scale = config.reduction === 'mean' ? 1 / Math.max(batchSize, 1) : 1;
    const [b, o, no, k] = [box, obj, noobj, cls].map((v) => tf.mul<tf.Scalar>(tf.addN(v), scale));
    return [b!, o!, no!, k!, tf.addN<tf.Scalar>([b!, o!, no!, k!])] as const;
  });

  return {
    total,
    box,
    obj,
    noobj,
    cls,
    stats: {
      numGt: targets.numGt,
      numTargets: targets.responsible.length,
      droppedTargets: targets.dropped.length,
      responsible: targets.responsible,
      responsibleGt: targets.responsibleGt,
      dropped: targets.dropped,
    },
  };
}

function isTargets(gt: unknown): gt is Yolov3Targets {
  return (
    typeof gt === 'object' && gt !== null && (gt as { kind?: unknown }).kind === 'yolov3-targets'
  );
}

/** Precomputed targets must match this call's config and head grids. */
function checkTargets(
  t: Yolov3Targets,
  config: ResolvedYolov3Config,
  heads: HeadShape[],
  batchSize: number,
): Yolov3Targets {
  if (JSON.stringify(t.config) !== JSON.stringify(config)) {
    throw new Error(
      'yolov3: groundTruth holds targets encoded with a different config than options',
    );
  }
  if (t.batchSize !== batchSize) {
    throw new Error(
      `yolov3: groundTruth targets are for ${t.batchSize} images but the predictions have batch size ${batchSize}`,
    );
  }
  heads.forEach((h, i) => {
    const e = t.heads[i]!;
    if (e.gridH !== h.gridH || e.gridW !== h.gridW) {
      throw new Error(
        `yolov3: targets for head ${i} were encoded for a ${e.gridW}×${e.gridH} grid but predictions[${i}] is ${h.gridW}×${h.gridH} (W×H)`,
      );
    }
  });
  return t;
}
