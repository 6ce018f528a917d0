// Small independent helpers for the tests: random images and boxes, and a reference bilinear
// sampler written from the definition (half-pixel centres, clamped at the edges).
import { seededRandom, type GtBox, type HwcImage, type PixelArray } from '../src/index.js';

export function randomImage<T extends PixelArray>(
  make: new (n: number) => T,
  width: number,
  height: number,
  channels: number,
  rng: () => number,
): HwcImage<T> {
  const data = new make(width * height * channels);
  for (let i = 0; i < data.length; i++)
    data[i] = make === (Float32Array as unknown) ? Math.fround(rng()) : Math.floor(rng() * 256);
  return { data, width, height, channels };
}

/** Boxes with centres in [0, 1] and sizes in (0, 1], some reaching past the image edge. */
export function randomBoxes(rng: () => number, count: number, numClasses = 5): GtBox[] {
  return Array.from({ length: count }, () => ({
    x: rng(),
    y: rng(),
    w: 0.02 + 0.6 * rng(),
    h: 0.02 + 0.6 * rng(),
    classId: Math.floor(rng() * numClasses),
  }));
}

/** Value of channel `c` of `image` at continuous pixel coordinates `(u, v)` (pixel centres at integers). */
export function bilinearAt(image: HwcImage, u: number, v: number, c: number): number {
  const cu = Math.min(image.width - 1, Math.max(0, u));
  const cv = Math.min(image.height - 1, Math.max(0, v));
  const x0 = Math.floor(cu);
  const y0 = Math.floor(cv);
  const x1 = Math.min(image.width - 1, x0 + 1);
  const y1 = Math.min(image.height - 1, y0 + 1);
  const at = (x: number, y: number) => image.data[(y * image.width + x) * image.channels + c]!;
  const fx = cu - x0;
  const fy = cv - y0;
  return (
    (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x1, y0)) +
    fy * ((1 - fx) * at(x0, y1) + fx * at(x1, y1))
  );
}

export function pixel(image: HwcImage, x: number, y: number): number[] {
  const o = (y * image.width + x) * image.channels;
  return Array.from(image.data.subarray(o, o + image.channels));
}

/** A random source that also records what it returned. */
export function recording(seed: number): { rng: () => number; draws: number[] } {
  const base = seededRandom(seed);
  const draws: number[] = [];
  return {
    rng: () => {
      const u = base();
      draws.push(u);
      return u;
    },
    draws,
  };
}
