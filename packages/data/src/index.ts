export type { GtBox, Detection, HwcImage, PixelArray, LabeledImage, Size } from './types.js';
export { seededRandom, type Random } from './random.js';
export {
  kmeansAnchors,
  boxSizes,
  type KmeansAnchorsOptions,
  type KmeansAnchorsResult,
  type KmeansInit,
} from './anchors.js';
export { mosaic, type MosaicOptions, type MosaicResize, type MosaicSample } from './mosaic.js';
export {
  letterbox,
  unletterboxBoxes,
  type LetterboxOptions,
  type LetterboxInfo,
  type LetterboxResult,
  type UnletterboxOptions,
} from './letterbox.js';
export { parseYoloLabels, formatYoloLabels, type ParseYoloLabelsOptions } from './yolo-labels.js';
export {
  parseCocoAnnotations,
  type ParseCocoOptions,
  type ParsedCocoAnnotations,
} from './coco-parse.js';
export { toCocoAnnotations, toCocoResults, type CocoBoxInput } from './coco-write.js';
export type {
  CocoImage,
  CocoCategory,
  CocoBox,
  CocoClassIds,
  CocoAnnotationsJson,
  CocoResult,
} from './coco-types.js';
