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
export {
  fusedYolov1Loss,
  fusedYolov2Loss,
  YOLOV1_HEAD_KERNEL,
  YOLOV2_HEAD_KERNEL,
  GRID_HEAD_GRAD_KERNEL,
} from './grid-head/op.js';
export {
  YOLOV1_ENTRY_FIELDS,
  YOLOV2_ENTRY_FIELDS,
  YOLOV2_DECODE_EXP_BOUND,
  YOLOV1_SQRT_EPS,
  type FusedYolov1Spec,
  type FusedYolov1Targets,
  type FusedYolov2Spec,
  type FusedYolov2Targets,
} from './grid-head/spec.js';
export { fusedYolov5Level, YOLOV5_LEVEL_KERNEL, YOLOV5_LEVEL_GRAD_KERNEL } from './yolov5-level/op.js';
export {
  YOLOV5_TABLE_WIDTH,
  YOLOV5_CIOU_EPS,
  YOLOV5_FOCAL_ALPHA,
  YOLOV5_FOCAL_FLOOR,
  type Yolov5LevelSpec,
  type Yolov5LevelTargets,
} from './yolov5-level/spec.js';
export { fusedYolov8Head, YOLOV8_HEAD_KERNEL, YOLOV8_HEAD_GRAD_KERNEL } from './yolov8-head/op.js';
export {
  YOLOV8_GT_WIDTH,
  YOLOV8_CIOU_EPS,
  YOLOV8_ASSIGNER_EPS,
  YOLOV8_IN_BOX_EPS,
  type Yolov8HeadLevel,
  type Yolov8HeadSpec,
  type Yolov8HeadTargets,
} from './yolov8-head/spec.js';
export { fusedKernelAvailable } from './register-kernels.js';
