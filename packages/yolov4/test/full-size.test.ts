import { describeAnchorHeadFullSize } from '@yolo-loss/test-utils';
import { yolov4Kit } from './kit.js';

// The full YOLOv4 default: 608×608, 80 classes, 3 heads (76, 38, 19), batch 2, 20 boxes per image.
describeAnchorHeadFullSize(yolov4Kit, {
  inputSize: [608, 608],
  grids: [76, 38, 19],
  steps: { paper: 5, darknet: 3 },
});
