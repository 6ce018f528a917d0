export { xywhToXyxy, xyxyToXywh, type Box4, type BoxFormat } from './box-format.js';
export {
  normalizeGroundTruth,
  type GtBox,
  type GroundTruthInput,
  type GroundTruthSpec,
} from './ground-truth.js';
export { CIOU_ALPHA_EPS, type IouKind } from './iou-core.js';
export {
  iou,
  giou,
  diou,
  ciou,
  pairwiseIou,
  DEFAULT_EPS,
  type IouOptions,
  type PairwiseIouOptions,
} from './iou-tensor.js';
export { iouLoss, giouLoss, diouLoss, ciouLoss, type IouLossOptions } from './iou-loss.js';
export { reduceLoss, type Reduction } from './reduce-loss.js';
export { stopGradient } from './stop-gradient.js';
export { boxIou, boxGiou, boxDiou, boxCiou, shapeIou, type PlainIouOptions } from './iou-plain.js';
export { type PlainBox, type XywhBox } from './plain-box.js';
export { nms, diouNms, type NmsOptions, type DiouNmsOptions } from './nms.js';
export { nmsAsync, diouNmsAsync, type NmsTensorOptions } from './nms-async.js';
export { detached } from './detached.js';
export { overlapMask } from './overlap-mask.js';
export { gridWH, cellOf, gridIndices, anchorGrid } from './grid.js';
export {
  checkHeads,
  checkSingleHead,
  checkHeadTargets,
  readIgnoredSlots,
  slotStats,
  type SlotStats,
  type SlotTargets,
  type HeadShape,
  type SingleHeadSpec,
  type Slot,
  type DroppedSlot,
} from './heads.js';
export {
  MAX_BOX_SIZE,
  decodeAnchorBoxes,
  decodeAnchorHeads,
  detectAnchorHeads,
  type AnchorHeadsSpec,
} from './anchor-decode.js';
export {
  selectDetections,
  splitHeadDecodeOptions,
  splitGridDecodeOptions,
  type GridDecodeOptions,
  type Detection,
  type SelectDetectionsOptions,
  type HeadDecodeOptions,
} from './detections.js';
export {
  fusedHeadLoss,
  fusedKernelsAvailable,
  fusedAnchorHeadTerms,
  type AnchorLossConfig,
  type AnchorLossTargets,
  type HeadVariant,
  chooseImplementation,
  type LossImplementation,
  packGroundTruth,
  packHeadTargets,
  tableWidth,
  FUSED_HEAD_KERNEL,
  FUSED_HEAD_GRAD_KERNEL,
  type FusedBoxTerm,
  type FusedHeadSpec,
  type FusedHeadTargets,
  type ClassValues,
  type SlotEntry,
} from './fused-head/index.js';
