import type { HwcImage, PixelArray } from './types.js';
import { isUint8 } from './validate.js';

/** A rectangle `[x0, x1) × [y0, y1)` of pixels. @internal */
export interface PixelRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Draws `src`, scaled by `(scaleX, scaleY)` and shifted by `(offsetX, offsetY)` pixels, into
 * the rectangle `rect` of `dst` (same number of channels). Destination pixel `(X, Y)` samples
 * the source at `u = (X + ½ − offsetX) / scaleX − ½` (and `v` likewise): bilinear
 * interpolation with half-pixel centres and edge clamping — OpenCV's `INTER_LINEAR`,
 * `tf.image.resizeBilinear` with `halfPixelCenters` — with no antialiasing when shrinking.
 * At scale 1 and an integer offset the pixels are copied exactly. 0..255 arrays get the value
 * rounded to the nearest integer.
 * @internal
 */
export function drawScaled(
  src: HwcImage,
  dst: HwcImage,
  scaleX: number,
  scaleY: number,
  offsetX: number,
  offsetY: number,
  rect: PixelRect,
): void {
  const c = src.channels;
  const { x0, y0, x1, y1 } = rect;
  if (x1 <= x0 || y1 <= y0) return;
  if (scaleX === 1 && scaleY === 1 && Number.isInteger(offsetX) && Number.isInteger(offsetY)) {
    for (let y = y0; y < y1; y++) {
      const from = ((y - offsetY) * src.width + (x0 - offsetX)) * c;
      dst.data.set(src.data.subarray(from, from + (x1 - x0) * c), (y * dst.width + x0) * c);
    }
    return;
  }
  const cols = taps(x0, x1, scaleX, offsetX, src.width);
  const rows = taps(y0, y1, scaleY, offsetY, src.height);
  const round = isUint8(dst.data);
  const s = src.data;
  const d: PixelArray = dst.data;
  for (let j = 0; j < y1 - y0; j++) {
    const r0 = rows.lo[j]! * src.width;
    const r1 = rows.hi[j]! * src.width;
    const fy = rows.f[j]!;
    for (let i = 0; i < x1 - x0; i++) {
      const a = (r0 + cols.lo[i]!) * c;
      const b = (r0 + cols.hi[i]!) * c;
      const p = (r1 + cols.lo[i]!) * c;
      const q = (r1 + cols.hi[i]!) * c;
      const fx = cols.f[i]!;
      const out = ((y0 + j) * dst.width + x0 + i) * c;
      for (let k = 0; k < c; k++) {
        const top = s[a + k]! + fx * (s[b + k]! - s[a + k]!);
        const bottom = s[p + k]! + fx * (s[q + k]! - s[p + k]!);
        const v = top + fy * (bottom - top);
        d[out + k] = round ? Math.min(255, Math.max(0, Math.round(v))) : v;
      }
    }
  }
}

/** Fills every value of `image` with `value`. @internal */
export function fillImage(image: HwcImage, value: number): void {
  image.data.fill(isUint8(image.data) ? Math.min(255, Math.max(0, Math.round(value))) : value);
}

/** Creates an empty image of the same array type as `like`. @internal */
export function emptyLike<T extends PixelArray>(
  like: T,
  width: number,
  height: number,
  channels: number,
): HwcImage<T> {
  const Ctor = like.constructor as new (length: number) => T;
  return { data: new Ctor(width * height * channels), width, height, channels };
}

/** For each destination coordinate in [from, to): the two source taps and the weight of the second. */
function taps(from: number, to: number, scale: number, offset: number, size: number) {
  const n = to - from;
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.min(size - 1, Math.max(0, (from + i + 0.5 - offset) / scale - 0.5));
    lo[i] = Math.floor(u);
    hi[i] = Math.min(size - 1, lo[i]! + 1);
    f[i] = u - lo[i]!;
  }
  return { lo, hi, f };
}
