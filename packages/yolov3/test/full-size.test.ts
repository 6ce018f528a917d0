import { describeAnchorHeadFullSize } from '@yolo-loss/test-utils';
import { yolov3Kit } from './kit.js';

// The full YOLOv3 default: 416×416, 80 classes, 3 heads (13, 26, 52), batch 2, 20 boxes per image.
// 20 steps for the paper preset, 5 for darknet (same code path but the ignore basis) to keep CI short.
describeAnchorHeadFullSize(yolov3Kit, {
  inputSize: [416, 416],
  grids: [13, 26, 52],
  steps: { paper: 20, darknet: 5 },
});
