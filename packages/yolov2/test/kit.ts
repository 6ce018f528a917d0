// YOLOv2 as the shared one-head suites of @yolo-loss/test-utils see it.
import type { GridHeadKit } from '@yolo-loss/test-utils';
import {
  encodeYolov2Targets,
  resolveYolov2Config,
  yolov2Loss,
  yolov2Presets,
  type Yolov2Options,
  type Yolov2Targets,
} from '../src/index.js';

/** The anchors of the small config, in grid cells. */
export const smallAnchors: [number, number][] = [
  [0.8, 1.2],
  [2, 1.5],
  [3.5, 3],
];

export const yolov2Kit: GridHeadKit<Yolov2Options, Yolov2Targets> = {
  version: 'yolov2',
  loss: yolov2Loss,
  encodeTargets: encodeYolov2Targets,
  resolve: resolveYolov2Config,
  presets: yolov2Presets,
  small: { gridSize: 4, numClasses: 3, anchors: smallAnchors },
  channels: 3 * (5 + 3),
};
