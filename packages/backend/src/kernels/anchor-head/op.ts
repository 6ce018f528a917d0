import * as tf from '@tensorflow/tfjs-core';
import {
  cpuFusedHeadBackward,
  cpuFusedHeadForward,
  type FusedHeadAttrs,
  type FusedHeadGradAttrs,
} from './cpu-backend.js';
import { cullSpread, indexGroundTruth } from './gt-index.js';
import { forwardLayout } from './layout.js';
import { CLASS_GATE_LOGIT, tableWidth, type FusedHeadSpec, type FusedHeadTargets } from './spec.js';
import { webglFusedHeadBackward, webglFusedHeadForward } from './webgl-backend.js';
import { webgpuFusedHeadBackward, webgpuFusedHeadForward } from './webgpu-backend.js';
import { PARAM } from './wgsl.js';

/** Name of the fused anchor-head forward kernel in tfjs' kernel registry. */
export const ANCHOR_HEAD_KERNEL = 'YoloAnchorHead';
/** Name of its backward kernel. */
export const ANCHOR_HEAD_GRAD_KERNEL = 'YoloAnchorHeadGrad';

/** The kernel functions per backend, for `registerKernels`. */
export const anchorHeadKernels = {
  cpu: { forward: cpuFusedHeadForward, backward: cpuFusedHeadBackward },
  webgpu: { forward: webgpuFusedHeadForward, backward: webgpuFusedHeadBackward },
  webgl: { forward: webglFusedHeadForward, backward: webglFusedHeadBackward },
} as const;

/** The forward kernel's inputs (uploaded) and attributes for one head. */
export interface AnchorHeadKernelInputs {
  inputs: Record<'slotIndex' | 'table' | 'gtBoxes' | 'gtBins' | 'params' | 'entryRows', tf.Tensor>;
  attrs: FusedHeadAttrs;
  /** `K`, rows of the packed table. */
  entries: number;
}

/**
 * Uploads one head's packed targets and constants for the forward kernel (the caller disposes
 * `inputs`): the slot index and table, the ground truth ordered for the ignore rule's culling
 * (`gt-index.ts`), the WGSL and GLSL programs' float parameters, and each table entry's row
 * (`entryRows`, the inverse of the slot index: a WebGL texel cannot scatter, so an entry's
 * gradient texel must find its row).
 *
 * @param cull - whether the ignore rule tests only the GTs near each row (`false`: every GT; tests).
 */
export function anchorHeadKernelInputs(targets: FusedHeadTargets, spec: FusedHeadSpec, cull = true): AnchorHeadKernelInputs {
  const index = indexGroundTruth(targets.gt, targets.maxBoxes);
  const params = new Float32Array(PARAM.anchors + spec.anchors.length);
  params[PARAM.lambdaObj] = spec.lambdaObj;
  params[PARAM.lambdaClass] = spec.lambdaClass;
  params[PARAM.ignoreThreshold] = spec.ignoreThreshold;
  params[PARAM.scaleXY] = spec.scaleXY;
  params[PARAM.whScale] = spec.whScale;
  params[PARAM.gateLogit] = CLASS_GATE_LOGIT;
  params[PARAM.scaleShift] = (spec.scaleXY - 1) / 2;
  // −1: test every GT (nothing can be culled, or culling is off); float32 rounding of the spread is
  // covered by the window's slack
  const spread = cull ? cullSpread(spec.ignoreThreshold) : Infinity;
  params[PARAM.cullSpread] = Number.isFinite(spread) ? spread : -1;
  params.set(spec.anchors, PARAM.anchors);
  const entries = targets.table.length / tableWidth(targets.layers, spec.numClasses);
  return {
    inputs: {
      slotIndex: tf.tensor1d(targets.slotIndex, 'int32'),
      table: tf.tensor1d(targets.table),
      gtBoxes: tf.tensor1d(index.boxes),
      gtBins: tf.tensor1d(index.bins, 'int32'),
      params: tf.tensor1d(params),
      entryRows: tf.tensor1d(entryRowsOf(targets.slotIndex, entries), 'int32'),
    },
    attrs: { ...spec, layers: targets.layers, gtGrid: index.grid, cull },
    entries,
  };
}

/** `[K]`: the row whose slot index is `k`, −1 for an entry no row points at (the table's placeholder). */
function entryRowsOf(slotIndex: Int32Array, entries: number): Int32Array {
  const rows = new Int32Array(entries).fill(-1);
  for (let r = 0; r < slotIndex.length; r++) {
    const k = slotIndex[r]!;
    if (k >= 0) rows[k] = r;
  }
  return rows;
}

/**
 * One head of a YOLOv3/v4 loss in one kernel: decode, ignore rule, every term and the gradient
 * with respect to the raw predictions in a single pass over them (`YoloAnchorHead`: the
 * objectness gradient of each row and the full gradient of the responsible rows only), then the
 * term sums; the backward pass is one more kernel (`YoloAnchorHeadGrad`, `dx = g · dy[term]`,
 * written once). Differentiable with respect to `pred` (tf.customGrad), so `tf.variableGrads`
 * works as with composed ops. The kernels must be registered (`registerKernels`, which
 * `initBackend` and every loss call) and the active backend must have them
 * (`fusedKernelsAvailable`). No GPU→CPU read.
 *
 * @param pred - `[N, H, W, A·(5+C)]` raw outputs of the head.
 * @param targets - the head's packed targets (CPU arrays; uploaded here).
 * @param spec - the head's constants.
 * @returns `[4]`: the head's box, obj, noobj and cls sums (not yet reduced over the batch).
 */
export function fusedAnchorHeadLoss(pred: tf.Tensor, targets: FusedHeadTargets, spec: FusedHeadSpec): tf.Tensor1D {
  const rows = targets.slotIndex.length;
  const { inputs, attrs, entries } = anchorHeadKernelInputs(targets, spec);
  const gradAttrs: FusedHeadGradAttrs = { numClasses: spec.numClasses, entries, shape: pred.shape };
  const op = tf.customGrad((x, save) => {
    const forward = tf.engine().runKernel<tf.Tensor>(
      ANCHOR_HEAD_KERNEL,
      { pred: x as tf.Tensor, ...inputs },
      attrs as unknown as tf.NamedAttrMap,
    );
    (save as tf.GradSaveFunc)([forward, inputs.slotIndex]);
    // the kernel chose how many partial sums per term it wrote
    const start = forwardLayout(rows, entries, spec.numClasses, 0).terms;
    const partials = (forward.size - start) / 4;
    const sums = tf.slice(forward, [start], [4 * partials]);
    const terms = partials === 1 ? sums : tf.sum(tf.reshape(sums, [4, partials]), 1);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      const [fwd, slots] = saved as [tf.Tensor, tf.Tensor];
      return tf.engine().runKernel<tf.Tensor>(
        ANCHOR_HEAD_GRAD_KERNEL,
        { forward: fwd, dy, slotIndex: slots },
        gradAttrs as unknown as tf.NamedAttrMap,
      );
    };
    return { value: terms, gradFunc };
  });
  const result = op(pred) as tf.Tensor1D;
  tf.dispose(Object.values(inputs));
  return result;
}
