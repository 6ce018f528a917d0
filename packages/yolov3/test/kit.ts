// YOLOv3 as the shared anchor-head suites of @yolo-loss/test-utils see it.
import type { AnchorHeadKit } from '@yolo-loss/test-utils';
import {
  encodeYolov3Targets,
  resolveYolov3Config,
  yolov3Loss,
  yolov3Presets,
  type Yolov3Options,
  type Yolov3Targets,
} from '../src/index.js';

export const yolov3Kit: AnchorHeadKit<Yolov3Options, Yolov3Targets> = {
  version: 'yolov3',
  loss: yolov3Loss,
  encodeTargets: encodeYolov3Targets,
  resolve: resolveYolov3Config,
  presets: yolov3Presets,
  // masks [[6, 7, 8], [3, 4, 5], [0, 1, 2]]: the largest anchors (the coarsest grid) first
  headOrder: 'coarse-first',
  claimsExtraAnchors: false,
};
