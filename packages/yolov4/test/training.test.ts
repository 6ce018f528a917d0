import { describeAnchorHeadTraining } from '@yolo-loss/test-utils';
import { yolov4Kit } from './kit.js';

describeAnchorHeadTraining(yolov4Kit);
