export { yolov1Presets, type Yolov1Config } from './presets.js';
export type { Reduction } from '@yolo-loss/backend';
export { type Yolov1Options, type Yolov1Preset, type ResolvedYolov1Config } from './config.js';
export {
  yolov1,
  type Yolov1Version,
  resolveYolov1Config,
  yolov1Loss,
  encodeYolov1Targets,
  yolov1Assignment,
  decodeYolov1,
} from './api.js';
export { type Yolov1Targets } from './targets.js';
export { type Yolov1Assignment, type Yolov1ResponsibleSlot } from './assignment.js';
export { type Yolov1DecodeOptions } from './decode.js';
export type { TargetTensors as Yolov1TargetTensors } from './target-tensors.js';
export type { GtBox, GroundTruthInput, LossResult, Detection, Yolov1Stats, GtPlacement } from './types.js';
