// yolov3: no tensor leaks over the training, forward-only, decode and assignment paths (test/leak-suite.ts).
import { describeLeaks } from '../leak-suite.js';

describeLeaks('yolov3');
