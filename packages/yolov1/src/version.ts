import { defineGridHeadVersion } from '@yolo-loss/heads';
import { readYolov1Assignment } from './assignment.js';
import { yolov1Layout, yolov1Schema } from './config.js';
import { yolov1Detections } from './decode.js';
import { yolov1Terms } from './loss.js';
import { yolov1Presets } from './presets.js';
import { encodeBoxes, yolov1TargetsMismatch } from './targets.js';

/** The YOLOv1 loss on the shared one-head flow of `@yolo-loss/heads`: its data and its own parts. */
export const yolov1Core = defineGridHeadVersion({
  name: 'yolov1',
  packageName: '@yolo-loss/yolov1',
  presets: yolov1Presets,
  schema: yolov1Schema,
  layout: yolov1Layout,
  encode: encodeBoxes,
  targetsMismatch: yolov1TargetsMismatch,
  terms: yolov1Terms,
  assignment: readYolov1Assignment,
  detections: yolov1Detections,
});
