import * as tf from '@tensorflow/tfjs-core';
import type { GroundTruthTensors, HeadTargetTensors } from './composed.js';
import type { AnchorHeadTargets, AnchorHeadTargetsOfHead } from './targets.js';

/** Placeholder box target of padding claims: finite for every box term, weight 0. */
export const FILLER_BOX = [0.5, 0.5, 0.5, 0.5] as const;

/** One box claim of a slot: its row, box target and weight. */
export interface BoxClaim {
  row: number;
  target: readonly number[];
  weight: number;
}

/** Every box claim of a head (a slot shared by `k` GTs has `k`), in row order. */
export function boxClaims(head: AnchorHeadTargetsOfHead): BoxClaim[] {
  return head.entries.flatMap((e) => e.boxes.map((b) => ({ row: e.row, target: b.target, weight: b.weight })));
}

/**
 * Uploads one head's CPU targets as the composed terms' tensors (call inside a `tf.tidy`). At least
 * one claim is uploaded (a padding claim of weight 0 for a head without any).
 */
export function uploadHeadTargets(head: AnchorHeadTargetsOfHead, numClasses: number): HeadTargetTensors {
  const claims = boxClaims(head);
  const k = Math.max(claims.length, 1);
  const rows = new Int32Array(k);
  const target = new Float32Array(k * 4);
  const weight = new Float32Array(k);
  for (let i = 0; i < k; i++) target.set(FILLER_BOX, i * 4);
  claims.forEach((c, i) => {
    rows[i] = c.row;
    target.set(c.target, i * 4);
    weight[i] = c.weight;
  });
  const n = head.objMask.length;
  return {
    objMask: tf.tensor2d(head.objMask, [n, 1]),
    classTarget: tf.tensor2d(head.classTarget, [n, numClasses]),
    claimRows: tf.tensor1d(rows, 'int32'),
    claimTarget: tf.tensor2d(target, [k, 4]),
    claimWeight: tf.tensor1d(weight),
  };
}

/** The batch's ground truth of CPU targets as tensors (call inside a `tf.tidy`), or undefined when it has none. */
export function uploadGroundTruth(targets: AnchorHeadTargets): GroundTruthTensors | undefined {
  const g = targets.maxBoxes;
  if (g === 0) return undefined;
  return {
    boxes: tf.tensor3d(targets.gtBoxes, [targets.batchSize, g, 4]),
    valid: tf.tensor2d(targets.gtValid, [targets.batchSize, g]),
  };
}
