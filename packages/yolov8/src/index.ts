export {
  resolveYolov8Config,
  yolov8OutputShapes,
  yolov8Presets,
  type Yolov8Config,
  type Yolov8Options,
  type Yolov8Preset,
  type ResolvedYolov8Config,
} from './config.js';
export { yolov8Loss, encodeYolov8Targets, type Yolov8LossOptions, type Yolov8LossResult } from './loss.js';
export { decodeYolov8, type Yolov8DecodeOptions } from './decode.js';
export type { Yolov8Targets, Yolov8Stats } from './targets.js';
export type { GtBox, GroundTruthInput, Detection, Reduction, LossImplementation, DecodeOptions } from './types.js';
