export { yolov5Presets, defaultLevelWeights, type Yolov5Config } from './presets.js';
export type { Reduction } from '@yolo-loss/backend';
export type { LossImplementation } from '@yolo-loss/heads';
export { type Yolov5Options, type Yolov5Preset, type ResolvedYolov5Config } from './config.js';
export {
  yolov5,
  resolveYolov5Config,
  yolov5OutputShapes,
  yolov5Loss,
  encodeYolov5Targets,
  decodeYolov5,
} from './api.js';
export type { Yolov5Version, Yolov5LossOptions } from './version-type.js';
export type { Yolov5DecodeOptions } from './decode.js';
export type { Yolov5Targets, Yolov5HeadTargets, EncodeYolov5Options } from './targets.js';
export type { GtBox, GroundTruthInput, LossResult, Detection, Slot, DroppedSlot, Yolov5Stats } from './types.js';
