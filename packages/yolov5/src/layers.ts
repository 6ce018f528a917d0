import * as tf from '@tensorflow/tfjs-core';
import { reductionDivisor, YoloInputError } from '@yolo-loss/backend';
import type { LayersLoss } from '@yolo-loss/heads';
import { composedLevelTerms, type LevelPositives } from './composed.js';
import type { ResolvedYolov5Config } from './config.js';
import { levelAnchors, type Yolov5Targets } from './targets.js';

/**
 * YOLOv5's tfjs-layers targets. `model.fit` wants one `y` per output, shaped as that output, and
 * each output's loss sees only its own `(yTrue, yPred)`. YOLOv5's loss is a sum over outputs of
 * terms that need nothing but the output's own positives (there is no ignore rule, so no table of
 * the image's boxes), and every normalisation is per output: `P` (the output's positives in the
 * batch) for the box and class means, `N·H·W·A` for objectness. So each output's `yTrue` (per
 * image, the `H·W·A·(5+C)` values of the output) carries that image's positives at that output as
 * records of 7 values:
 *
 * `row` (the slot `(row·W + col)·A + a` in the image, −1 for padding), the target box
 * `x, y, w, h` (grid units, relative to the cell's corner), the class id and `writer` (1 where the
 * positive is its slot's last, whose CIoU becomes the objectness target). The anchor follows from
 * the slot's `a` and the config.
 *
 * The loss unpacks them on the device with static shapes (no GPU→CPU read), counts `P` from them
 * and runs the composed terms of `loss`, so the outputs' losses add up to `loss(...).total`.
 */
const RECORD = 7;

/** Padding records: a harmless box (its terms are weighted 0). */
const FILLER = [-1, 0.5, 0.5, 1, 1, 0, 0] as const;

/** How one output's packed `yTrue` is laid out per image. */
export interface LevelLayout {
  /** Slots per image, `H·W·A`. */
  slots: number;
  /** Values per image, `H·W·A·(5+C)`. */
  length: number;
  /** Records per image: room for `maxBoxes` GTs at every anchor and cell offset, or what fits. */
  records: number;
}

/**
 * The layout of output `level`'s packed targets: `min(maxBoxes·5·A, ⌊H·W·A·(5+C) / 7⌋)` records per
 * image (a GT has at most one positive per anchor and cell offset: own, left, up, right, down).
 */
export function levelLayout(gridH: number, gridW: number, numAnchors: number, numClasses: number, maxBoxes: number): LevelLayout {
  const slots = gridH * gridW * numAnchors;
  const length = slots * (5 + numClasses);
  return { slots, length, records: Math.min(maxBoxes * 5 * numAnchors, Math.floor(length / RECORD)) };
}

/**
 * Packs encoded targets into one `[N · H·W·A·(5+C)]` array per output (see the module notes).
 *
 * @throws YoloInputError naming the image and output whose positives do not fit.
 */
export function packLayersTargets(targets: Yolov5Targets, layouts: readonly LevelLayout[], where: string): Float32Array[] {
  const n = targets.batchSize;
  return targets.heads.map((head, h) => {
    const { slots, length, records } = layouts[h]!;
    const out = new Float32Array(n * length);
    for (let img = 0; img < n; img++) {
      for (let k = 0; k < records; k++) out.set(FILLER, img * length + k * RECORD);
    }
    const used = new Int32Array(n);
    for (let p = 0; p < head.count; p++) {
      const r = head.rows[p]!;
      const img = Math.floor(r / slots);
      const k = used[img]!++;
      if (k >= records) {
        throw new YoloInputError(
          `${where}: image ${img} has more than ${records} positives (GT, anchor, cell) at output ${h}, more than its ` +
            `${length} values per image hold (${RECORD} values each): the output is too small for this many boxes`,
        );
      }
      const o = img * length + k * RECORD;
      out[o] = r - img * slots;
      out.set(head.boxTarget.subarray(4 * p, 4 * p + 4), o + 1);
      out[o + 5] = head.classIds[p]!;
      out[o + 6] = head.objWriter[r] === p ? 1 : 0;
    }
    return out;
  });
}

/**
 * Unpacks one output's `yTrue` on the device into its positives (call inside a `tf.tidy`): padding
 * records get weight 0 and row 0 of their image; `count` is the number of real positives.
 *
 * @param yTrue - `[N, H, W, A·(5+C)]` from {@link packLayersTargets}.
 * @param anchorWh - `[A, 2]`: the output's anchors in its grid units, as the encoding computes them.
 */
