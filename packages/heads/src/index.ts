export { gridWH, cellOf, gridIndices, anchorGrid } from './grid/grid.js';
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
} from './validate/heads.js';
export { decodeAnchorBoxes, decodeAnchorHeads, detectAnchorHeads, type AnchorHeadsSpec } from './decode/anchor-decode.js';
export { selectDetections, type SelectDetectionsOptions } from './decode/detections.js';
export { splitDecodeOptions, type DecodeOptions } from './decode/decode-options.js';
export type {
  YoloVersion,
  YoloConfig,
  YoloOptions,
  Assignment,
  AssignedSlot,
  SlotPosition,
  DroppedClaim,
  LayersLoss,
  LayersMetrics,
  LayersOptions,
} from './version/yolo-version.js';
export { DEFAULT_LAYERS_MAX_BOXES, defaultMaxBoxes, layersOptions } from './version/layers-options.js';
export { detached } from './detached.js';
export { chooseImplementation, type LossImplementation } from './implementation.js';
export { checkMasks, anchorHeadChecks } from './anchor-head/masks.js';
export {
  anchorHeadSpec,
  isIouBoxTerm,
  type AnchorHeadSpec,
  type AnchorHeadVariant,
  type AnchorHeadCommonKeys,
  type AnchorHeadLayoutConfig,
  type AnchorUnits,
  anchorsInPixels,
  type SlotConflict,
  type IgnoreBasis,
} from './anchor-head/spec.js';
export {
  encodeAnchorHeadTargets,
  type AnchorHeadTargets,
  type AnchorHeadTargetsOfHead,
} from './anchor-head/targets.js';
export { type SlotEntry } from './anchor-head/pack.js';
export { defaultGridSizes, darknetStrides } from './anchor-head/grids.js';
export { type AnchorHeadAssignment } from './anchor-head/assignment.js';
export {
  defineAnchorHeadVersion,
  type AnchorHeadVersion,
  type AnchorHeadVersionDefinition,
  type AnchorHeadLossOptions,
  type EncodeAnchorHeadOptions,
} from './anchor-head/version.js';
export { packEntryTable, weightedTerms, type EntryTable, type GridHeadFusedPart, type TermWeights } from './grid-head/fused.js';
export {
  defineGridHeadVersion,
  type GridHeadLossOptions,
  type GridHeadVersion,
  type GridHeadVersionDefinition,
  type GridHeadTargets,
  type GridHeadConfig,
} from './grid-head/version.js';
