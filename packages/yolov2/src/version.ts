import { defineGridHeadVersion } from '@yolo-loss/heads';
import { readYolov2Assignment, yolov2SharedAssignment } from './assignment.js';
import { yolov2Layout, yolov2Schema } from './config.js';
import { yolov2Detections } from './decode.js';
import { yolov2Fused } from './fused.js';
import { packYolov2, unpackYolov2 } from './layers.js';
import { yolov2Terms } from './loss.js';
import { yolov2Presets } from './presets.js';
import { uploadTargets } from './target-tensors.js';
import { encodeBoxes, yolov2TargetsMismatch } from './targets.js';

/** The YOLOv2 loss on the shared one-head flow of `@yolo-loss/heads`: its data and its own parts. */
export const yolov2Core = defineGridHeadVersion({
  name: 'yolov2',
  packageName: '@yolo-loss/yolov2',
  presets: yolov2Presets,
  schema: yolov2Schema,
  stride: 32,
  layout: yolov2Layout,
  encode: encodeBoxes,
  targetsMismatch: yolov2TargetsMismatch,
  upload: uploadTargets,
  terms: yolov2Terms,
  fused: yolov2Fused,
  readAssignment: readYolov2Assignment,
  toAssignment: yolov2SharedAssignment,
  detections: yolov2Detections,
  pack: packYolov2,
  unpack: unpackYolov2,
});
