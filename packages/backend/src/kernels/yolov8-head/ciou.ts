import { YOLOV8_CIOU_EPS } from './spec.js';

/**
 * Ultralytics' corner-form CIoU (YOLOv8's `bbox_iou(xywh=False, CIoU=True)`) for one pair of boxes,
 * step by step as the composed loss's tfjs ops compute it, each value rounded to float32 as they
 * store it (so both paths meet the same ties): `w = x2 − x1`, `h = y2 − y1 + eps`,
 * `IoU = I / (w₁h₁ + w₂h₂ − I + eps)`, `c² = cw² + ch² + eps`,
 * `ρ² = ((Σx-edges₂ − Σx-edges₁)² + (…y)²) / 4`, `v = 4/π² (atan(w₂/h₂) − atan(w₁/h₁))²`,
 * `α = v / (v − IoU + 1 + eps)` a constant, `CIoU = IoU − (ρ²/c² + α·v)`. The dual form carries
 * the derivatives with respect to box `a`'s corners (forward mode, float64); every kink takes the
 * composed path's registered-gradient choice: `min`/`max` the first argument on ties, `relu` 0 at 0.
 */
const f = Math.fround;
const EPS = f(YOLOV8_CIOU_EPS);
const ONE_PLUS_EPS = f(1 + YOLOV8_CIOU_EPS);
const FOUR_OVER_PI2 = f(4 / Math.PI ** 2);

/** CIoU of `a` and `b` (corners `x1, y1, x2, y2`), value only. */
export function ciouValue(
  ax1: number,
  ay1: number,
  ax2: number,
  ay2: number,
  bx1: number,
  by1: number,
  bx2: number,
  by2: number,
): number {
  const w1 = f(ax2 - ax1);
  const h1 = f(f(ay2 - ay1) + EPS);
  const w2 = f(bx2 - bx1);
  const h2 = f(f(by2 - by1) + EPS);
  const iw = Math.max(f(Math.min(ax2, bx2) - Math.max(ax1, bx1)), 0);
  const ih = Math.max(f(Math.min(ay2, by2) - Math.max(ay1, by1)), 0);
  const inter = f(iw * ih);
  const union = f(f(f(f(w1 * h1) + f(w2 * h2)) - inter) + EPS);
  const iou = f(inter / union);
  const cw = f(Math.max(ax2, bx2) - Math.min(ax1, bx1));
  const ch = f(Math.max(ay2, by2) - Math.min(ay1, by1));
  const c2 = f(f(f(cw * cw) + f(ch * ch)) + EPS);
  const dx = f(f(f(bx1 + bx2) - ax1) - ax2);
  const dy = f(f(f(by1 + by2) - ay1) - ay2);
  const rho2 = f(f(f(dx * dx) + f(dy * dy)) / 4);
  const da = f(f(Math.atan(f(w2 / h2))) - f(Math.atan(f(w1 / h1))));
  const v = f(f(da * da) * FOUR_OVER_PI2);
  const alpha = f(v / f(f(v - iou) + ONE_PLUS_EPS));
  return f(iou - f(f(rho2 / c2) + f(v * alpha)));
}

/**
 * CIoU of `a` (with derivatives) and the constant box `b`, and `d CIoU / d (ax1, ay1, ax2, ay2)`.
 *
 * @param out - receives `[CIoU, d/dax1, d/day1, d/dax2, d/day2]`.
 */
