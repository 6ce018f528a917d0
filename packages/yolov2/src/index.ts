export { yolov2Presets, type Yolov2Config } from './presets.js';
export type { Reduction } from '@yolo-loss/backend';
export { type Yolov2Options, type Yolov2Preset, type ResolvedYolov2Config } from './config.js';
export {
  yolov2,
  type Yolov2Version,
  resolveYolov2Config,
  yolov2Loss,
  encodeYolov2Targets,
  yolov2Assignment,
  decodeYolov2,
} from './api.js';
export { type Yolov2Targets } from './targets.js';
export { type Yolov2Assignment, type Yolov2ResponsibleSlot, type Yolov2Slot } from './assignment.js';
export { type Yolov2DecodeOptions } from './decode.js';
export type { TargetTensors as Yolov2TargetTensors } from './target-tensors.js';
export type { GtBox, GroundTruthInput, LossResult, Detection, Yolov2Stats, GtSlot } from './types.js';
