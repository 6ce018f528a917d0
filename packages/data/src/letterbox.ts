import { describe } from './describe.js';
import { drawScaled, emptyLike, fillImage } from './resample.js';
import type { GtBox, HwcImage, PixelArray, Size } from './types.js';
import {
  checkGtBoxes,
  checkImage,
  checkNumber,
  checkOptions,
  checkSize,
  isUint8,
} from './validate.js';

/** Options of {@link letterbox}. */
export interface LetterboxOptions {
  /** Value of the padding (default 0.5 for float images, 114 for 0..255 arrays). */
  fill?: number;
  /** Allow enlarging a smaller image (default true). `false` only shrinks (ultralytics' `scaleup=False`). */
  scaleUp?: boolean;
}

/** Where a letterboxed image lies in the network input: what {@link unletterboxBoxes} needs. */
export interface LetterboxInfo {
  /** Input pixels per original pixel (the same along both axes). */
  scale: number;
  /** Pixels of padding left of and above the image in the input: `[x, y]`. */
  pad: [x: number, y: number];
  /** `[width, height]` of the original image, pixels. */
  originalSize: Size;
  /** `[width, height]` of the network input, pixels. */
  inputSize: Size;
}

/** What {@link letterbox} returns. */
export interface LetterboxResult<
  T extends PixelArray = PixelArray,
  B extends GtBox = GtBox,
> extends LetterboxInfo {
  /** The `inputSize` image. */
  image: HwcImage<T>;
  /** The boxes, normalised to the input. */
  boxes: B[];
}

/**
 * Resizes an image to fit the network input keeping its aspect ratio, and pads the rest
 * ("letterbox", as Darknet's `letterbox_image` and ultralytics' `LetterBox` do).
 *
 * `scale = min(W / w, H / h)` (at most 1 with `scaleUp: false`); the image becomes
 * `round(w·scale) × round(h·scale)` pixels (bilinear with half-pixel centres and edge clamping,
 * like OpenCV's `INTER_LINEAR`; no antialiasing when shrinking), placed at
 * `pad = [⌊(W − round(w·scale)) / 2⌋, ⌊(H − round(h·scale)) / 2⌋]`; input pixel `X` samples
 * original coordinate `(X + ½ − pad_x) / scale − ½`. A box moves exactly with the pixels:
 * `x_input = (x·w·scale + pad_x) / W`, `w_input = w·w·scale / W` (and likewise in y).
 *
 * @param image - HWC image ({@link HwcImage}).
 * @param boxes - its boxes, normalised to it (other fields of a box are kept).
 * @param inputSize - `[W, H]` of the network input, pixels.
 * @param options - {@link LetterboxOptions}.
 * @returns the `W × H` image (same array type and channels), the boxes normalised to it, and
 *   the {@link LetterboxInfo} (`scale`, `pad`, sizes) to map detections back.
 */
export function letterbox<T extends PixelArray, B extends GtBox>(
  image: HwcImage<T>,
  boxes: readonly B[],
  inputSize: Size,
  options?: LetterboxOptions,
): LetterboxResult<T, B> {
  const fn = 'letterbox';
  checkImage(image, `${fn}: image`);
  checkGtBoxes(boxes, `${fn}: boxes`);
  const [W, H] = checkSize(inputSize, `${fn}: inputSize`);
  checkOptions(options, `${fn}: options`);
  const scaleUp = options?.scaleUp ?? true;
  if (typeof scaleUp !== 'boolean')
    throw new Error(`${fn}: options.scaleUp: expected a boolean, got ${describe(scaleUp)}`);
  const fill = checkNumber(
    options?.fill ?? (isUint8(image.data) ? 114 : 0.5),
    `${fn}: options.fill`,
  );

  const { width: w, height: h } = image;
  const scale = scaleUp ? Math.min(W / w, H / h) : Math.min(W / w, H / h, 1);
  const nw = Math.min(W, Math.max(1, Math.round(w * scale)));
  const nh = Math.min(H, Math.max(1, Math.round(h * scale)));
  const pad: [number, number] = [Math.floor((W - nw) / 2), Math.floor((H - nh) / 2)];
  const out = emptyLike(image.data, W, H, image.channels);
  if (nw < W || nh < H) fillImage(out, fill);
  drawScaled(image, out, scale, scale, pad[0], pad[1], {
    x0: pad[0],
    y0: pad[1],
    x1: pad[0] + nw,
    y1: pad[1] + nh,
  });
  const moved = boxes.map((b) => ({
    ...b,
    x: (b.x * w * scale + pad[0]) / W,
    y: (b.y * h * scale + pad[1]) / H,
    w: (b.w * w * scale) / W,
    h: (b.h * h * scale) / H,
  }));
  return { image: out, boxes: moved, scale, pad, originalSize: [w, h], inputSize: [W, H] };
}

