export { yolov3Presets, type Yolov3Config } from './presets.js';
export type { Reduction } from '@yolo-loss/backend';
export {
  resolveYolov3Config,
  type Yolov3Options,
  type Yolov3Preset,
  type ResolvedYolov3Config,
} from './config.js';
export { yolov3Loss, type Yolov3LossOptions, type LossImplementation } from './loss.js';
export { yolov3Assignment, type Yolov3Assignment } from './assignment.js';
export { decodeYolov3, type Yolov3DecodeOptions } from './decode.js';
export {
  encodeYolov3Targets,
  type Yolov3Targets,
  type Yolov3HeadTargets,
  type EncodeYolov3Options,
} from './targets.js';
export type {
  GtBox,
  GroundTruthInput,
  LossResult,
  Detection,
  Slot,
  DroppedSlot,
  Yolov3Stats,
} from './types.js';
