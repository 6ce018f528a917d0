import { defineGridHeadVersion } from '@yolo-loss/heads';
import { readYolov1Assignment, yolov1SharedAssignment } from './assignment.js';
import { yolov1Layout, yolov1Schema } from './config.js';
import { yolov1Detections } from './decode.js';
import { yolov1Fused } from './fused.js';
import { packYolov1, unpackYolov1 } from './layers.js';
import { yolov1Terms } from './loss.js';
import { yolov1Presets } from './presets.js';
import { uploadTargets } from './target-tensors.js';
import { encodeBoxes, yolov1TargetsMismatch } from './targets.js';

/** The YOLOv1 loss on the shared one-head flow of `@yolo-loss/heads`: its data and its own parts. */
export const yolov1Core = defineGridHeadVersion({
  name: 'yolov1',
  packageName: '@yolo-loss/yolov1',
  presets: yolov1Presets,
  schema: yolov1Schema,
  stride: 64,
  layout: yolov1Layout,
  encode: encodeBoxes,
  targetsMismatch: yolov1TargetsMismatch,
  upload: uploadTargets,
  terms: yolov1Terms,
  fused: yolov1Fused,
  readAssignment: readYolov1Assignment,
  toAssignment: yolov1SharedAssignment,
  detections: yolov1Detections,
  pack: packYolov1,
  unpack: unpackYolov1,
});
