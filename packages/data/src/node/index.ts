// Node-only entry (`@yolo-loss/data/node`): file system and image codecs. The root entry stays
// free of Node built-ins so that a browser bundle of it is clean.
export { decodeImage, readImage, type DecodeImageOptions } from './decode-image.js';
export { encodePng, encodeJpeg } from './encode-image.js';
export {
  readYoloDataset,
  type ReadYoloDatasetOptions,
  type YoloDataset,
  type YoloDatasetLayout,
} from './yolo-dataset.js';
