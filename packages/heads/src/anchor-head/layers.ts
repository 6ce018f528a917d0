import * as tf from '@tensorflow/tfjs-core';
import { reductionDivisor, YoloInputError } from '@yolo-loss/backend';
import type { LayersLoss } from '../version/yolo-version.js';
import { composedHeadTerms, type GroundTruthTensors, type HeadTargetTensors } from './composed.js';
import type { AnchorHeadSpec } from './spec.js';
import { FILLER_BOX } from './target-tensors.js';
import type { AnchorHeadTargets } from './targets.js';

/**
 * The tfjs-layers targets of an anchor head. `model.fit` wants one `y` per output, shaped as that
 * output, and each output's loss sees only its own `(yTrue, yPred)` — yet the ignore rule needs
 * every GT of the image at every head. So each head's `yTrue` (per image, the `H·W·A·(5+C)`
 * values of the output) carries a packed record instead of a dense map:
 *
 * - the image's GT table, `maxBoxes` rows of `x1, y1, x2, y2, valid` (image-normalised corners);
 * - then the head's claims, 7 values each: `row` (the slot's row in the image, −1 for padding),
 *   the box target `t0..t3` (t-space or the GT's `xywh`), its weight, and a class id (−1: none).
 *   A slot whose GTs share it or merge their classes has one claim per box or class.
 *
 * The loss unpacks it on the device with static shapes (no GPU→CPU read).
 */
const CLAIM = 7;
const GT_ROW = 5;

/** How one head's packed `yTrue` is laid out per image. */
export interface PackedLayout {
  /** Slots per image, `H·W·A`. */
  slots: number;
  /** Values per image, `H·W·A·(5+C)`. */
  length: number;
  maxBoxes: number;
  /** Claims that fit after the GT table. */
  maxClaims: number;
}

/** The layout of head `head`'s packed targets, or an error naming the head when `maxBoxes` does not fit. */
export function packedLayout(
  gridH: number,
  gridW: number,
  numAnchors: number,
  numClasses: number,
  maxBoxes: number,
  where: string,
  head: number,
): PackedLayout {
  const slots = gridH * gridW * numAnchors;
  const length = slots * (5 + numClasses);
  const maxClaims = Math.floor((length - GT_ROW * maxBoxes) / CLAIM);
  if (maxClaims < 1) {
    throw new YoloInputError(
      `${where}: output ${head} ([${gridH}, ${gridW}, ${numAnchors * (5 + numClasses)}]) holds ${length} values per image, ` +
        `too few for maxBoxes ${maxBoxes} (${GT_ROW} values each) and its targets: lower maxBoxes`,
    );
  }
  return { slots, length, maxBoxes, maxClaims };
}

/**
 * Packs encoded targets into one `[N, H·W·A·(5+C)]` array per head (see the module notes).
 *
 * @throws YoloInputError naming the image (and head) whose boxes or claims do not fit.
 */
export function packLayersTargets(
  targets: AnchorHeadTargets,
  layouts: readonly PackedLayout[],
  where: string,
): Float32Array[] {
  const n = targets.batchSize;
  const g = targets.maxBoxes;
  return targets.heads.map((head, h) => {
    const layout = layouts[h]!;
    const out = new Float32Array(n * layout.length);
    for (let img = 0; img < n; img++) {
      const base = img * layout.length;
      let boxes = 0;
      for (let i = 0; i < g; i++) {
        if (targets.gtValid[img * g + i] === 0) continue;
        if (boxes === layout.maxBoxes) {
          throw new YoloInputError(
            `${where}: image ${img} has more than maxBoxes (${layout.maxBoxes}) ground-truth boxes: raise maxBoxes in layersTargets and layersLoss`,
          );
        }
        out.set(targets.gtBoxes.subarray((img * g + i) * 4, (img * g + i) * 4 + 4), base + boxes * GT_ROW);
        out[base + boxes * GT_ROW + 4] = 1;
        boxes++;
      }
    }
    const used = new Int32Array(n);
    const claimsBase = layout.maxBoxes * GT_ROW;
    for (let img = 0; img < n; img++) {
      for (let k = 0; k < layout.maxClaims; k++) out[img * layout.length + claimsBase + k * CLAIM] = -1;
    }
    for (const entry of head.entries) {
      const img = Math.floor(entry.row / layout.slots);
      const count = Math.max(entry.boxes.length, entry.classes.length);
      for (let i = 0; i < count; i++) {
        const k = used[img]!++;
        if (k >= layout.maxClaims) {
          throw new YoloInputError(
            `${where}: image ${img}'s targets for output ${h} need more than the ${layout.maxClaims} claims its ` +
              `[${layout.slots}·(5+C)] values hold after maxBoxes ${layout.maxBoxes}: lower maxBoxes`,
          );
        }
        const o = img * layout.length + claimsBase + k * CLAIM;
        const box = entry.boxes[i];
        out[o] = entry.row - img * layout.slots;
        out.set(box?.target ?? FILLER_BOX, o + 1);
        out[o + 5] = box?.weight ?? 0;
        out[o + 6] = entry.classes[i] ?? -1;
      }
    }
    return out;
  });
}

