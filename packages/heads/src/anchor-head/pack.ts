import { tableWidth, type FusedHeadTargets } from '@yolo-loss/backend/kernels';

/** One responsible slot of a head, the sparse form of its dense targets. */
export interface SlotEntry {
  /** Row `((n·H + row)·W + col)·A + a` of the slot. */
  row: number;
  /** Class ids whose target is "on" (several where GTs share the slot). */
  classes: readonly number[];
  /** Box groups: 4 values (t-space target or GT `xywh`) and a weight each. */
  boxes: readonly { target: readonly number[]; weight: number }[];
}

/** Class target values of a head: "off" everywhere, "on" for the slot's classes (label smoothing). */
export interface ClassValues {
  off: number;
  on: number;
}

/**
 * Packs one head's responsible slots into the fused kernels' compact form: a row → entry index
 * and one table entry per slot (box groups padded with weight 0 to `layers`, then the class
 * targets). No dense `[rows, C]` array is built.
 *
 * @param entries - the head's slots (any order).
 * @param rows - `N·H·W·A`.
 * @param layers - box groups per entry (at least the largest slot's).
 * @param gt - the batch's ground truth from {@link packGroundTruth} (shared by all heads).
 */
export function packHeadTargets(
  entries: readonly SlotEntry[],
  rows: number,
  numClasses: number,
  classes: ClassValues,
  layers: number,
  gt: Pick<FusedHeadTargets, 'gt' | 'maxBoxes'>,
): FusedHeadTargets {
  const width = tableWidth(layers, numClasses);
  const slotIndex = new Int32Array(rows).fill(-1);
  const table = new Float32Array(Math.max(entries.length, 1) * width);
  entries.forEach(({ row, classes: ids, boxes }, k) => {
    slotIndex[row] = k;
    const e = k * width;
    boxes.forEach(({ target, weight }, l) => {
      table.set(target, e + 5 * l);
      table[e + 5 * l + 4] = weight;
    });
    const c0 = e + 5 * layers;
    table.fill(classes.off, c0, c0 + numClasses);
    for (const id of ids) table[c0 + id] = classes.on;
  });
  return { slotIndex, table, layers, gt: gt.gt, maxBoxes: gt.maxBoxes };
}

/**
 * The batch's ground truth for the fused ignore rule: `[N, max(G, 1), 5]` `x1, y1, x2, y2, valid`.
 *
 * @param gtBoxes - `[N, G, 4]` `xyxy`, zero-padded.
 * @param gtValid - `[N, G]` 1 for a real box.
 */
export function packGroundTruth(
  gtBoxes: Float32Array,
  gtValid: Float32Array,
  batchSize: number,
  maxBoxes: number,
): Pick<FusedHeadTargets, 'gt' | 'maxBoxes'> {
  const g = Math.max(maxBoxes, 1);
  const gt = new Float32Array(batchSize * g * 5);
  for (let n = 0; n < batchSize; n++) {
    for (let i = 0; i < maxBoxes; i++) {
      const src = n * maxBoxes + i;
      gt.set(gtBoxes.subarray(src * 4, src * 4 + 4), (n * g + i) * 5);
      gt[(n * g + i) * 5 + 4] = gtValid[src]!;
    }
  }
  return { gt, maxBoxes: g };
}

