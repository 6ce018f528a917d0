export { yolov4Presets, type Yolov4Config, type Reduction } from './presets.js';
