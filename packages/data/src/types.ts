/**
 * One ground-truth box: centre and size normalised to the image, and its class. The same shape
 * as `GtBox` in `@yolo-loss/geometry` (the loss packages' ground truth): defined here so that
 * this package loads no tfjs; a test keeps the two identical.
 */
export interface GtBox {
  /** Centre x in [0, 1] (fraction of the image width). */
  x: number;
  /** Centre y in [0, 1] (fraction of the image height). */
  y: number;
  /** Width in (0, 1] (fraction of the image width). */
  w: number;
  /** Height in (0, 1] (fraction of the image height). */
  h: number;
  /** Integer class index in [0, numClasses). */
  classId: number;
}

/**
 * One detection: an image-normalised centre box with a score and a class. The same shape as
 * `Detection` in `@yolo-loss/geometry` (what the loss packages' decoders return).
 */
export interface Detection {
  /** Centre x, fraction of the image width. */
  x: number;
  /** Centre y, fraction of the image height. */
  y: number;
  /** Width, fraction of the image width. */
  w: number;
  /** Height, fraction of the image height. */
  h: number;
  /** Confidence. */
  score: number;
  /** Class index. */
  classId: number;
}

/** The typed arrays an image's pixels may be stored in. */
export type PixelArray = Float32Array | Uint8Array | Uint8ClampedArray;

/**
 * An image as one flat typed array in HWC order (row-major, channels interleaved): the value of
 * channel `c` at row `y`, column `x` is `data[(y · width + x) · channels + c]`. Floats are used
 * as given (e.g. in [0, 1]); `Uint8Array` / `Uint8ClampedArray` hold 0..255.
 */
export interface HwcImage<T extends PixelArray = PixelArray> {
  /** `width · height · channels` values. */
  data: T;
  /** Columns, pixels. */
  width: number;
  /** Rows, pixels. */
  height: number;
  /** Values per pixel (3 for RGB). */
  channels: number;
}

/** An image with its ground-truth boxes (normalised to that image). */
export interface LabeledImage<T extends PixelArray = PixelArray, B extends GtBox = GtBox> {
  image: HwcImage<T>;
  boxes: B[];
}

/** A size in pixels: `[width, height]`. */
export type Size = readonly [width: number, height: number];
