// Boxes in pixels and COCO's box IoU (maskApi.c `bbIou`), in float64 and with its operations
// (a box's right edge is `w + x_min`, its area `w · h`), so that an IoU exactly at a threshold
// compares the same way.

/** Values per box row: `x_min, y_min, x_max, y_max, area` in pixels. @internal */
export const BOX = 5;

/**
 * Writes the pixel box row of the image-normalised centre box `(x, y, w, h)` at `out[o …]`:
 * `x_min = (x − w/2)·W`, `w_px = w·W` (likewise y, h), `x_max = w_px + x_min`, `y_max`, and
 * `area = w_px · h_px` (COCO's `[x_min, y_min, w, h]` box and its `w·h` area).
 * @internal
 */
export function toPixelBox(
  x: number,
  y: number,
  w: number,
  h: number,
  width: number,
  height: number,
  out: Float64Array,
  o: number,
): void {
  const xMin = (x - w / 2) * width;
  const yMin = (y - h / 2) * height;
  const wPx = w * width;
  const hPx = h * height;
  out[o] = xMin;
  out[o + 1] = yMin;
  out[o + 2] = wPx + xMin;
  out[o + 3] = hPx + yMin;
  out[o + 4] = wPx * hPx;
}

/**
 * COCO's IoU of a detection and a ground-truth box given by their pixel rows (see
 * {@link toPixelBox}): intersection (0 unless both sides are > 0) over the union, or over the
 * detection's area when the ground truth is a crowd region.
 * @internal
 */
export function cocoBoxIou(
  dx1: number,
  dy1: number,
  dx2: number,
  dy2: number,
  dArea: number,
  gx1: number,
  gy1: number,
  gx2: number,
  gy2: number,
  gArea: number,
  crowd: boolean,
): number {
  const iw = Math.min(dx2, gx2) - Math.max(dx1, gx1);
  if (iw <= 0) return 0;
  const ih = Math.min(dy2, gy2) - Math.max(dy1, gy1);
  if (ih <= 0) return 0;
  const inter = iw * ih;
  return inter / (crowd ? dArea : dArea + gArea - inter);
}
