// YOLOv1 as the shared one-head suites of @yolo-loss/test-utils see it.
import type { GridHeadKit } from '@yolo-loss/test-utils';
import {
  encodeYolov1Targets,
  resolveYolov1Config,
  yolov1Loss,
  yolov1Presets,
  type Yolov1Options,
  type Yolov1Targets,
} from '../src/index.js';

export const yolov1Kit: GridHeadKit<Yolov1Options, Yolov1Targets> = {
  version: 'yolov1',
  loss: yolov1Loss,
  encodeTargets: encodeYolov1Targets,
  resolve: resolveYolov1Config,
  presets: yolov1Presets,
  small: { gridSize: 4, numClasses: 3, boxesPerCell: 2 },
  channels: 2 * 5 + 3,
};
