export { yolov4Presets, type Yolov4Config } from './presets.js';
export type { Reduction } from '@yolo-loss/backend';
export type { LossImplementation } from '@yolo-loss/heads';
export {
  yolov4,
  type Yolov4Version,
  resolveYolov4Config,
  yolov4Loss,
  encodeYolov4Targets,
  yolov4Assignment,
  decodeYolov4,
  type Yolov4Options,
  type Yolov4Preset,
  type ResolvedYolov4Config,
  type Yolov4LossOptions,
  type Yolov4Targets,
  type Yolov4HeadTargets,
  type EncodeYolov4Options,
  type Yolov4Assignment,
  type Yolov4DecodeOptions,
} from './api.js';
export type {
  GtBox,
  GroundTruthInput,
  LossResult,
  Detection,
  Slot,
  DroppedSlot,
  Yolov4Stats,
} from './types.js';
