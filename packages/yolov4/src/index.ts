export { yolov4Presets, type Yolov4Config } from './presets.js';
export type { Reduction } from '@yolo-loss/backend';
export {
  resolveYolov4Config,
  type Yolov4Options,
  type Yolov4Preset,
  type ResolvedYolov4Config,
} from './config.js';
export { yolov4Loss, type Yolov4LossOptions, type LossImplementation } from './loss.js';
export { yolov4Assignment, type Yolov4Assignment } from './assignment.js';
export { decodeYolov4, type Yolov4DecodeOptions } from './decode.js';
export {
  encodeYolov4Targets,
  type Yolov4Targets,
  type Yolov4HeadTargets,
  type EncodeYolov4Options,
} from './targets.js';
export type {
  GtBox,
  GroundTruthInput,
  LossResult,
  Detection,
  Slot,
  DroppedSlot,
  Yolov4Stats,
} from './types.js';