/**
 * Unpacks one head's `yTrue` on the device into the composed terms' tensors (call inside a
 * `tf.tidy`): GT table, responsible mask and class targets scattered from the claims, box claims.
 *
 * @param yTrue - `[N, H, W, A·(5+C)]` from {@link packLayersTargets}.
 */
export function unpackLayersTargets(
  yTrue: tf.Tensor,
  layout: PackedLayout,
  spec: AnchorHeadSpec,
): { targets: HeadTargetTensors; gt: GroundTruthTensors } {
  const n = yTrue.shape[0];
  const c = spec.numClasses;
  const rows = n * layout.slots;
  const flat = tf.reshape(yTrue, [n, layout.length]);
  const table = tf.reshape(tf.slice(flat, [0, 0], [n, layout.maxBoxes * GT_ROW]), [n, layout.maxBoxes, GT_ROW]);
  const claims = tf.reshape(
    tf.slice(flat, [0, layout.maxBoxes * GT_ROW], [n, layout.maxClaims * CLAIM]),
    [n * layout.maxClaims, CLAIM],
  );
  const [row, box, weight, classId] = tf.split(claims, [1, 4, 1, 1], 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  // rows of the batch: row + image·slots; padding (row −1) goes to a spare row `rows`, sliced off
  const image = tf.reshape(tf.mul(tf.floorDiv(tf.range(0, n * layout.maxClaims, 1, 'int32'), tf.scalar(layout.maxClaims, 'int32')), tf.scalar(layout.slots, 'int32')), [-1, 1]);
  const isClaim = tf.greaterEqual(row, 0);
  const batchRow = tf.where(isClaim, tf.add(tf.cast(row, 'int32'), image), tf.fill(row.shape, rows, 'int32'));
  const hasClass = tf.logicalAnd(isClaim, tf.greaterEqual(classId, 0));
  const classIndex = tf.where(
    hasClass,
    tf.add(tf.mul(batchRow, tf.scalar(c, 'int32')), tf.cast(classId, 'int32')),
    tf.fill(row.shape, rows * c, 'int32'),
  );
  const ones = (t: tf.Tensor): tf.Tensor => tf.ones([t.shape[0]]);
  const scatter = (index: tf.Tensor, size: number): tf.Tensor =>
    tf.slice(tf.minimum(tf.scatterND(index, ones(index), [size + 1]), 1), [0], [size]);
  const eps = spec.labelSmoothing;
  const classHot = tf.reshape(scatter(classIndex, rows * c), [rows, c]);
  return {
    targets: {
      objMask: tf.reshape(scatter(batchRow, rows), [rows, 1]),
      classTarget: eps === 0 ? classHot : tf.add(tf.mul(classHot, 1 - eps), eps / 2),
      claimRows: tf.reshape(tf.where(isClaim, batchRow, tf.zerosLike(batchRow)), [-1]),
      claimTarget: box,
      claimWeight: tf.reshape(tf.mul(weight, tf.cast(isClaim, 'float32')), [-1]),
    },
    gt: {
      boxes: tf.slice(table, [0, 0, 0], [n, layout.maxBoxes, 4]),
      valid: tf.reshape(tf.slice(table, [0, 0, 4], [n, layout.maxBoxes, 1]), [n, layout.maxBoxes]),
    },
  };
}

/**
 * The tfjs-layers loss of head `head`: unpacks `yTrue`, computes the head's terms with the composed
 * ops and reduces them over the batch like the loss does, so the heads' losses add up to `total`.
 *
 * @param pick - which terms to return (all four for the loss; one for a per-term metric).
 */
export function layersHeadLoss(
  spec: AnchorHeadSpec,
  head: number,
  maxBoxes: number,
  where: string,
  pick: readonly ('box' | 'obj' | 'noobj' | 'cls')[] = ['box', 'obj', 'noobj', 'cls'],
): LayersLoss {
  const numAnchors = spec.masks[head]!.length;
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const [n, gridH, gridW] = yPred.shape as [number, number, number, number];
      const layout = packedLayout(gridH, gridW, numAnchors, spec.numClasses, maxBoxes, where, head);
      const { targets, gt } = unpackLayersTargets(yTrue, layout, spec);
      const terms = composedHeadTerms(spec, head, yPred, { batchSize: n, gridH, gridW, numAnchors }, targets, gt);
      const sum = pick.map((k) => terms[k]).reduce((a, b) => tf.add(a, b));
      return tf.div<tf.Scalar>(sum, reductionDivisor(spec.reduction, n));
    });
}
