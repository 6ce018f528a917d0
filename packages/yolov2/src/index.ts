export { yolov2Presets, type Yolov2Config, type Reduction } from './presets.js';
