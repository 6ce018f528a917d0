import * as tf from '@tensorflow/tfjs-core';
import { cpuGridHeadBackward, cpuYolov1Forward, cpuYolov2Forward, type GridHeadGradAttrs } from './cpu-backend.js';
import { checkGridHeadInputs } from './check.js';
import {
  YOLOV1_ENTRY_FIELDS,
  YOLOV2_ENTRY_FIELDS,
  type FusedYolov1Spec,
  type FusedYolov1Targets,
  type FusedYolov2Spec,
  type FusedYolov2Targets,
} from './spec.js';
import { YoloInputError } from '../../errors.js';
import { webgpuGridHeadBackward, webgpuYolov1Forward, webgpuYolov2Forward } from './webgpu-backend.js';
import { YOLOV2_PARAM } from './yolov2-wgsl.js';

/** Name of the fused YOLOv1 forward kernel in tfjs' kernel registry. */
export const YOLOV1_HEAD_KERNEL = 'YoloV1Head';
/** Name of the fused YOLOv2 forward kernel. */
export const YOLOV2_HEAD_KERNEL = 'YoloV2Head';
/** Name of the backward kernel both share (`dx = g · dy[term]`). */
export const GRID_HEAD_GRAD_KERNEL = 'YoloGridHeadGrad';

/** The kernel functions per backend, for `registerKernels`. */
export const gridHeadKernels = {
  cpu: { yolov1: cpuYolov1Forward, yolov2: cpuYolov2Forward, backward: cpuGridHeadBackward },
  webgpu: { yolov1: webgpuYolov1Forward, yolov2: webgpuYolov2Forward, backward: webgpuGridHeadBackward },
} as const;

/**
 * Runs a fused one-head forward kernel under `tf.customGrad`: the four term sums as the value,
 * `YoloGridHeadGrad` as the gradient. Disposes `inputs` (the uploaded targets).
 */
function fusedGridHead(
  kernel: string,
  pred: tf.Tensor,
  inputs: Record<string, tf.Tensor>,
  attrs: object,
  grad: GridHeadGradAttrs,
): tf.Tensor1D {
  const { rows, channels } = grad;
  const op = tf.customGrad((x, save) => {
    const forward = tf.engine().runKernel<tf.Tensor>(kernel, { pred: x as tf.Tensor, ...inputs }, attrs as tf.NamedAttrMap);
    (save as tf.GradSaveFunc)([forward]);
    const terms = tf.sum(tf.reshape(tf.slice(forward, [rows * channels], [4 * rows]), [4, rows]), 1);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      const dx = tf.engine().runKernel<tf.Tensor>(
        GRID_HEAD_GRAD_KERNEL,
        { forward: saved[0]!, dy },
        grad as unknown as tf.NamedAttrMap,
      );
      return tf.reshape(dx, pred.shape);
    };
    return { value: terms, gradFunc };
  });
  const result = op(pred) as tf.Tensor1D;
  tf.dispose(Object.values(inputs));
  return result;
}

/**
 * The YOLOv1 loss terms in one kernel (`YoloV1Head`): decoding, the responsible predictor of each
 * GT cell (IoU, else the fallback distance) and `IoU*`, every term and its gradient with respect to
 * the raw predictions (softmax included) in one pass over the cells; the backward pass is one more
 * kernel. Differentiable with respect to `pred` (`tf.customGrad`). The kernels must be registered
 * (`registerKernels`, which `initBackend` and every loss call) and the active backend must have
 * them (`fusedKernelAvailable(YOLOV1_HEAD_KERNEL)`). No GPU→CPU read.
 *
 * @param pred - `[N, H, W, B·5 + C]` raw outputs.
 * @param targets - the packed targets (CPU arrays; uploaded here), `rows = N·H·W`.
 * @param spec - the decoding and assignment keys.
 * @returns `[4]`: the *unweighted* sums `Σ resp·coord`, `Σ resp·(Ĉ − target)²`, `Σ (1 − resp)·Ĉ²`,
 *   `Σ_GT cells Σ_c (p̂ − t)²` over the batch; the loss multiplies each by its λ, ½ and batch factor.
 */
export function fusedYolov1Loss(pred: tf.Tensor, targets: FusedYolov1Targets, spec: FusedYolov1Spec): tf.Tensor1D {
  const rows = targets.cellIndex.length;
  const channels = 5 * spec.boxesPerCell + spec.numClasses;
  const { cellIndex, table } = targets;
  checkGridHeadInputs('fusedYolov1Loss', pred, rows, channels, cellIndex, 'cellIndex', table, YOLOV1_ENTRY_FIELDS + spec.numClasses);
  return fusedGridHead(
    YOLOV1_HEAD_KERNEL,
    pred,
    { cellIndex: tf.tensor1d(cellIndex, 'int32'), table: tf.tensor1d(table) },
    { ...spec },
    { rows, channels, predictors: spec.boxesPerCell },
  );
}

/**
 * The YOLOv2 loss terms in one kernel (`YoloV2Head`): decoding, `IoU*` of each responsible slot,
 * the ignore rule against every GT of the image, every term and its gradient with respect to the
 * raw predictions (softmax or its cross-entropy included) in one pass over the slots; the backward
 * pass is one more kernel. Differentiable with respect to `pred`; same requirements as
 * {@link fusedYolov1Loss} (`YOLOV2_HEAD_KERNEL`). No GPU→CPU read.
 *
 * @param pred - `[N, H, W, A·(5 + C)]` raw outputs.
 * @param targets - the packed targets (CPU arrays; uploaded here), `rows = N·H·W·A`.
 * @param spec - the decoding, term and ignore-rule keys.
 * @returns `[4]`: the *unweighted* sums of the box (`(2 − ŵĥ)`-weighted where set), obj, noobj and
 *   cls terms over the batch; the loss multiplies each by its λ, ½ and batch factor.
 */
export function fusedYolov2Loss(pred: tf.Tensor, targets: FusedYolov2Targets, spec: FusedYolov2Spec): tf.Tensor1D {
  const rows = targets.slotIndex.length;
  const channels = 5 + spec.numClasses;
  const where = 'fusedYolov2Loss';
  checkGridHeadInputs(where, pred, rows, channels, targets.slotIndex, 'slotIndex', targets.table, YOLOV2_ENTRY_FIELDS + spec.numClasses);
  const images = rows / (spec.gridH * spec.gridW * (spec.anchors.length / 2));
  if (!Number.isInteger(targets.maxBoxes) || targets.maxBoxes < 1 || targets.gt.length !== images * targets.maxBoxes * 4) {
    throw new YoloInputError(
      `${where}: targets.gt: expected ${images} images × maxBoxes ${targets.maxBoxes} (at least 1) × 4 values, got ${targets.gt.length}`,
    );
  }
  const params = new Float32Array(YOLOV2_PARAM.anchors + 2 * spec.anchors.length);
  params[YOLOV2_PARAM.ignoreThreshold] = spec.ignoreThreshold;
  params.set(spec.anchors, YOLOV2_PARAM.anchors);
  params.set(spec.sizeBounds, YOLOV2_PARAM.anchors + spec.anchors.length);
  return fusedGridHead(
    YOLOV2_HEAD_KERNEL,
    pred,
    {
      slotIndex: tf.tensor1d(targets.slotIndex, 'int32'),
      table: tf.tensor1d(targets.table),
      gt: tf.tensor1d(targets.gt),
      params: tf.tensor1d(params),
    },
    { ...spec, maxBoxes: targets.maxBoxes },
    { rows, channels, predictors: 1 },
  );
}
