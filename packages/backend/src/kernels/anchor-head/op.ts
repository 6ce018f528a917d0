import * as tf from '@tensorflow/tfjs-core';
import { cpuFusedHeadBackward, cpuFusedHeadForward, type FusedHeadAttrs } from './cpu-backend.js';
import { CLASS_GATE_LOGIT, type FusedHeadSpec, type FusedHeadTargets } from './spec.js';
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
} as const;

/**
 * One head of a YOLOv3/v4 loss in one kernel: decode, ignore rule, every term and the gradient
 * with respect to the raw predictions in a single pass over them (`FusedYoloHead`), then a sum;
 * the backward pass is one more kernel (`FusedYoloHeadGrad`, `dx = g · dy[term]`). Differentiable
 * with respect to `pred` (tf.customGrad), so `tf.variableGrads` works as with composed ops.
 * The kernels must be registered (`registerKernels`, which `initBackend` and every loss call)
 * and the active backend must have them (`fusedKernelsAvailable`). No GPU→CPU read.
 *
 * @param pred - `[N, H, W, A·(5+C)]` raw outputs of the head.
 * @param targets - the head's packed targets (CPU arrays; uploaded here).
 * @param spec - the head's constants.
 * @returns `[4]`: the head's box, obj, noobj and cls sums (not yet reduced over the batch).
 */
export function fusedAnchorHeadLoss(pred: tf.Tensor, targets: FusedHeadTargets, spec: FusedHeadSpec): tf.Tensor1D {
  const rows = targets.slotIndex.length;
  const ch = 5 + spec.numClasses;
  const attrs: FusedHeadAttrs = { ...spec, layers: targets.layers, maxBoxes: targets.maxBoxes };
  const params = new Float32Array(PARAM.anchors + spec.anchors.length);
  params[PARAM.lambdaObj] = spec.lambdaObj;
  params[PARAM.lambdaClass] = spec.lambdaClass;
  params[PARAM.ignoreThreshold] = spec.ignoreThreshold;
  params[PARAM.scaleXY] = spec.scaleXY;
  params[PARAM.whScale] = spec.whScale;
  params[PARAM.gateLogit] = CLASS_GATE_LOGIT;
  params[PARAM.scaleShift] = (spec.scaleXY - 1) / 2;
  params.set(spec.anchors, PARAM.anchors);
  const slotIndex = tf.tensor1d(targets.slotIndex, 'int32');
  const inputs = {
    slotIndex,
    table: tf.tensor1d(targets.table),
    gt: tf.tensor1d(targets.gt),
    params: tf.tensor1d(params),
  };
  const op = tf.customGrad((x, save) => {
    const forward = tf.engine().runKernel<tf.Tensor>(
      ANCHOR_HEAD_KERNEL,
      { pred: x as tf.Tensor, ...inputs },
      attrs as unknown as tf.NamedAttrMap,
    );
    (save as tf.GradSaveFunc)([forward, slotIndex]);
    const terms = tf.sum(tf.reshape(tf.slice(forward, [rows * ch], [4 * rows]), [4, rows]), 1);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      const [fwd, slots] = saved as [tf.Tensor, tf.Tensor];
      const dx = tf.engine().runKernel<tf.Tensor>(
        ANCHOR_HEAD_GRAD_KERNEL,
        { forward: fwd, dy, slotIndex: slots },
        { numClasses: spec.numClasses },
      );
      return tf.reshape(dx, pred.shape);
    };
    return { value: terms, gradFunc };
  });
  const result = op(pred) as tf.Tensor1D;
  tf.dispose(Object.values(inputs));
  return result;
}
