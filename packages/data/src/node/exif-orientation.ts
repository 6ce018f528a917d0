import type { HwcImage } from '../types.js';

/**
 * The EXIF orientation (1–8) of a JPEG file: tag 0x0112 of IFD0 in its `APP1` "Exif" segment;
 * 1 (as stored) when there is none or it cannot be read.
 * @internal
 */
export function jpegOrientation(bytes: Uint8Array): number {
  const u16 = (o: number, little: boolean) =>
    little ? bytes[o]! | (bytes[o + 1]! << 8) : (bytes[o]! << 8) | bytes[o + 1]!;
  const u32 = (o: number, little: boolean) =>
    little ? u16(o, true) + u16(o + 2, true) * 65536 : u16(o, false) * 65536 + u16(o + 2, false);
  let o = 2; // after SOI
  while (o + 4 <= bytes.length && bytes[o] === 0xff) {
    const marker = bytes[o + 1]!;
    if (marker === 0xda || marker === 0xd9) break; // start of scan / end of image: no more headers
    const length = u16(o + 2, false);
    const start = o + 4;
    const end = o + 2 + length;
    if (length < 2 || end > bytes.length) break;
    // "Exif\0\0", then a TIFF header: byte order, 42, offset of IFD0
    if (
      marker === 0xe1 &&
      length >= 16 &&
      [0x45, 0x78, 0x69, 0x66, 0, 0].every((b, i) => bytes[start + i] === b)
    ) {
      const tiff = start + 6;
      const little = bytes[tiff] === 0x49 && bytes[tiff + 1] === 0x49;
      if (!little && !(bytes[tiff] === 0x4d && bytes[tiff + 1] === 0x4d)) return 1;
      if (u16(tiff + 2, little) !== 42) return 1;
      const ifd = tiff + u32(tiff + 4, little);
      if (ifd + 2 > end) return 1;
      const count = u16(ifd, little);
      for (let i = 0; i < count; i++) {
        const entry = ifd + 2 + 12 * i;
        if (entry + 12 > end) return 1;
        if (u16(entry, little) === 0x0112 && u16(entry + 2, little) === 3) {
          const value = u16(entry + 8, little);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    }
    o = end;
  }
  return 1;
}

/**
 * The image as it is meant to be displayed, given its EXIF orientation: 2 mirrored, 3 rotated
 * 180°, 4 flipped vertically, 5 transposed, 6 rotated 90° clockwise, 7 transversed, 8 rotated
 * 90° counter-clockwise (5–8 swap width and height).
 * @internal
 */
export function applyOrientation(
  image: HwcImage<Uint8Array>,
  orientation: number,
): HwcImage<Uint8Array> {
  if (orientation === 1) return image;
  const { data, width: W, height: H, channels: c } = image;
  const swap = orientation >= 5;
  const width = swap ? H : W;
  const height = swap ? W : H;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [sx, sy] = source(orientation, x, y, W, H);
      const from = (sy * W + sx) * c;
      out.set(data.subarray(from, from + c), (y * width + x) * c);
    }
  }
  return { data: out, width, height, channels: c };
}

/** The stored pixel shown at display position `(x, y)`. */
function source(orientation: number, x: number, y: number, W: number, H: number): [number, number] {
  switch (orientation) {
    case 2:
      return [W - 1 - x, y];
    case 3:
      return [W - 1 - x, H - 1 - y];
    case 4:
      return [x, H - 1 - y];
    case 5:
      return [y, x];
    case 6:
      return [y, H - 1 - x];
    case 7:
      return [W - 1 - y, H - 1 - x];
    case 8:
      return [W - 1 - y, x];
    default:
      return [x, y];
  }
}
