export { yolov3Presets, type Yolov3Config } from './presets.js';
export type { Reduction } from '@yolo-loss/backend';
export type { LossImplementation } from '@yolo-loss/heads';
export {
  yolov3,
  type Yolov3Version,
  resolveYolov3Config,
  yolov3Loss,
  encodeYolov3Targets,
  yolov3Assignment,
  decodeYolov3,
  type Yolov3Options,
  type Yolov3Preset,
  type ResolvedYolov3Config,
  type Yolov3LossOptions,
  type Yolov3Targets,
  type Yolov3HeadTargets,
  type EncodeYolov3Options,
  type Yolov3Assignment,
  type Yolov3DecodeOptions,
} from './api.js';
export type {
  GtBox,
  GroundTruthInput,
  LossResult,
  Detection,
  Slot,
  DroppedSlot,
  Yolov3Stats,
} from './types.js';
