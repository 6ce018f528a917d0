export { yolov1Presets, type Yolov1Config } from './presets.js';
export type { Reduction } from '@yolo-loss/backend';
export { resolveYolov1Config, type Yolov1Options, type Yolov1Preset, type ResolvedYolov1Config } from './config.js';
export { yolov1Loss } from './loss.js';
export { encodeYolov1Targets, type Yolov1Targets } from './targets.js';
export { yolov1Assignment, type Yolov1Assignment, type Yolov1ResponsibleSlot } from './assignment.js';
export { decodeYolov1, type Yolov1DecodeOptions } from './decode.js';
export type { GtBox, GroundTruthInput, LossResult, Detection, Yolov1Stats, GtPlacement } from './types.js';