/** Options of {@link unletterboxBoxes}. */
export interface UnletterboxOptions {
  /** Clip each box to the original image (default true): a detection may reach into the padding. */
  clip?: boolean;
}

/**
 * Maps boxes from the letterboxed network input back to the original image: the inverse of
 * the box mapping of {@link letterbox}, `x = (x_input·W − pad_x) / scale / w`,
 * `w = w_input·W / scale / w`, then (by default) clipped to the image. One box out per box in,
 * in order, other fields (score, classId) kept; a box wholly in the padding comes out with
 * zero width or height.
 *
 * @param boxes - centre boxes normalised to the network input (detections or ground truth).
 * @param info - what {@link letterbox} returned (`scale`, `pad`, `originalSize`, `inputSize`).
 * @param options - {@link UnletterboxOptions}.
 * @returns the boxes normalised to the original image.
 */
export function unletterboxBoxes<B extends { x: number; y: number; w: number; h: number }>(
  boxes: readonly B[],
  info: LetterboxInfo,
  options?: UnletterboxOptions,
): B[] {
  const fn = 'unletterboxBoxes';
  if (typeof info !== 'object' || info === null)
    throw new Error(`${fn}: info: expected what letterbox returned, got ${describe(info)}`);
  const scale = checkNumber(info.scale, `${fn}: info.scale`);
  if (scale <= 0) throw new Error(`${fn}: info.scale: expected a number > 0, got ${scale}`);
  if (!Array.isArray(info.pad) || info.pad.length !== 2)
    throw new Error(`${fn}: info.pad: expected [x, y], got ${describe(info.pad)}`);
  const px = checkNumber(info.pad[0], `${fn}: info.pad[0]`);
  const py = checkNumber(info.pad[1], `${fn}: info.pad[1]`);
  const [w, h] = checkSize(info.originalSize, `${fn}: info.originalSize`);
  const [W, H] = checkSize(info.inputSize, `${fn}: info.inputSize`);
  checkOptions(options, `${fn}: options`);
  const clip = options?.clip ?? true;
  if (typeof clip !== 'boolean')
    throw new Error(`${fn}: options.clip: expected a boolean, got ${describe(clip)}`);
  if (!Array.isArray(boxes))
    throw new Error(`${fn}: boxes: expected an array of { x, y, w, h }, got ${describe(boxes)}`);
  return boxes.map((b: B, i) => {
    if (typeof b !== 'object' || b === null)
      throw new Error(`${fn}: boxes[${i}]: expected { x, y, w, h }, got ${describe(b)}`);
    for (const key of ['x', 'y', 'w', 'h'] as const)
      checkNumber(b[key], `${fn}: boxes[${i}].${key}`);
    if (b.w < 0 || b.h < 0)
      throw new Error(`${fn}: boxes[${i}]: expected w, h >= 0, got w = ${b.w}, h = ${b.h}`);
    let x0 = ((b.x - b.w / 2) * W - px) / scale / w;
    let x1 = ((b.x + b.w / 2) * W - px) / scale / w;
    let y0 = ((b.y - b.h / 2) * H - py) / scale / h;
    let y1 = ((b.y + b.h / 2) * H - py) / scale / h;
    if (clip) {
      [x0, x1] = [Math.min(1, Math.max(0, x0)), Math.min(1, Math.max(0, x1))];
      [y0, y1] = [Math.min(1, Math.max(0, y0)), Math.min(1, Math.max(0, y1))];
    }
    return { ...b, x: (x0 + x1) / 2, y: (y0 + y1) / 2, w: x1 - x0, h: y1 - y0 };
  });
}
