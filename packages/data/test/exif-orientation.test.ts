import { describe, expect, it } from 'vitest';
import { seededRandom, type HwcImage } from '../src/index.js';
import { applyOrientation, jpegOrientation } from '../src/node/exif-orientation.js';
import { decodeImage, encodeJpeg } from '../src/node/index.js';
import { randomImage } from './helpers.js';

// Forward maps (where each stored pixel goes), composed to build every orientation independently.
function moved(
  img: HwcImage<Uint8Array>,
  width: number,
  height: number,
  to: (x: number, y: number) => [number, number],
) {
  const out = new Uint8Array(img.data.length);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const [u, v] = to(x, y);
      out.set(
        img.data.subarray(
          (y * img.width + x) * img.channels,
          (y * img.width + x + 1) * img.channels,
        ),
        (v * width + u) * img.channels,
      );
    }
  }
  return { data: out, width, height, channels: img.channels };
}
const rot90cw = (i: HwcImage<Uint8Array>) =>
  moved(i, i.height, i.width, (x, y) => [i.height - 1 - y, x]);
const flipH = (i: HwcImage<Uint8Array>) =>
  moved(i, i.width, i.height, (x, y) => [i.width - 1 - x, y]);
const times =
  (n: number, f: (i: HwcImage<Uint8Array>) => HwcImage<Uint8Array>) => (i: HwcImage<Uint8Array>) =>
    Array.from({ length: n }).reduce<HwcImage<Uint8Array>>((a) => f(a), i);
// EXIF orientation → how the stored image is turned for display
const display: Record<number, (i: HwcImage<Uint8Array>) => HwcImage<Uint8Array>> = {
  1: (i) => i,
  2: flipH,
  3: times(2, rot90cw),
  4: (i) => flipH(times(2, rot90cw)(i)),
  5: (i) => flipH(rot90cw(i)), // transpose
  6: rot90cw,
  7: (i) => rot90cw(flipH(i)), // transverse
  8: times(3, rot90cw),
};

/** An APP1 "Exif" segment whose IFD0 has `entries` (tag, type, value) in the given byte order. */
function exifSegment(little: boolean, entries: [number, number, number][]): number[] {
  const u16 = (v: number) => (little ? [v & 255, v >> 8] : [v >> 8, v & 255]);
  const u32 = (v: number) =>
    little ? [...u16(v & 0xffff), ...u16(v >>> 16)] : [...u16(v >>> 16), ...u16(v & 0xffff)];
  const tiff = [
    ...(little ? [0x49, 0x49] : [0x4d, 0x4d]),
    ...u16(42),
    ...u32(8),
    ...u16(entries.length),
  ];
  for (const [tag, type, value] of entries)
    tiff.push(...u16(tag), ...u16(type), ...u32(1), ...u16(value), 0, 0);
  tiff.push(...u32(0));
  const body = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  return [0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 255, ...body];
}
const withExif = (jpeg: Uint8Array, segment: number[]) =>
  new Uint8Array([...jpeg.subarray(0, 2), ...segment, ...jpeg.subarray(2)]);

describe('EXIF orientation', () => {
  it('applyOrientation turns the stored image as each of the 8 orientations says', () => {
    const img = randomImage(Uint8Array, 5, 3, 2, seededRandom(1));
    for (let n = 1; n <= 8; n++) expect(applyOrientation(img, n)).toEqual(display[n]!(img));
  });

  it('reads tag 0x0112 of IFD0 in either byte order, among other tags', () => {
    const jpeg = encodeJpeg(randomImage(Uint8Array, 4, 4, 3, seededRandom(2)));
    for (const little of [true, false]) {
      for (let n = 1; n <= 8; n++)
        expect(
          jpegOrientation(
            withExif(
              jpeg,
              exifSegment(little, [
                [0x010f, 2, 0],
                [0x0112, 3, n],
              ]),
            ),
          ),
        ).toBe(n);
    }
    expect(jpegOrientation(jpeg)).toBe(1); // no EXIF
    expect(jpegOrientation(withExif(jpeg, exifSegment(true, [[0x0112, 3, 9]])))).toBe(1); // out of range
    expect(jpegOrientation(withExif(jpeg, exifSegment(true, [[0x0112, 4, 6]])))).toBe(1); // not a SHORT
    const truncated = exifSegment(false, [[0x0112, 3, 6]]).slice(0, 20);
    expect(jpegOrientation(new Uint8Array([0xff, 0xd8, ...truncated]))).toBe(1);
  });

  it('decodeImage turns a JPEG upright by default, and keeps it as stored with orientation: ignore', () => {
    const jpeg = encodeJpeg(randomImage(Uint8Array, 7, 4, 3, seededRandom(3)));
    for (const n of [3, 6, 8]) {
      const file = withExif(jpeg, exifSegment(n % 2 === 0, [[0x0112, 3, n]]));
      const stored = decodeImage(file, { orientation: 'ignore' });
      expect([stored.width, stored.height]).toEqual([7, 4]);
      expect(decodeImage(file)).toEqual(display[n]!(stored));
    }
    expect(() => decodeImage(jpeg, { orientation: 'auto' as never })).toThrow(
      "decodeImage: options.orientation: expected 'exif' or 'ignore', got \"auto\"",
    );
  });
});
