import * as tf from '@tensorflow/tfjs-core';
import { bceWithLogits, prepareTfjs } from '@yolo-loss/backend';
import { ciou, diou, giou, iou, normalizeGroundTruth, type GroundTruthInput } from '@yolo-loss/geometry';
import { decodeHeadBoxes, toXyxy } from './boxes.js';
import { resolveYolov4Config, type ResolvedYolov4Config, type Yolov4Options } from './config.js';
import { detached } from './detach.js';
import { checkHeads, type HeadShape } from './heads.js';
import { overlapMask } from './ignore.js';
import { encodeBoxes, type Yolov4Targets } from './targets.js';
import type { LossResult } from './types.js';

/** Darknet's class-score gate of the ignore rule (`compare_yolo_class`, 0.25). */
const DARKNET_CLASS_GATE = 0.25;

const boxFns = { ciou, diou, giou, iou } as const;

/**
 * The YOLOv4 training loss (LOSSES.md §4): `total = box + obj + noobj + cls`, each a scalar
 * tensor summed per image and averaged (`reduction: 'mean'`) or summed over the batch. The box
 * term is `λcoord · Σ (1 − CIoU)` (or DIoU/GIoU/IoU, `boxLoss`) on the decoded boxes, from
 * `@yolo-loss/geometry`. Differentiable with respect to `predictions`; no GPU→CPU read.
 *
 * @param predictions - one raw head output per mask, each `[N, H, W, A·(5+C)]` float32.
 * @param groundTruth - `GtBox[][]`, padded `[N, maxBoxes, 5]`, or targets from {@link encodeYolov4Targets}.
 * @param options - `{ preset?: 'paper' | 'darknet', ...config keys }`.
 * @returns the scalar terms and plain-number stats (responsible slots, dropped claims).
 */
export function yolov4Loss(
  predictions: readonly tf.Tensor4D[] | readonly tf.Tensor[],
  groundTruth: GroundTruthInput | Yolov4Targets,
  options?: Yolov4Options,
): LossResult {
  prepareTfjs(tf, '@yolo-loss/yolov4');
  const config = resolveYolov4Config(options);
  const { batchSize, heads } = checkHeads(predictions, config.masks, config.numClasses, 'yolov4');
  const targets = isTargets(groundTruth)
    ? checkTargets(groundTruth, config, heads, batchSize)
    : encodeBoxes(normalizeGroundTruth(groundTruth, { batchSize, numClasses: config.numClasses }), config, heads);
  const boxFn = boxFns[config.boxLoss];

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
      const mask = config.masks[h]!;
      const scale = config.scaleXY[h]!;
      const shape = [batchSize, gridH * gridW, a]; // rank ≤ 4 throughout (WebGPU)
      const pred = tf.reshape(predictions[h]!, [...shape, 5 + c]);
      const [, to, tc] = tf.split(pred, [4, 1, c], -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
      const objMask = tf.tensor(t.objMask, shape);

      // box: λcoord · (1 − CIoU(decoded prediction, GT)) at responsible slots
      const decoded = decodeHeadBoxes(pred, gridH, gridW, config.anchors, mask, config.inputSize, scale);
      t.boxTarget.forEach((layer, k) => {
        const value = boxFn(decoded, tf.tensor(layer, [...shape, 4]), { format: 'xywh', eps: 0 });
        box = tf.add(box, tf.sum(tf.mul(tf.sub(1, value), tf.tensor(t.boxWeight[k]!, shape))));
      });

      // objectness: responsible → obj; others unless ignored → noobj (both λobj)
      const objBce = bceWithLogits(tf.reshape(to, shape), objMask);
      let noobjMask = tf.sub(1, objMask);
      if (gtBoxes !== undefined && gtValid !== undefined) {
        const ignore = detached(pred, (p) => {
          const overlap = overlapMask(
            toXyxy(decodeHeadBoxes(p, gridH, gridW, config.anchors, mask, config.inputSize, scale)),
            gtBoxes,
            gtValid,
            config.ignoreThreshold,
          );
          if (config.preset !== 'darknet') return overlap;
          // Darknet: ignored only when some class score σ(c) > 0.25 as well
          const classes = tf.slice(p, [0, 0, 0, 5], [-1, -1, -1, c]);
          const gate = tf.cast(tf.greater(tf.max(tf.sigmoid(classes), -1), DARKNET_CLASS_GATE), 'float32');
          return tf.mul(overlap, gate);
        });
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

function isTargets(gt: unknown): gt is Yolov4Targets {
  return typeof gt === 'object' && gt !== null && (gt as { kind?: unknown }).kind === 'yolov4-targets';
}

/** Precomputed targets must match this call's config and head grids. */
function checkTargets(t: Yolov4Targets, config: ResolvedYolov4Config, heads: HeadShape[], batchSize: number): Yolov4Targets {
  if (JSON.stringify(t.config) !== JSON.stringify(config)) {
    throw new Error('yolov4: groundTruth holds targets encoded with a different config than options');
  }
  if (t.batchSize !== batchSize) {
    throw new Error(`yolov4: groundTruth targets are for ${t.batchSize} images but the predictions have batch size ${batchSize}`);
  }
  heads.forEach((h, i) => {
    const e = t.heads[i]!;
    if (e.gridH !== h.gridH || e.gridW !== h.gridW) {
      throw new Error(`yolov4: targets for head ${i} were encoded for a ${e.gridW}×${e.gridH} grid but predictions[${i}] is ${h.gridW}×${h.gridH} (W×H)`);
    }
  });
  return t;
}
