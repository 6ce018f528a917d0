/**
 * Float32 steps of the CPU kernels: each value a decision depends on (the responsible predictor,
 * the ignore rule) is rounded to float32 after every operation, exactly as tfjs-cpu stores each
 * op's result in a `Float32Array`, so ties and thresholds fall the same way as in the composed ops.
 */

/** Rounds to float32. */
export const f = Math.fround;

/** tfjs-cpu's `sigmoid`: `1 / (1 + e^{−x})` in float64, rounded to float32. */
export const sigmoid32 = (x: number): number => f(1 / (1 + Math.exp(-x)));

/**
 * IoU of two corner boxes in float32 steps, as geometry's `iou(…, { eps: 0 })` computes it:
 * widths from the corners, intersection clamped at 0, `I / U`, 0 where `U = 0`.
 */
export function iouXyxy32(
  ax1: number,
  ay1: number,
  ax2: number,
  ay2: number,
  bx1: number,
  by1: number,
  bx2: number,
  by2: number,
): number {
  const aw = f(ax2 - ax1);
  const ah = f(ay2 - ay1);
  const bw = f(bx2 - bx1);
  const bh = f(by2 - by1);
  const iw = Math.max(f(Math.min(ax2, bx2) - Math.max(ax1, bx1)), 0);
  const ih = Math.max(f(Math.min(ay2, by2) - Math.max(ay1, by1)), 0);
  const inter = f(iw * ih);
  const union = f(f(f(aw * ah) + f(bw * bh)) - inter);
  return union === 0 ? 0 : f(inter / union);
}

/** The corners of an `xywh` box in float32 steps (`c ∓ s·0.5`), written into `out[0..3]`. */
export function corners32(x: number, y: number, w: number, h: number, out: Float64Array): void {
  const hw = f(w * 0.5);
  const hh = f(h * 0.5);
  out[0] = f(x - hw);
  out[1] = f(y - hh);
  out[2] = f(x + hw);
  out[3] = f(y + hh);
}