export function ciouWithGradient(
  ax1: number,
  ay1: number,
  ax2: number,
  ay2: number,
  bx1: number,
  by1: number,
  bx2: number,
  by2: number,
  out: Float64Array,
): void {
  // derivative vectors over (ax1, ay1, ax2, ay2), kept as explicit components
  const w1 = f(ax2 - ax1); // d: (-1, 0, 1, 0)
  const h1 = f(f(ay2 - ay1) + EPS); // d: (0, -1, 0, 1)
  const w2 = f(bx2 - bx1);
  const h2 = f(f(by2 - by1) + EPS);
  // intersection: a's edge is chosen on ties (min/max take the first argument)
  const ix2a = ax2 <= bx2;
  const ix1a = ax1 >= bx1;
  const iy2a = ay2 <= by2;
  const iy1a = ay1 >= by1;
  const iwRaw = f((ix2a ? ax2 : bx2) - (ix1a ? ax1 : bx1));
  const ihRaw = f((iy2a ? ay2 : by2) - (iy1a ? ay1 : by1));
  const iwOn = iwRaw > 0;
  const ihOn = ihRaw > 0;
  const iw = iwOn ? iwRaw : 0;
  const ih = ihOn ? ihRaw : 0;
  // d iw / d(ax1, ax2), d ih / d(ay1, ay2)
  const diwX1 = iwOn && ix1a ? -1 : 0;
  const diwX2 = iwOn && ix2a ? 1 : 0;
  const dihY1 = ihOn && iy1a ? -1 : 0;
  const dihY2 = ihOn && iy2a ? 1 : 0;
  const inter = f(iw * ih);
  // d inter
  const dInX1 = diwX1 * ih;
  const dInX2 = diwX2 * ih;
  const dInY1 = dihY1 * iw;
  const dInY2 = dihY2 * iw;
  const area1 = f(w1 * h1);
  const union = f(f(f(area1 + f(w2 * h2)) - inter) + EPS);
  // d union = d(w1·h1) − d inter; d(w1·h1) = (−h1, −w1, h1, w1)
  const dUnX1 = -h1 - dInX1;
  const dUnY1 = -w1 - dInY1;
  const dUnX2 = h1 - dInX2;
  const dUnY2 = w1 - dInY2;
  const iou = f(inter / union);
  const q = inter / union;
  const dIouX1 = (dInX1 - q * dUnX1) / union;
  const dIouY1 = (dInY1 - q * dUnY1) / union;
  const dIouX2 = (dInX2 - q * dUnX2) / union;
  const dIouY2 = (dInY2 - q * dUnY2) / union;
  // enclosing box: a's edge on ties
  const cx2a = ax2 >= bx2;
  const cx1a = ax1 <= bx1;
  const cy2a = ay2 >= by2;
  const cy1a = ay1 <= by1;
  const cw = f((cx2a ? ax2 : bx2) - (cx1a ? ax1 : bx1));
  const ch = f((cy2a ? ay2 : by2) - (cy1a ? ay1 : by1));
  const c2 = f(f(f(cw * cw) + f(ch * ch)) + EPS);
  const dC2X1 = cx1a ? -2 * cw : 0;
  const dC2X2 = cx2a ? 2 * cw : 0;
  const dC2Y1 = cy1a ? -2 * ch : 0;
  const dC2Y2 = cy2a ? 2 * ch : 0;
  const dx = f(f(f(bx1 + bx2) - ax1) - ax2); // d/dax1 = d/dax2 = −1
  const dy = f(f(f(by1 + by2) - ay1) - ay2);
  const rho2 = f(f(f(dx * dx) + f(dy * dy)) / 4);
  const dRhoX = (-2 * dx) / 4;
  const dRhoY = (-2 * dy) / 4;
  const ratio = rho2 / c2;
  const dDistX1 = (dRhoX - ratio * dC2X1) / c2;
  const dDistX2 = (dRhoX - ratio * dC2X2) / c2;
  const dDistY1 = (dRhoY - ratio * dC2Y1) / c2;
  const dDistY2 = (dRhoY - ratio * dC2Y2) / c2;
  // aspect: v = k·(atan(w2/h2) − atan(w1/h1))², a enters through w1, h1
  const u1 = f(w1 / h1);
  const da = f(f(Math.atan(f(w2 / h2))) - f(Math.atan(u1)));
  const v = f(f(da * da) * FOUR_OVER_PI2);
  const alpha = f(v / f(f(v - iou) + ONE_PLUS_EPS));
  // dv/du1 = k·2·da·(−1/(1 + u1²)); du1/dw1 = 1/h1, du1/dh1 = −w1/h1²
  const dvdu = FOUR_OVER_PI2 * 2 * da * (-1 / (1 + (w1 / h1) * (w1 / h1)));
  const dvdw = dvdu / h1;
  const dvdh = (dvdu * -w1) / (h1 * h1);
  out[0] = f(iou - f(f(rho2 / c2) + f(v * alpha)));
  out[1] = dIouX1 - dDistX1 - alpha * -dvdw;
  out[2] = dIouY1 - dDistY1 - alpha * -dvdh;
  out[3] = dIouX2 - dDistX2 - alpha * dvdw;
  out[4] = dIouY2 - dDistY2 - alpha * dvdh;
}
