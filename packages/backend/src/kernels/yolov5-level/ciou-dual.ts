import { CIOU_ALPHA_EPS } from '../../numerics.js';
import { YOLOV5_CIOU_EPS as CIOU_EPS } from './spec.js';

/**
 * A value with its partial derivatives with respect to a positive's raw `tx, ty, tw, th`
 * (forward-mode). Values are rounded to float32 after every operation, as the composed path's
 * tfjs ops store them, so both paths meet the same ties; derivatives are carried in float64.
 * Every kink takes the composed path's registered-gradient choice: `min` the first argument on
 * ties, `max` the first on ties, `relu` 0 at 0, division 0 where the denominator is 0.
 */
type Dual = [v: number, d0: number, d1: number, d2: number, d3: number];

const f = Math.fround;
const constant = (v: number): Dual => [f(v), 0, 0, 0, 0];
const add = (a: Dual, b: Dual): Dual => [
  f(a[0] + b[0]),
  a[1] + b[1],
  a[2] + b[2],
  a[3] + b[3],
  a[4] + b[4],
];
const sub = (a: Dual, b: Dual): Dual => [
  f(a[0] - b[0]),
  a[1] - b[1],
  a[2] - b[2],
  a[3] - b[3],
  a[4] - b[4],
];
const scale = (a: Dual, s: number): Dual => {
  const s32 = f(s);
  return [f(a[0] * s32), a[1] * s32, a[2] * s32, a[3] * s32, a[4] * s32];
};
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

/** `a / b`, or 0 (zero derivatives) where `b = 0`: backend's `divOrZero`. */
function divOrZero(a: Dual, b: Dual): Dual {
  if (b[0] === 0) return constant(0);
  const q = a[0] / b[0];
  return [
    f(q),
    (a[1] - q * b[1]) / b[0],
    (a[2] - q * b[2]) / b[0],
    (a[3] - q * b[3]) / b[0],
    (a[4] - q * b[4]) / b[0],
  ];
}

/** `atan2(w, h)` with `h → 1` where `w² + h²` is 0 in float32 (geometry's CIoU aspect angle). */
function aspectAngle(w: Dual, h: Dual): Dual {
  const r2 = f(f(w[0] * w[0]) + f(h[0] * h[0]));
  const hh = r2 === 0 ? constant(1) : h;
  const r = w[0] * w[0] + hh[0] * hh[0];
  const out: Dual = [f(Math.atan2(w[0], hh[0])), 0, 0, 0, 0];
  for (let i = 1; i < 5; i++) out[i] = (hh[0] * w[i]! - w[0] * hh[i]!) / r;
  return out;
}

const sigmoid32 = (t: number): number => f(1 / (1 + Math.exp(-t)));

/**
 * The YOLOv5 box of one positive from its raw outputs, in grid units relative to the cell corner:
 * `x = 2σ(tx) − ½`, `w = (2σ(tw))²·aw` (the composed path's ops, step by step).
 */
function decode(
  pred: ArrayLike<number>,
  o: number,
  anchorW: number,
  anchorH: number,
): [Dual, Dual, Dual, Dual] {
  const offset = (i: number): Dual => {
    const s = sigmoid32(pred[o + i]!);
    const d: Dual = [f(2 * s - 0.5), 0, 0, 0, 0];
    d[1 + i] = 2 * s * (1 - s);
    return d;
  };
  const size = (i: number, anchor: number): Dual => {
    const s = sigmoid32(pred[o + i]!);
    const twice = 2 * s;
    const d: Dual = [f(twice * twice), 0, 0, 0, 0];
    d[1 + i] = 2 * twice * 2 * s * (1 - s);
    return mul(d, constant(anchor));
  };
  return [offset(0), offset(1), size(2, anchorW), size(3, anchorH)];
}

/**
 * CIoU (centre form, eps {@link CIOU_EPS} on the union and `c²`, `CIOU_ALPHA_EPS` in `α`, `α` a constant) of a
 * positive's decoded box and its target, with the derivatives with respect to `tx, ty, tw, th`:
 * geometry's `ciou(pred, target, { format: 'xywh', eps })` for one pair.
 *
 * @param pred - the level's raw outputs; the positive's box channels start at `o`.
 * @param table - target `(x, y, w, h)` and anchor `(w, h)` starting at `e`.
 * @returns `[CIoU, d/dtx, d/dty, d/dtw, d/dth]`.
 */
export function ciouDual(
  pred: ArrayLike<number>,
  o: number,
  table: ArrayLike<number>,
  e: number,
): Dual {
  const [x, y, w, h] = decode(pred, o, table[e + 4]!, table[e + 5]!);
  const aw = scale(w, 0.5);
  const ah = scale(h, 0.5);
  const ax1 = sub(x, aw);
  const ay1 = sub(y, ah);
  const ax2 = add(x, aw);
  const ay2 = add(y, ah);
  const [tx, ty, tw, th] = [table[e]!, table[e + 1]!, table[e + 2]!, table[e + 3]!];
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
  const iou = divOrZero(inter, add(union, constant(CIOU_EPS)));
  const cw = sub(max(ax2, bx2), min(ax1, bx1));
  const ch = sub(max(ay2, by2), min(ay1, by1));
  const diagonal2 = add(add(mul(cw, cw), mul(ch, ch)), constant(CIOU_EPS));
  const dx = sub(scale(add(ax1, ax2), 0.5), scale(add(bx1, bx2), 0.5));
  const dy = sub(scale(add(ay1, ay2), 0.5), scale(add(by1, by2), 0.5));
  const diou = sub(iou, divOrZero(add(mul(dx, dx), mul(dy, dy)), diagonal2));
  const da = sub(aspectAngle(wb, hb), aspectAngle(wa, ha));
  const v = scale(mul(da, da), 4 / (Math.PI * Math.PI));
  const denominator = f(f(f(1 - iou[0]) + v[0]) + f(CIOU_ALPHA_EPS));
  const alpha = denominator === 0 ? 0 : f(v[0] / denominator); // a constant: stop-gradient
  return sub(diou, scale(v, alpha));
}
