import { describeGridHeadTraining } from '@yolo-loss/test-utils';
import { yolov1Kit } from './kit.js';

describeGridHeadTraining(yolov1Kit);
