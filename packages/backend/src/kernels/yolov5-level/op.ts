import * as tf from '@tensorflow/tfjs-core';
import { cpuLevelBackward, cpuLevelForward } from './cpu-backend.js';
import { levelParams, type Yolov5LevelAttrs, type Yolov5LevelSpec, type Yolov5LevelTargets } from './spec.js';
import { webgpuLevelBackward, webgpuLevelForward } from './webgpu-backend.js';

/** Name of the fused YOLOv5 level forward kernel in tfjs' kernel registry. */
export const YOLOV5_LEVEL_KERNEL = 'Yolov5Level';
/** Name of its backward kernel. */
export const YOLOV5_LEVEL_GRAD_KERNEL = 'Yolov5LevelGrad';

/** The kernel functions per backend, for `registerKernels`. */
export const yolov5LevelKernels = {
  cpu: { forward: cpuLevelForward, backward: cpuLevelBackward },
  webgpu: { forward: webgpuLevelForward, backward: webgpuLevelBackward },
} as const;

/**
 * One level (model output) of the YOLOv5 loss in one kernel: each positive's decoded box
 * (`2σ − ½`, `(2σ)²·anchor`), its CIoU with the target and that CIoU's gradient, the objectness
 * target (the detached, clamped CIoU of the row's last positive), every term and the gradient
 * with respect to the raw predictions in a single pass over the rows (`Yolov5Level`), then a sum;
 * the backward pass is one more kernel (`Yolov5LevelGrad`, `dx = g · dy[term]`). Differentiable
 * with respect to `pred` (tf.customGrad). The kernels must be registered (`registerKernels`,
 * which `initBackend` and every loss call) and the active backend must have them
 * (`fusedKernelAvailable(YOLOV5_LEVEL_KERNEL)`). No GPU→CPU read.
 *
 * @param pred - `[N, H, W, A·(5+C)]` raw outputs of the level.
 * @param targets - the level's positives (CPU arrays; uploaded here).
 * @param spec - the level's constants.
 * @returns `[4]`: the level's box, obj, noobj and cls terms, each already scaled by its
 *   {@link Yolov5LevelSpec} factor (ultralytics' per-level batch means).
 */
export function fusedYolov5Level(pred: tf.Tensor, targets: Yolov5LevelTargets, spec: Yolov5LevelSpec): tf.Tensor1D {
  const rows = targets.rowStart.length - 1;
  const ch = 5 + spec.numClasses;
  const attrs: Yolov5LevelAttrs = { numClasses: spec.numClasses };
  const rowStart = tf.tensor1d(targets.rowStart, 'int32');
  const inputs = { rowStart, table: tf.tensor1d(targets.table), params: tf.tensor1d(levelParams(spec)) };
  const op = tf.customGrad((x, save) => {
    const forward = tf.engine().runKernel<tf.Tensor>(
      YOLOV5_LEVEL_KERNEL,
      { pred: x as tf.Tensor, ...inputs },
      attrs as unknown as tf.NamedAttrMap,
    );
    (save as tf.GradSaveFunc)([forward, rowStart]);
    const terms = tf.sum(tf.reshape(tf.slice(forward, [rows * ch], [4 * rows]), [4, rows]), 1);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      const [fwd, starts] = saved as [tf.Tensor, tf.Tensor];
      const dx = tf.engine().runKernel<tf.Tensor>(
        YOLOV5_LEVEL_GRAD_KERNEL,
        { forward: fwd, dy, rowStart: starts },
        attrs as unknown as tf.NamedAttrMap,
      );
      return tf.reshape(dx, pred.shape);
    };
    return { value: terms, gradFunc };
  });
  const result = op(pred) as tf.Tensor1D;
  tf.dispose(Object.values(inputs));
  return result;
}
