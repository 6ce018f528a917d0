import { describeAnchorHeadPresets } from '@yolo-loss/test-utils';
import { yolov3Kit } from './kit.js';

describeAnchorHeadPresets(yolov3Kit, { scale: 2, encodingKeys: ['slotConflict'] });
