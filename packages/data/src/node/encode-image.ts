import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import type { HwcImage } from '../types.js';
import { checkImage, checkInteger } from '../validate.js';

// PNG colour types by channels: grey, grey + alpha, RGB, RGBA.
const PNG_COLOR_TYPE = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;

/**
 * Encodes an 8-bit image as PNG (lossless): 1 channel grey, 2 grey + alpha, 3 RGB, 4 RGBA.
 *
 * @param image - HWC, `Uint8Array` or `Uint8ClampedArray` values 0..255.
 * @returns the PNG file's bytes.
 */
export function encodePng(image: HwcImage<Uint8Array | Uint8ClampedArray>): Uint8Array {
  const { data, width, height, channels } = checkUint8(image, 'encodePng');
  if (channels > 4)
    throw new Error(`encodePng: image.channels: expected 1, 2, 3 or 4, got ${channels}`);
  const colorType = PNG_COLOR_TYPE[channels as 1 | 2 | 3 | 4];
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(
    pngjs.PNG.sync.write({ width, height, data: bytes } as pngjs.PNG, {
      colorType,
      inputColorType: colorType,
      inputHasAlpha: channels % 2 === 0,
    }),
  );
}

/**
 * Encodes an 8-bit RGB (or grey, replicated to RGB) image as a baseline JPEG (lossy) with
 * `jpeg-js`.
 *
 * @param image - HWC, `Uint8Array` or `Uint8ClampedArray` values 0..255, 1 or 3 channels.
 * @param quality - 1..100 (default 90).
 * @returns the JPEG file's bytes.
 */
export function encodeJpeg(
  image: HwcImage<Uint8Array | Uint8ClampedArray>,
  quality = 90,
): Uint8Array {
  const { data, width, height, channels } = checkUint8(image, 'encodeJpeg');
  if (channels !== 1 && channels !== 3)
    throw new Error(`encodeJpeg: image.channels: expected 1 (grey) or 3 (RGB), got ${channels}`);
  checkInteger(quality, 'encodeJpeg: quality', 1);
  if (quality > 100)
    throw new Error(`encodeJpeg: quality: expected an integer in [1, 100], got ${quality}`);
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0, q = 0; q < rgba.length; p += channels, q += 4) {
    rgba[q] = data[p]!;
    rgba[q + 1] = data[p + (channels === 3 ? 1 : 0)]!;
    rgba[q + 2] = data[p + (channels === 3 ? 2 : 0)]!;
    rgba[q + 3] = 255;
  }
  return new Uint8Array(jpeg.encode({ data: rgba, width, height }, quality).data);
}

function checkUint8(image: unknown, fn: string): HwcImage<Uint8Array | Uint8ClampedArray> {
  const checked = checkImage(image, `${fn}: image`);
  if (checked.data instanceof Float32Array) {
    throw new Error(
      `${fn}: image.data: expected a Uint8Array or Uint8ClampedArray of 0..255 values, got a Float32Array (scale and round it first)`,
    );
  }
  return checked as HwcImage<Uint8Array | Uint8ClampedArray>;
}
