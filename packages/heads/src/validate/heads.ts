import * as tf from '@tensorflow/tfjs-core';
import type { LossStats } from '@yolo-loss/backend';
import { YoloInputError } from '@yolo-loss/backend';

/** Grid geometry of one detection head, read from its prediction tensor. */
export interface HeadShape {
  /** Grid height (rows). */
  gridH: number;
  /** Grid width (columns). */
  gridW: number;
  /** Anchors of this head (`masks[h].length`). */
  numAnchors: number;
}

/** A responsible slot of a multi-head loss: `[head, image, row, col, anchorPositionInMask]`. */
export type Slot = readonly [head: number, image: number, row: number, col: number, anchor: number];

/** A ground truth that lost a slot: `[image, gtIndex, head, row, col, anchorPositionInMask]`. */
export type DroppedSlot = readonly [
  image: number,
  gt: number,
  head: number,
  row: number,
  col: number,
  anchor: number,
];

/**
 * Checks multi-head predictions (YOLOv3/v4 style) against the config and returns the batch size
 * and each head's grid. Every head must be a float32 `[N, H, W, A·(5+C)]` tensor with
 * `A = masks[h].length`, and all heads must share `N`. The grid is taken from the tensor.
 * Errors name the loss and the head (`predictions[h] (head h)`).
 *
 * @param predictions - one tensor per head, in the order of `masks`, each `[N, H, W, A·(5+C)]`
 *   (a single tensor is taken as a list of one).
 * @param masks - anchor indices per head.
 * @param numClasses - `C`.
 * @param loss - the caller's name for messages (e.g. `'yolov3'`).
 */
export function checkHeads(
  predictions: unknown,
  masks: readonly (readonly number[])[],
  numClasses: number,
  loss: string,
): { batchSize: number; heads: HeadShape[] } {
  const list = predictions instanceof tf.Tensor ? [predictions] : predictions;
  if (!Array.isArray(list)) {
    throw new YoloInputError(
      `${loss}: predictions must be an array of head tensors (one per mask), got ${typeof predictions}`,
    );
  }
  if (list.length !== masks.length) {
    throw new YoloInputError(
      `${loss}: predictions has ${list.length} heads but masks has ${masks.length} (one head per mask)`,
    );
  }
  let batchSize = -1;
  const heads = list.map((item: unknown, h): HeadShape => {
    const where = `${loss}: predictions[${h}] (head ${h})`;
    if (!(item instanceof tf.Tensor))
      throw new YoloInputError(`${where} must be a tf.Tensor, got ${typeof item}`);
    const t = item as tf.Tensor;
    if (t.isDisposed) throw new YoloInputError(`${where} is disposed`);
    if (t.dtype !== 'float32') throw new YoloInputError(`${where} must be float32, got ${t.dtype}`);
    const numAnchors = masks[h]!.length;
    const channels = numAnchors * (5 + numClasses);
    if (t.rank !== 4 || t.shape[3] !== channels) {
      throw new YoloInputError(
        `${where} must have shape [N, H, W, ${channels}] (A·(5+C) with A = ${numAnchors}, C = ${numClasses}), got [${t.shape.join(', ')}]`,
      );
    }
    const [n, gridH, gridW] = t.shape as [number, number, number];
    if (gridH === 0 || gridW === 0)
      throw new YoloInputError(`${where} has an empty grid [${t.shape.join(', ')}]`);
    if (batchSize < 0) batchSize = n;
    else if (n !== batchSize) {
      throw new YoloInputError(
        `${where} has batch size ${n} but predictions[0] has ${batchSize}: every head must share N`,
      );
    }
    return { gridH, gridW, numAnchors };
  });
  return { batchSize, heads };
}

/** What {@link checkSingleHead} expects of a one-head (YOLOv1/v2 style) prediction tensor. */
export interface SingleHeadSpec {
  /** Grid height `H` from the config. */
  gridH: number;
  /** Grid width `W` from the config. */
  gridW: number;
  /** Channels per cell (`B·5 + C`, `A·(5 + C)`, …). */
  channels: number;
  /** How the channels come about, for messages, e.g. `gridSize 7×7, …: B·5 + C = 30`. */
  explain: string;
}

/**
 * Checks a one-head prediction (YOLOv1/v2 style) against the grid and channel count of its
 * config and returns it as a `Tensor4D`. Errors name the caller and the expected shape
 * `[N, H, W, channels] (explain)`.
 *
 * @param predictions - `[N, H, W, channels]` float32, or an array holding exactly that tensor.
 * @param spec - the expected grid and channels.
 * @param where - the calling function, for messages.
 * @returns the tensor, `[N, H, W, channels]`.
 */
