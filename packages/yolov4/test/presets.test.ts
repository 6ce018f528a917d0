import { describeAnchorHeadPresets } from '@yolo-loss/test-utils';
import { yolov4Kit } from './kit.js';

// Ignore threshold 0.3 and heads in ±3, so that the ignore rule's class gate has ignored slots
// to gate on the random case.
describeAnchorHeadPresets(yolov4Kit, { small: { ignoreThreshold: 0.3 }, scale: 3, encodingKeys: ['slotConflict'] });
