import * as tf from '@tensorflow/tfjs-core';
import { reduceLossTerms, type LossResult } from '@yolo-loss/backend';
import { fusedYolov5Level } from '@yolo-loss/backend/kernels';
import type { HeadShape } from '@yolo-loss/heads';
import { composedLevelTerms, type LevelPositives } from './composed.js';
import type { ResolvedYolov5Config } from './config.js';
import { packLevel } from './level-pack.js';
import type { Yolov5HeadTargets, Yolov5Targets } from './targets.js';

/**
 * The YOLOv5 loss terms over every level, reduced over the batch: each level's terms (ultralytics'
 * batch means) × `N` are per-image sums, which `reduceLossTerms` adds (`'sum'`: ultralytics'
 * returned loss) or divides by `N` again (`'mean'`: the terms it logs). Fused kernels or composed
 * ops per `fused`; the same values and gradients either way.
 *
 * @param predictions - one `[N, H, W, A·(5+C)]` tensor per output, checked.
 * @returns scalar `total, box, obj, noobj, cls`.
 */
export function yolov5Terms(
  predictions: readonly tf.Tensor[],
  targets: Yolov5Targets,
  config: ResolvedYolov5Config,
  heads: readonly HeadShape[],
  batchSize: number,
  fused: boolean,
): Omit<LossResult, 'stats'> {
  // the fused kernels' inputs are packed on the CPU before any tensor exists
  const packed = fused
    ? heads.map(({ gridH, gridW, numAnchors }, h) =>
        packLevel(targets.heads[h]!, batchSize * gridH * gridW * numAnchors, config, h),
      )
    : undefined;
  return tf.tidy(() => {
    const parts = { box: [] as tf.Tensor[], obj: [] as tf.Tensor[], noobj: [] as tf.Tensor[], cls: [] as tf.Tensor[] };
    heads.forEach(({ gridH, gridW, numAnchors }, h) => {
      const pred = predictions[h]!;
      let terms: tf.Tensor[];
      if (packed !== undefined) {
        terms = tf.unstack(fusedYolov5Level(pred, packed[h]!.targets, packed[h]!.spec));
      } else {
        const rows = batchSize * gridH * gridW * numAnchors;
        const level = composedLevelTerms(
          tf.reshape(pred, [rows, 5 + config.numClasses]),
          uploadPositives(targets.heads[h]!, config),
          config,
          h,
        );
        terms = [level.box, level.obj, level.noobj, level.cls];
      }
      // ultralytics' batch means × N are sums over images (reduceLossTerms' 'mean' divides by N again)
      (['box', 'obj', 'noobj', 'cls'] as const).forEach((key, i) => parts[key].push(tf.mul(terms[i]!, batchSize)));
    });
    return reduceLossTerms(parts, config.reduction, batchSize);
  });
}

/** A level's positives uploaded from its encoded targets (call inside a `tf.tidy`); `undefined` without any. */
export function uploadPositives(t: Yolov5HeadTargets, config: ResolvedYolov5Config): LevelPositives | undefined {
  const p = t.count;
  if (p === 0) return undefined;
  const c = config.numClasses;
  const eps = config.labelSmoothing;
  const classTarget = new Float32Array(p * c).fill(0.5 * eps);
  t.classIds.forEach((id, k) => (classTarget[k * c + id] = 1 - 0.5 * eps));
  return {
    rows: tf.tensor1d(t.rows, 'int32'),
    boxTarget: tf.tensor2d(t.boxTarget, [p, 4]),
    anchorWh: tf.tensor2d(t.anchorWh, [p, 2]),
    classTarget: tf.tensor2d(classTarget, [p, c]),
    writer: tf.tensor1d(Float32Array.from(t.rows, (r, k) => (t.objWriter[r] === k ? 1 : 0))),
    count: p,
  };
}
