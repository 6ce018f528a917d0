// YOLOv4 as the shared anchor-head suites of @yolo-loss/test-utils see it.
import type { AnchorHeadKit } from '@yolo-loss/test-utils';
import {
  encodeYolov4Targets,
  resolveYolov4Config,
  yolov4Loss,
  yolov4Presets,
  type Yolov4Options,
  type Yolov4Targets,
} from '../src/index.js';

export const yolov4Kit: AnchorHeadKit<Yolov4Options, Yolov4Targets> = {
  version: 'yolov4',
  loss: yolov4Loss,
  encodeTargets: encodeYolov4Targets,
  resolve: resolveYolov4Config,
  presets: yolov4Presets,
  // masks [[0, 1, 2], [3, 4, 5], [6, 7, 8]]: the smallest anchors (the finest grid) first
  headOrder: 'fine-first',
  // iouThreshold: every anchor above it is responsible too
  claimsExtraAnchors: true,
};
