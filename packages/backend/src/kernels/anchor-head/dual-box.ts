import { CIOU_ALPHA_EPS } from '../../numerics.js';
import { MAX_BOX_SIZE, MAX_SIZE_EXPONENT } from './limits.js';
import type { FusedIouKind } from './spec.js';

/**
 * Forward-mode derivatives of the YOLOv4 box term for the CPU fused kernel: a value with its
 * partial derivatives with respect to the four raw box channels `tx, ty, tw, th`.
 * Every operation makes the same choice at a kink as the composed path's registered gradients
 * (`minimum`: the first argument on ties, `maximum`: the first on ties, `relu`: 0 at 0,
 * `divOrZero`: 0 where the denominator is 0), so the two paths agree on every input.
 */
type Dual = [v: number, d0: number, d1: number, d2: number, d3: number];

// Values are rounded to float32 after every operation, as the composed path's tfjs ops store
// them, so both paths see the same ties (a decoded box equal to its target, a centre 1 ulp
// away); the derivatives are carried in float64.
const f = Math.fround;
const constant = (v: number): Dual => [f(v), 0, 0, 0, 0];
const add = (a: Dual, b: Dual): Dual => [f(a[0] + b[0]), a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4]];
const sub = (a: Dual, b: Dual): Dual => [f(a[0] - b[0]), a[1] - b[1], a[2] - b[2], a[3] - b[3], a[4] - b[4]];
const scale = (a: Dual, s: number): Dual => {
  const s32 = f(s);
  return [f(a[0] * s32), a[1] * s32, a[2] * s32, a[3] * s32, a[4] * s32];
};
const divide = (a: Dual, s: number): Dual => [f(a[0] / s), a[1] / s, a[2] / s, a[3] / s, a[4] / s];
const mul = (a: Dual, b: Dual): Dual => [
  f(a[0] * b[0]),
  a[1] * b[0] + b[1] * a[0],
  a[2] * b[0] + b[2] * a[0],
  a[3] * b[0] + b[3] * a[0],
  a[4] * b[0] + b[4] * a[0],
];
const min = (a: Dual, b: Dual): Dual => (a[0] <= b[0] ? a : b);
const max = (a: Dual, b: Dual): Dual => (a[0] >= b[0] ? a : b);
const relu = (a: Dual): Dual => (a[0] > 0 ? a : constant(0));
const square = (a: Dual): Dual => mul(a, a);

/** `a / b`, or 0 (with zero derivatives) where `b = 0`: geometry's `divOrZero`. */
function divOrZero(a: Dual, b: Dual): Dual {
  if (b[0] === 0) return constant(0);
  const q = a[0] / b[0];
  return [f(q), (a[1] - q * b[1]) / b[0], (a[2] - q * b[2]) / b[0], (a[3] - q * b[3]) / b[0], (a[4] - q * b[4]) / b[0]];
}

/** `atan2(w, h)` with `h → 1` where `w² + h²` is 0 in float32 (geometry's `aspectAngle`). */
function aspectAngle(w: Dual, h: Dual): Dual {
  const r2 = f(f(w[0] * w[0]) + f(h[0] * h[0]));
  const hh = r2 === 0 ? constant(1) : h;
  const r = w[0] * w[0] + hh[0] * hh[0];
  const out: Dual = [f(Math.atan2(w[0], hh[0])), 0, 0, 0, 0];
  for (let i = 1; i < 5; i++) out[i] = (hh[0] * w[i]! - w[0] * hh[i]!) / r;
  return out;
}

/** Where a row's decoded box comes from: cell, grid, anchor (image-normalised) and `scaleXY`. */
export interface DecodeGeometry {
  col: number;
  row: number;
  gridW: number;
  gridH: number;
  anchorW: number;
  anchorH: number;
  scaleXY: number;
}


