import { describeGridHeadTraining } from '@yolo-loss/test-utils';
import { yolov2Kit } from './kit.js';

describeGridHeadTraining(yolov2Kit);
