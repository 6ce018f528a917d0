import { tableWidth, type FusedHeadTargets } from './spec.js';

/** One head's encoded targets in the loss's row layout, as the v3/v4 encoders produce them. */
export interface HeadTargetLayers {
  /** `[rows]`: 1 at responsible rows. */
  objMask: Float32Array;
  /** `[rows, C]` class targets. */
  classTarget: Float32Array;
  /** Box groups: `target` `[rows, 4]` and `weight` `[rows]` each. */
  box: readonly { target: Float32Array; weight: Float32Array }[];
}

/**
 * Packs one head's dense targets into the fused kernels' compact form: a row → entry index and
 * one table entry per responsible row (box groups, then class targets).
 *
 * @param gt - the batch's ground truth from {@link packGroundTruth} (shared by all heads).
 */
export function packHeadTargets(
  head: HeadTargetLayers,
  numClasses: number,
  gt: Pick<FusedHeadTargets, 'gt' | 'maxBoxes'>,
): FusedHeadTargets {
  const rows = head.objMask.length;
  const layers = head.box.length;
  const width = tableWidth(layers, numClasses);
  const slotIndex = new Int32Array(rows).fill(-1);
  let count = 0;
  for (let r = 0; r < rows; r++) if (head.objMask[r] !== 0) slotIndex[r] = count++;
  const table = new Float32Array(Math.max(count, 1) * width);
  for (let r = 0; r < rows; r++) {
    const k = slotIndex[r]!;
    if (k < 0) continue;
    const e = k * width;
    head.box.forEach(({ target, weight }, l) => {
      table.set(target.subarray(r * 4, r * 4 + 4), e + 5 * l);
      table[e + 5 * l + 4] = weight[r]!;
    });
    table.set(head.classTarget.subarray(r * numClasses, (r + 1) * numClasses), e + 5 * layers);
  }
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
