/**
 * IoU of two sizes `(w, h)` centred at the same point (LOSSES.md §0 "shape IoU");
 * 0 when the union is 0.
 */
export function shapeIou(w1: number, h1: number, w2: number, h2: number): number {
  const inter = Math.min(w1, w2) * Math.min(h1, h2);
  const union = w1 * h1 + w2 * h2 - inter;
  return union > 0 ? inter / union : 0;
}
