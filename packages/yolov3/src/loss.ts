import * as tf from '@tensorflow/tfjs-core';
import { bceWithLogits, prepareTfjs } from '@yolo-loss/backend';
import { normalizeGroundTruth, type GroundTruthInput } from '@yolo-loss/geometry';
import { decodeHeadBoxes, priorBoxes, toXyxy } from './boxes.js';
import { resolveYolov3Config, type ResolvedYolov3Config, type Yolov3Options } from './config.js';
import { detached } from './detach.js';
import { checkHeads, type HeadShape } from './heads.js';
import { overlapMask } from './ignore.js';
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
    : encodeBoxes(normalizeGroundTruth(groundTruth, { batchSize, numClasses: config.numClasses }), config, heads);

  const [box, obj, noobj, cls, total] = tf.tidy(() => {
    let box: tf.Tensor = tf.scalar(0);
    let obj: tf.Tensor = tf.scalar(0);
    let noobj: tf.Tensor = tf.scalar(0);
    let cls: tf.Tensor = tf.scalar(0);
    const g = targets.maxBoxes;
    const gtBoxes = g > 0 ? tf.tensor(targets.gtBoxes, [batchSize, g, 4]) : undefined;
    const gtValid = g > 0 ? tf.tensor(targets.gtValid, [batchSize, g]) : undefined;
    heads.forEach(({ gridH, gridW, numAnchors: a }, h) => {
      const t = targets.heads[h]!;
      const c = config.numClasses;
      const shape = [batchSize, gridH * gridW, a]; // rank ≤ 4 throughout (WebGPU)
      const pred = tf.reshape(predictions[h]!, [...shape, 5 + c]);
      const [txy, twh, to, tc] = tf.split(pred, [2, 2, 1, c], -1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const objMask = tf.tensor(t.objMask, shape);
      const [xyT, whT] = tf.split(tf.tensor(t.boxTarget, [...shape, 4]), 2, -1) as [tf.Tensor, tf.Tensor];

      // box: weight = λcoord · gate · (2 − ŵĥ), zero off the responsible slots
      const xy =
        config.xyLoss === 'sse-logit'
          ? tf.squaredDifference(txy, xyT)
          : config.xyLoss === 'sse-sigmoid'
            ? tf.squaredDifference(tf.sigmoid(txy), xyT)
            : bceWithLogits(txy, xyT);
      let wh = tf.squaredDifference(twh, whT);
      if (config.whLoss === 'half-sse') wh = tf.mul(wh, 0.5);
      const coord = tf.add(tf.sum(xy, -1), tf.sum(wh, -1));
      box = tf.add(box, tf.sum(tf.mul(coord, tf.tensor(t.boxWeight, shape))));

      // objectness: responsible slots → obj, the rest unless ignored → noobj (both λobj)
      const objBce = bceWithLogits(tf.reshape(to, shape), objMask);
      let noobjMask = tf.sub(1, objMask);
      if (gtBoxes !== undefined && gtValid !== undefined) {
        const ignore =
          config.ignoreBasis === 'prediction'
            ? detached(pred, (p) => overlapMask(toXyxy(decodeHeadBoxes(p, gridH, gridW, config.anchors, config.masks[h]!, config.inputSize)), gtBoxes, gtValid, config.ignoreThreshold))
            : overlapMask(toXyxy(priorBoxes(gridH, gridW, config.anchors, config.masks[h]!, config.inputSize)), gtBoxes, gtValid, config.ignoreThreshold);
        noobjMask = tf.mul(noobjMask, tf.sub(1, ignore));
      }
      obj = tf.add(obj, tf.mul(tf.sum(tf.mul(objBce, objMask)), config.lambdaObj));
      noobj = tf.add(noobj, tf.mul(tf.sum(tf.mul(objBce, noobjMask)), config.lambdaObj));

      const clsBce = bceWithLogits(tc, tf.tensor(t.classTarget, [...shape, c]));
      cls = tf.add(cls, tf.mul(tf.sum(tf.mul(clsBce, tf.reshape(objMask, [...shape, 1]))), config.lambdaClass));
    });
    const scale = config.reduction === 'mean' ? 1 / Math.max(batchSize, 1) : 1;
    const [b, o, no, c] = [box, obj, noobj, cls].map((v) => tf.mul(v, scale) as tf.Scalar) as [tf.Scalar, tf.Scalar, tf.Scalar, tf.Scalar];
    return [b, o, no, c, tf.addN([b, o, no, c]) as tf.Scalar] as const;
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
  return typeof gt === 'object' && gt !== null && (gt as { kind?: unknown }).kind === 'yolov3-targets';
}

/** Precomputed targets must match this call's config and head grids. */
function checkTargets(t: Yolov3Targets, config: ResolvedYolov3Config, heads: HeadShape[], batchSize: number): Yolov3Targets {
  if (JSON.stringify(t.config) !== JSON.stringify(config)) {
    throw new Error('yolov3: groundTruth holds targets encoded with a different config than options');
  }
  if (t.batchSize !== batchSize) {
    throw new Error(`yolov3: groundTruth targets are for ${t.batchSize} images but the predictions have batch size ${batchSize}`);
  }
  heads.forEach((h, i) => {
    const e = t.heads[i]!;
    if (e.gridH !== h.gridH || e.gridW !== h.gridW) {
      throw new Error(`yolov3: targets for head ${i} were encoded for a ${e.gridW}×${e.gridH} grid but predictions[${i}] is ${h.gridW}×${h.gridH} (W×H)`);
    }
  });
  return t;
}