/** geometry's `decodeAnchorBoxes` for one row, in duals: image-normalised `x, y, w, h`. */
function decode(t: ArrayLike<number>, o: number, g: DecodeGeometry): [Dual, Dual, Dual, Dual] {
  const offset = (i: number): Dual => {
    const s = f(1 / (1 + Math.exp(-t[o + i]!)));
    const d: Dual = [s, 0, 0, 0, 0];
    d[1 + i] = s * (1 - s);
    return g.scaleXY === 1 ? d : sub(scale(d, g.scaleXY), constant((g.scaleXY - 1) / 2));
  };
  const size = (i: number, anchor: number): Dual => {
    const raw = t[o + i]!;
    // min(t, 30) passes the derivative where t ≤ 30; the size cap where e^t·p ≤ MAX_BOX_SIZE
    const e = f(Math.exp(Math.min(raw, MAX_SIZE_EXPONENT)));
    const d: Dual = [e, 0, 0, 0, 0];
    if (raw <= MAX_SIZE_EXPONENT) d[1 + i] = e;
    return min(mul(d, constant(anchor)), constant(MAX_BOX_SIZE));
  };
  return [
    divide(add(offset(0), constant(g.col)), g.gridW),
    divide(add(offset(1), constant(g.row)), g.gridH),
    size(2, g.anchorW),
    size(3, g.anchorH),
  ];
}

/**
 * The YOLOv4 box term of one row and layer, `weight · (1 − IoUkind(decoded, target))` with
 * eps 0 (the composed path's `boxFn(decoded, target, { format: 'xywh', eps: 0 })`), and its
 * gradient with respect to the raw `tx, ty, tw, th` added into `grad[go … go+3]`.
 *
 * @param pred - the head's raw outputs; the row's box channels start at `o`.
 * @param target - image-normalised `xywh` of the ground truth, starting at `to`.
 * @param go - where the row's box gradient starts in `grad`.
 * @returns the term's value.
 */
export function iouBoxTerm(
  kind: FusedIouKind,
  pred: ArrayLike<number>,
  o: number,
  geometry: DecodeGeometry,
  target: ArrayLike<number>,
  to: number,
  weight: number,
  grad: Float32Array,
  go: number,
): number {
  const [x, y, w, h] = decode(pred, o, geometry);
  const aw = scale(w, 0.5);
  const ah = scale(h, 0.5);
  // float32 corners: a box far narrower than its position's float32 spacing is 0 wide, and the
  // aspect angle of a 0 × 0 box is 0 (geometry's aspectAngle), as in the composed path
  const ax1 = sub(x, aw);
  const ay1 = sub(y, ah);
  const ax2 = add(x, aw);
  const ay2 = add(y, ah);
  const [tx, ty, tw, th] = [target[to]!, target[to + 1]!, target[to + 2]!, target[to + 3]!];
  const bx1 = constant(tx - f(tw * 0.5));
  const by1 = constant(ty - f(th * 0.5));
  const bx2 = constant(tx + f(tw * 0.5));
  const by2 = constant(ty + f(th * 0.5));

  const wa = sub(ax2, ax1);
  const ha = sub(ay2, ay1);
  const wb = sub(bx2, bx1);
  const hb = sub(by2, by1);
  const iw = relu(sub(min(ax2, bx2), max(ax1, bx1)));
  const ih = relu(sub(min(ay2, by2), max(ay1, by1)));
  const inter = mul(iw, ih);
  const union = sub(add(mul(wa, ha), mul(wb, hb)), inter);
  const iouValue = divOrZero(inter, union);
  let value = iouValue;
  if (kind !== 'iou') {
    const cw = sub(max(ax2, bx2), min(ax1, bx1));
    const ch = sub(max(ay2, by2), min(ay1, by1));
    if (kind === 'giou') {
      const area = mul(cw, ch);
      value = sub(iouValue, divOrZero(sub(area, union), area));
    } else {
      const diagonal2 = add(square(cw), square(ch));
      const dx = sub(scale(add(ax1, ax2), 0.5), scale(add(bx1, bx2), 0.5));
      const dy = sub(scale(add(ay1, ay2), 0.5), scale(add(by1, by2), 0.5));
      value = sub(iouValue, divOrZero(add(square(dx), square(dy)), diagonal2));
      if (kind === 'ciou') {
        const v = scale(square(sub(aspectAngle(wb, hb), aspectAngle(wa, ha))), 4 / (Math.PI * Math.PI));
        const denominator = f(f(f(1 - iouValue[0]) + v[0]) + f(CIOU_ALPHA_EPS));
        const alpha = denominator === 0 ? 0 : f(v[0] / denominator); // a constant: stop-gradient
        value = sub(value, scale(v, alpha));
      }
    }
  }
  for (let i = 0; i < 4; i++) grad[go + i]! -= weight * value[1 + i]!;
  return weight * (1 - value[0]);
}
