import { readFile } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { describe } from '../describe.js';
import type { HwcImage } from '../types.js';
import { checkOptions } from '../validate.js';
import { applyOrientation, jpegOrientation } from './exif-orientation.js';

/** Options of {@link decodeImage} and {@link readImage}. */
export interface DecodeImageOptions {
  /**
   * `'exif'` (default): turn a JPEG the way its EXIF orientation tag says, so the pixels are the
   * image as viewers (and OpenCV's `imread`) show it, which is what labels are drawn on;
   * `'ignore'`: the pixels as stored.
   */
  orientation?: 'exif' | 'ignore';
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Decodes a PNG or JPEG file (told apart by their first bytes) to 8-bit RGB, HWC. PNGs of any
 * colour type and bit depth (16-bit is scaled to 8, grey and palette expand to RGB) via
 * `pngjs`; baseline and progressive JPEGs via `jpeg-js`, turned upright by their EXIF
 * orientation (see {@link DecodeImageOptions}). An alpha channel is dropped (not composited).
 *
 * @param bytes - the file's contents.
 * @param options - {@link DecodeImageOptions}.
 * @returns `{ data: Uint8Array (width·height·3), width, height, channels: 3 }`.
 */
export function decodeImage(bytes: Uint8Array, options?: DecodeImageOptions): HwcImage<Uint8Array> {
  const fn = 'decodeImage';
  checkOptions(options, `${fn}: options`);
  const orientation = options?.orientation ?? 'exif';
  if (orientation !== 'exif' && orientation !== 'ignore') {
    throw new Error(
      `${fn}: options.orientation: expected 'exif' or 'ignore', got ${describe(orientation)}`,
    );
  }
  if (!(bytes instanceof Uint8Array))
    throw new Error(
      `${fn}: bytes: expected a Uint8Array (or Buffer) of a PNG or JPEG file, got ${describe(bytes)}`,
    );
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
    let png: { width: number; height: number; data: Buffer };
    try {
      png = pngjs.PNG.sync.read(buffer);
    } catch (error) {
      throw new Error(`${fn}: bytes: not a readable PNG: ${(error as Error).message}`);
    }
    return dropAlpha(png.data, png.width, png.height);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    let decoded: { width: number; height: number; data: Uint8Array };
    try {
      decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
    } catch (error) {
      throw new Error(`${fn}: bytes: not a readable JPEG: ${(error as Error).message}`);
    }
    const image = { data: decoded.data, width: decoded.width, height: decoded.height, channels: 3 };
    return orientation === 'exif' ? applyOrientation(image, jpegOrientation(bytes)) : image;
  }
  const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new Error(
    `${fn}: bytes: expected a PNG (89 50 4e 47 …) or JPEG (ff d8 ff …) file, got bytes ${head || '(none)'}`,
  );
}

/**
 * Reads and decodes a PNG or JPEG file ({@link decodeImage}); errors name the path.
 *
 * @param path - the image file.
 * @param options - {@link DecodeImageOptions}.
 * @returns 8-bit RGB, HWC.
 */
export async function readImage(
  path: string,
  options?: DecodeImageOptions,
): Promise<HwcImage<Uint8Array>> {
  if (typeof path !== 'string')
    throw new Error(`readImage: path: expected a string, got ${describe(path)}`);
  const bytes = await readFile(path);
  try {
    return decodeImage(bytes, options);
  } catch (error) {
    throw new Error(`readImage: ${path}: ${(error as Error).message}`);
  }
}

function dropAlpha(rgba: Uint8Array, width: number, height: number): HwcImage<Uint8Array> {
  const data = new Uint8Array(width * height * 3);
  for (let p = 0, q = 0; p < data.length; p += 3, q += 4) {
    data[p] = rgba[q]!;
    data[p + 1] = rgba[q + 1]!;
    data[p + 2] = rgba[q + 2]!;
  }
  return { data, width, height, channels: 3 };
}
