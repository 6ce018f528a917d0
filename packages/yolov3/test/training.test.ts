import { describeAnchorHeadTraining } from '@yolo-loss/test-utils';
import { yolov3Kit } from './kit.js';

describeAnchorHeadTraining(yolov3Kit);
