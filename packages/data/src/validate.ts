import { describe } from './describe.js';
import type { GtBox, HwcImage, PixelArray, Size } from './types.js';

/** Throws unless `options` is undefined or a plain object. @internal */
export function checkOptions(options: unknown, name: string): void {
  if (
    options !== undefined &&
    (typeof options !== 'object' || options === null || Array.isArray(options))
  ) {
    throw new Error(`${name}: expected an object, got ${describe(options)}`);
  }
}

/** Throws unless `v` is a finite number (in `[min, max]` when given). @internal */
export function checkNumber(v: unknown, name: string, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    const range =
      min === -Infinity && max === Infinity ? 'a finite number' : `a number in [${min}, ${max}]`;
    throw new Error(`${name}: expected ${range}, got ${describe(v)}`);
  }
  return v;
}

/** Throws unless `v` is an integer `>= min`. @internal */
export function checkInteger(v: unknown, name: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new Error(`${name}: expected an integer >= ${min}, got ${describe(v)}`);
  }
  return v;
}

/** Throws unless `size` is `[width, height]` of positive integers (pixels). @internal */
export function checkSize(size: unknown, name: string): Size {
  if (!Array.isArray(size) || size.length !== 2) {
    throw new Error(`${name}: expected [width, height] in pixels, got ${describe(size)}`);
  }
  checkInteger(size[0], `${name}[0] (width)`, 1);
  checkInteger(size[1], `${name}[1] (height)`, 1);
  return size as unknown as Size;
}

/** Throws unless `image` is an {@link HwcImage} whose array holds `width · height · channels` values. @internal */
export function checkImage(image: unknown, name: string): HwcImage {
  if (typeof image !== 'object' || image === null) {
    throw new Error(
      `${name}: expected an image { data, width, height, channels }, got ${describe(image)}`,
    );
  }
  const { data, width, height, channels } = image as HwcImage;
  if (!(
    data instanceof Float32Array ||
    data instanceof Uint8Array ||
    data instanceof Uint8ClampedArray
  )) {
    throw new Error(
      `${name}.data: expected a Float32Array, Uint8Array or Uint8ClampedArray, got ${describe(data)}`,
    );
  }
  checkInteger(width, `${name}.width`, 1);
  checkInteger(height, `${name}.height`, 1);
  checkInteger(channels, `${name}.channels`, 1);
  if (data.length !== width * height * channels) {
    throw new Error(
      `${name}.data: expected width · height · channels = ${width} · ${height} · ${channels} = ` +
        `${width * height * channels} values (HWC), got ${data.length}`,
    );
  }
  return image as HwcImage;
}

/** Whether `data` holds 0..255 integers (values are rounded and clamped when written). @internal */
export function isUint8(data: PixelArray): boolean {
  return !(data instanceof Float32Array);
}

/**
 * Throws unless `box` is a valid {@link GtBox}: finite numbers, centre in [0, 1], `w`, `h` in
 * (0, 1], an integer `classId >= 0` (`< numClasses` when given). `where` names the box.
 * @internal
 */
export function checkGtBox(box: unknown, where: string, numClasses?: number): GtBox {
  if (typeof box !== 'object' || box === null) {
    throw new Error(`${where}: expected a box { x, y, w, h, classId }, got ${describe(box)}`);
  }
  const b = box as Record<string, unknown>;
  for (const key of ['x', 'y', 'w', 'h', 'classId']) {
    if (typeof b[key] !== 'number' || !Number.isFinite(b[key])) {
      throw new Error(`${where}.${key}: expected a finite number, got ${describe(b[key])}`);
    }
  }
  const { x, y, w, h, classId } = box as GtBox;
  if (x < 0 || x > 1)
    throw new Error(`${where}.x: the centre must lie in [0, 1] (normalised), got ${x}`);
  if (y < 0 || y > 1)
    throw new Error(`${where}.y: the centre must lie in [0, 1] (normalised), got ${y}`);
  if (w <= 0 || w > 1)
    throw new Error(`${where}.w: expected 0 < w <= 1 (normalised to the image), got ${w}`);
  if (h <= 0 || h > 1)
    throw new Error(`${where}.h: expected 0 < h <= 1 (normalised to the image), got ${h}`);
  if (
    !Number.isInteger(classId) ||
    classId < 0 ||
    (numClasses !== undefined && classId >= numClasses)
  ) {
    const range = numClasses === undefined ? '>= 0' : `in [0, ${numClasses})`;
    throw new Error(`${where}.classId: expected an integer ${range}, got ${classId}`);
  }
  return box as GtBox;
}

/** Throws unless `boxes` is an array of valid {@link GtBox}es; errors name `name[i]`. @internal */
export function checkGtBoxes<B extends GtBox>(
  boxes: unknown,
  name: string,
  numClasses?: number,
): B[] {
  if (!Array.isArray(boxes))
    throw new Error(
      `${name}: expected an array of boxes { x, y, w, h, classId }, got ${describe(boxes)}`,
    );
  boxes.forEach((box, i) => checkGtBox(box, `${name}[${i}]`, numClasses));
  return boxes as B[];
}
