/**
 * `@yolo-loss/backend/kernels`: the fused loss kernels as tfjs ops, with the constants and layouts
 * their callers (the loss packages' shared core) build inputs for. The kernels themselves are
 * registered by `registerKernels()` from the package root.
 *
 * @packageDocumentation
 */
export {
  fusedAnchorHeadLoss,
  ANCHOR_HEAD_KERNEL,
  ANCHOR_HEAD_GRAD_KERNEL,
} from './anchor-head/op.js';
export {
  tableWidth,
  type FusedBoxTerm,
  type FusedIouKind,
  type FusedHeadSpec,
  type FusedHeadTargets,
} from './anchor-head/spec.js';
export { MAX_BOX_SIZE, MAX_SIZE_EXPONENT } from './anchor-head/limits.js';
export { fusedYolov5Level, YOLOV5_LEVEL_KERNEL, YOLOV5_LEVEL_GRAD_KERNEL } from './yolov5-level/op.js';
export {
  YOLOV5_TABLE_WIDTH,
  YOLOV5_CIOU_EPS,
  YOLOV5_FOCAL_ALPHA,
  YOLOV5_FOCAL_FLOOR,
  type Yolov5LevelSpec,
  type Yolov5LevelTargets,
} from './yolov5-level/spec.js';
export { fusedKernelAvailable } from './register-kernels.js';