export function checkSingleHead(predictions: unknown, spec: SingleHeadSpec, where: string): tf.Tensor4D {
  const { gridH: H, gridW: W, channels: ch } = spec;
  const expected = `[N, ${H}, ${W}, ${ch}] (${spec.explain})`;
  let pred: unknown = predictions;
  if (Array.isArray(pred)) {
    if (pred.length !== 1) {
      throw new YoloInputError(`${where}: predictions must be one tensor ${expected} (or an array of one), got an array of ${pred.length}`);
    }
    pred = (pred as readonly unknown[])[0];
  }
  if (!(pred instanceof tf.Tensor)) {
    throw new YoloInputError(`${where}: predictions must be a tf.Tensor of shape ${expected}, got ${typeof pred}`);
  }
  const tensor = pred as tf.Tensor;
  if (tensor.isDisposed) throw new YoloInputError(`${where}: predictions tensor is disposed`);
  if (tensor.dtype !== 'float32') {
    throw new YoloInputError(`${where}: predictions must be float32, got ${tensor.dtype} (expected shape ${expected})`);
  }
  const shape = tensor.shape;
  if (shape.length !== 4 || shape[1] !== H || shape[2] !== W || shape[3] !== ch) {
    throw new YoloInputError(`${where}: predictions must have shape ${expected}, got [${shape.join(', ')}]`);
  }
  return tensor as tf.Tensor4D;
}

/** {@link LossStats} of a multi-head loss, with the slots themselves. */
export interface SlotStats extends LossStats {
  /** Responsible slots, sorted. */
  responsible: readonly Slot[];
  /** Index (in its image) of the GT that owns each responsible slot. */
  responsibleGt: readonly number[];
  /** The GTs that lost a slot. */
  dropped: readonly DroppedSlot[];
}

/** What a multi-head loss's encoded targets hold about its slots and the heads they were built for. */
export interface SlotTargets {
  /** The resolved configuration the targets were encoded with. */
  config: object;
  batchSize: number;
  /** The grid of each head. */
  heads: readonly { gridH: number; gridW: number }[];
  numGt: number;
  responsible: Slot[];
  responsibleGt: number[];
  dropped: DroppedSlot[];
}

/**
 * The {@link SlotStats} of encoded targets (plain numbers, no device read).
 *
 * @param targets - encoded multi-head targets.
 */
export function slotStats(targets: SlotTargets): SlotStats {
  return {
    numGt: targets.numGt,
    numTargets: targets.responsible.length,
    droppedTargets: targets.dropped.length,
    responsible: targets.responsible,
    responsibleGt: targets.responsibleGt,
    dropped: targets.dropped,
  };
}

/**
 * Checks pre-encoded multi-head targets against this call's config, batch size and head grids
 * (from {@link checkHeads}); throws naming the loss and the head.
 *
 * @param targets - targets from the loss package's `encodeYolovNTargets`.
 * @param config - this call's resolved config (compared as JSON).
 * @param heads - the grids of the prediction tensors.
 * @param batchSize - `N` of the predictions.
 * @param loss - the loss name for messages (e.g. `'yolov3'`).
 * @returns `targets`.
 */
export function checkHeadTargets<T extends SlotTargets>(
  targets: T,
  config: object,
  heads: readonly HeadShape[],
  batchSize: number,
  loss: string,
): T {
  if (JSON.stringify(targets.config) !== JSON.stringify(config)) {
    throw new YoloInputError(`${loss}: groundTruth holds targets encoded with a different config than options`);
  }
  if (targets.batchSize !== batchSize) {
    throw new YoloInputError(
      `${loss}: groundTruth targets are for ${targets.batchSize} images but the predictions have batch size ${batchSize}`,
    );
  }
  heads.forEach((h, i) => {
    const e = targets.heads[i]!;
    if (e.gridH !== h.gridH || e.gridW !== h.gridW) {
      throw new YoloInputError(
        `${loss}: targets for head ${i} were encoded for a ${e.gridW}×${e.gridH} grid but predictions[${i}] is ${h.gridW}×${h.gridH} (W×H)`,
      );
    }
  });
  return targets;
}

/**
 * The ignored slots of a multi-head loss, read back for inspection: the rows
 * `((n·H + row)·W + col)·A + a` where a head's ignore mask is non-zero and the slot is not
 * responsible, by head then row. Reads the masks with `await t.data()` and disposes them.
 *
 * @param masks - per head, the ignore mask `[N·H·W·A]` (1 = ignored); disposed here.
 * @param responsible - per head, `[N·H·W·A]` 1 at responsible slots (plain numbers).
 * @param heads - the grid of each head.
 * @returns `[head, image, row, col, anchor]` per ignored slot.
 */
export async function readIgnoredSlots(
  masks: readonly tf.Tensor[],
  responsible: readonly ArrayLike<number>[],
  heads: readonly HeadShape[],
): Promise<Slot[]> {
  const data = await Promise.all(masks.map((m) => m.data()));
  tf.dispose(masks as tf.Tensor[]);
  const ignored: Slot[] = [];
  heads.forEach(({ gridH, gridW, numAnchors }, h) => {
    const obj = responsible[h]!;
    data[h]!.forEach((v, r) => {
      if (v === 0 || obj[r] !== 0) return;
      const a = r % numAnchors;
      const cell = (r - a) / numAnchors;
      const col = cell % gridW;
      const row = ((cell - col) / gridW) % gridH;
      const n = Math.floor(cell / (gridW * gridH));
      ignored.push([h, n, row, col, a]);
    });
  });
  return ignored;
}