export function unpackLayersTargets(
  yTrue: tf.Tensor,
  layout: LevelLayout,
  config: ResolvedYolov5Config,
  anchorWh: tf.Tensor2D,
): LevelPositives {
  const n = yTrue.shape[0];
  const c = config.numClasses;
  const total = n * layout.records;
  const records = tf.reshape(
    tf.slice(tf.reshape(yTrue, [n, layout.length]), [0, 0], [n, layout.records * RECORD]),
    [total, RECORD],
  );
  const [row, box, classId, writer] = tf.split<tf.Tensor2D>(records, [1, 4, 1, 1], 1);
  const weight = tf.reshape<tf.Rank.R1>(tf.cast(tf.greaterEqual(row!, 0), 'float32'), [total]);
  const image = tf.mul(tf.floorDiv(tf.range(0, total, 1, 'int32'), tf.scalar(layout.records, 'int32')), tf.scalar(layout.slots, 'int32'));
  const eps = config.labelSmoothing;
  const hot = tf.cast(tf.oneHot(tf.reshape(tf.cast(classId!, 'int32'), [total]), c), 'float32') as tf.Tensor2D;
  const slot = tf.reshape<tf.Rank.R1>(tf.cast(tf.relu(row!), 'int32'), [total]);
  const numAnchors = anchorWh.shape[0];
  const anchor = tf.sub(slot, tf.mul(tf.floorDiv(slot, tf.scalar(numAnchors, 'int32')), tf.scalar(numAnchors, 'int32')));
  return {
    rows: tf.add<tf.Tensor1D>(slot, image),
    boxTarget: box!,
    anchorWh: tf.gather(anchorWh, anchor),
    // 1 − ε/2 on the class, ε/2 elsewhere (no select: tfjs-backend-wasm's Select on bool is unsafe)
    classTarget: eps === 0 ? hot : tf.add<tf.Tensor2D>(tf.mul(hot, 1 - eps), eps / 2),
    writer: tf.mul<tf.Tensor1D>(tf.reshape(writer!, [total]), weight),
    weight,
    count: tf.sum<tf.Scalar>(weight),
  };
}

/**
 * The tfjs-layers loss of output `level`: unpacks `yTrue`, computes the output's terms with the
 * composed ops of `loss` and scales them like `loss` does (`× N`, then `reduction`), so the outputs'
 * losses add up to `loss(...).total`.
 *
 * @param pick - which terms to return (all four for the loss; one for a per-term metric).
 */
export function layersLevelLoss(
  config: ResolvedYolov5Config,
  level: number,
  maxBoxes: number,
  where: string,
  pick: readonly ('box' | 'obj' | 'noobj' | 'cls')[] = ['box', 'obj', 'noobj', 'cls'],
): LayersLoss {
  const numAnchors = config.masks[level]!.length;
  const channels = numAnchors * (5 + config.numClasses);
  return (yTrue, yPred) =>
    tf.tidy(() => {
      if (yPred.rank !== 4 || yPred.shape[3] !== channels || yTrue.size !== yPred.size) {
        throw new YoloInputError(
          `${where}: output ${level}: yPred must be [N, H, W, ${channels}] and yTrue the same size (from layersTargets), ` +
            `got yPred [${yPred.shape.join(', ')}], yTrue [${yTrue.shape.join(', ')}]`,
        );
      }
      const [n, gridH, gridW] = yPred.shape as [number, number, number, number];
      const layout = levelLayout(gridH, gridW, numAnchors, config.numClasses, maxBoxes);
      const anchorWh = tf.tensor2d(levelAnchors(config, level, gridW, gridH), [numAnchors, 2]);
      const terms = composedLevelTerms(
        tf.reshape(yPred, [n * layout.slots, 5 + config.numClasses]),
        layout.records > 0 ? unpackLayersTargets(yTrue, layout, config, anchorWh) : undefined,
        config,
        level,
      );
      const sum = pick.map((k) => terms[k]).reduce((a, b) => tf.add(a, b));
      // ultralytics' batch means × N are per-image sums: then 'mean' divides by N, 'sum' adds
      return tf.mul<tf.Scalar>(sum, n / reductionDivisor(config.reduction, n));
    });
}
