import * as tf from '@tensorflow/tfjs-core';
import { cpuHeadBackward, cpuHeadForward } from './cpu-backend.js';
import {
  forwardLayout,
  headParams,
  levelTable,
  LEVEL_WIDTH,
  YOLOV8_GT_WIDTH,
  type Yolov8HeadAttrs,
  type Yolov8HeadSpec,
  type Yolov8HeadTargets,
} from './spec.js';
import { webgpuHeadBackward, webgpuHeadForward } from './webgpu-backend.js';

/** Name of the fused YOLOv8 forward kernel in tfjs' kernel registry. */
export const YOLOV8_HEAD_KERNEL = 'Yolov8Head';
/** Name of its backward kernel. */
export const YOLOV8_HEAD_GRAD_KERNEL = 'Yolov8HeadGrad';

/** The kernel functions per backend, for `registerKernels`. */
export const yolov8HeadKernels = {
  cpu: { forward: cpuHeadForward, backward: cpuHeadBackward },
  webgpu: { forward: webgpuHeadForward, backward: webgpuHeadBackward },
} as const;

/**
 * The YOLOv8 loss of a batch in fused kernels: the decode (softmax expectation over each side's
 * DFL bins), the task-aligned assignment (in-box anchors, `score^α · IoU^β`, top-k, conflicts to
 * the largest IoU, normalised target scores), and every row's class BCE, CIoU and DFL terms with
 * their gradient with respect to the raw outputs (`Yolov8Head`); then the normaliser
 * `S = max(Σ target score, 1)` and the gains; the backward pass is one more kernel
 * (`Yolov8HeadGrad`). Differentiable with respect to `pred` (tf.customGrad; nothing flows through
 * the assignment). The kernels must be registered (`registerKernels`, which `initBackend` and
 * every loss call) and the active backend must have them
 * (`fusedKernelAvailable(YOLOV8_HEAD_KERNEL)`). No GPU→CPU read.
 *
 * @param pred - `[R, 4·regMax + C]` raw outputs, rows output-major (see `Yolov8HeadSpec`'s module notes).
 * @param targets - the batch's ground truth (CPU arrays; uploaded here).
 * @param spec - the call's constants.
 * @returns `[3]`: `box, cls, dfl` after the normaliser and the gains (ultralytics' logged terms).
 */
export function fusedYolov8Head(pred: tf.Tensor, targets: Yolov8HeadTargets, spec: Yolov8HeadSpec): tf.Tensor1D {
  const { numClasses: c, regMax } = spec;
  const rows = pred.shape[0];
  const layout = forwardLayout(rows, regMax, c);
  const attrs: Yolov8HeadAttrs = {
    numClasses: c,
    regMax,
    batchSize: spec.batchSize,
    maxBoxes: targets.maxBoxes,
    topK: spec.topK,
  };
  const namedAttrs = attrs as unknown as tf.NamedAttrMap;
  // a batch without GT rows still binds a (padding) row
  const given = targets.gt;
  const upload = !(given instanceof tf.Tensor) || given.size === 0;
  const gt = upload
    ? tf.tensor1d(given instanceof tf.Tensor || given.length === 0 ? new Float32Array(YOLOV8_GT_WIDTH) : given)
    : tf.reshape(given, [-1]);
  const inputs = {
    gt,
    levels: tf.tensor2d(levelTable(spec), [spec.levels.length, LEVEL_WIDTH], 'int32'),
    params: tf.tensor1d(headParams(spec)),
  };
  const gains = tf.tensor1d([spec.boxGain, spec.clsGain, spec.dflGain]);
  const op = tf.customGrad((x, save) => {
    const forward = tf.engine().runKernel<tf.Tensor>(YOLOV8_HEAD_KERNEL, { pred: x as tf.Tensor, ...inputs }, namedAttrs);
    const normaliser = tf.maximum(tf.sum(tf.slice(forward, [layout.score], [rows])), 1);
    const scale = tf.div(gains, normaliser);
    (save as tf.GradSaveFunc)([forward, scale]);
    const sums = tf.sum(tf.reshape(tf.slice(forward, [layout.terms], [3 * rows]), [3, rows]), 1);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      const [fwd, sc] = saved as [tf.Tensor, tf.Tensor];
      const dx = tf.engine().runKernel<tf.Tensor>(YOLOV8_HEAD_GRAD_KERNEL, { forward: fwd, dy: tf.mul(dy, sc) }, namedAttrs);
      return tf.reshape(dx, pred.shape);
    };
    return { value: tf.mul(sums, scale), gradFunc };
  });
  const result = op(pred) as tf.Tensor1D;
  tf.dispose([...Object.values(inputs), gains]);
  return result;
}
