export { yolov3Presets, type Yolov3Config, type Reduction } from './presets.js';
