export { yolov8Presets, type Yolov8Config } from './presets.js';
export type { Reduction } from '@yolo-loss/backend';
export type { LossImplementation } from '@yolo-loss/heads';
export { type Yolov8Options, type Yolov8Preset, type ResolvedYolov8Config } from './config.js';
export {
  yolov8,
  resolveYolov8Config,
  yolov8OutputShapes,
  yolov8Loss,
  encodeYolov8Targets,
  decodeYolov8,
} from './api.js';
export type { Yolov8Version, Yolov8LossOptions } from './version-type.js';
export type { Yolov8DecodeOptions } from './decode.js';
export type { Yolov8Targets, EncodeYolov8Options } from './targets.js';
export type { GtBox, GroundTruthInput, LossResult, Detection, Yolov8Stats } from './types.js';
