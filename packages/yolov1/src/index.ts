export { yolov1Presets, type Yolov1Config, type Reduction } from './presets.js';
