export { yolov2Presets, type Yolov2Config } from './presets.js';
export type { Reduction } from '@yolo-loss/backend';
export { resolveYolov2Config, type Yolov2Options, type Yolov2Preset, type ResolvedYolov2Config } from './config.js';
export { yolov2Loss } from './loss.js';
export { encodeYolov2Targets, type Yolov2Targets } from './targets.js';
export { yolov2Assignment, type Yolov2Assignment, type Yolov2ResponsibleSlot, type Yolov2Slot } from './assignment.js';
export { decodeYolov2, type Yolov2DecodeOptions } from './decode.js';
export type { GtBox, GroundTruthInput, LossResult, Detection, Yolov2Stats, GtSlot } from './types.js';
