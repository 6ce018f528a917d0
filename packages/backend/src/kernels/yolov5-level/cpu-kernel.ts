import { ciouDual } from './ciou-dual.js';
import {
  PARAM,
  TERM,
  YOLOV5_FOCAL_ALPHA as FOCAL_ALPHA,
  YOLOV5_FOCAL_FLOOR as FOCAL_FLOOR,
  YOLOV5_TABLE_WIDTH as TABLE_WIDTH,
} from './spec.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** `max(z, 0) − z·t + log(1 + e^{−|z|})`, backend's `bceWithLogits`. */
const bce = (z: number, t: number): number =>
  Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));

/**
 * The class/objectness BCE of the composed YOLOv5 loss (`@yolo-loss/yolov5`) for one logit and its derivative: pos weight `p`, then the
 * focal factor for `γ > 0`.
 *
 * @returns `[value, d value / d z]`.
 */
export function bceTerm(z: number, y: number, posWeight: number, gamma: number): [number, number] {
  const s = sigmoid(z);
  let value = bce(z, y);
  let slope = s - y;
  if (posWeight !== 1) {
    value += (posWeight - 1) * y * bce(z, 1);
    slope += (posWeight - 1) * y * (s - 1);
  }
  if (gamma > 0) {
    const pt = y * s + (1 - y) * (1 - s);
    const alpha = y * FOCAL_ALPHA + (1 - y) * (1 - FOCAL_ALPHA);
    const raw = 1 - pt;
    const m = Math.max(raw, FOCAL_FLOOR);
    const modulation = m ** gamma;
    // d(1 − p_t)/dz = −(2y − 1)·σ(1 − σ), passed by max only where 1 − p_t ≥ the floor
    const dm = raw >= FOCAL_FLOOR ? -(2 * y - 1) * s * (1 - s) : 0;
    slope = alpha * (slope * modulation + value * gamma * m ** (gamma - 1) * dm);
    value *= alpha * modulation;
  }
  return [value, slope];
}

/** The inputs of the level kernels as plain arrays. */
export interface LevelArrays {
  /** `[rows, 5+C]` raw predictions. */
  pred: Float32Array;
  /** `[rows + 1]`: the table entries of row `r` are `rowStart[r] … rowStart[r+1] − 1`. */
  rowStart: Int32Array;
  /** `[P, 7]` per positive (see `TABLE_WIDTH`), sorted by row, emission order within a row. */
  table: Float32Array;
  /** See `PARAM`. */
  params: Float32Array;
}

/**
 * One level of the YOLOv5 loss in one pass over its rows: every row's objectness term (target the
 * clamped CIoU of its last positive, or 0), and for rows with positives the box and class terms
 * of each, with the gradient of each prediction with respect to the term it belongs to.
 *
 * @returns `[rows·(5+C) + 4·rows]`: the gradient part (box channels → box, objectness → obj or
 *   noobj, classes → cls), then the per-row terms as `[4, rows]`.
 */
export function levelForward(
  { pred, rowStart, table, params }: LevelArrays,
  numClasses: number,
): Float32Array {
  const c = numClasses;
  const ch = 5 + c;
  const rows = rowStart.length - 1;
  const out = new Float32Array(rows * ch + 4 * rows);
  const terms = rows * ch;
  const boxScale = params[PARAM.boxScale]!;
  const clsScale = params[PARAM.clsScale]!;
  const objScale = params[PARAM.objScale]!;
  const gr = params[PARAM.objIouRatio]!;
  const gamma = params[PARAM.focalGamma]!;
  const objPw = params[PARAM.objPosWeight]!;
  const grad = [0, 0, 0, 0];
  const classGrad = new Float64Array(c);
  for (let r = 0; r < rows; r++) {
    const o = r * ch;
    const first = rowStart[r]!;
    const end = rowStart[r + 1]!;
    let target = 0;
    if (end > first) {
      grad.fill(0);
      classGrad.fill(0);
      let box = 0;
      let cls = 0;
      let last = 0;
      for (let k = first; k < end; k++) {
        const e = k * TABLE_WIDTH;
        const value = ciouDual(pred, o, table, e);
        box += 1 - value[0];
        for (let i = 0; i < 4; i++) grad[i]! -= value[1 + i]!;
        last = value[0];
        if (c > 1) {
          const id = table[e + 6]!;
          for (let j = 0; j < c; j++) {
            const y = j === id ? params[PARAM.classOn]! : params[PARAM.classOff]!;
            const [v, d] = bceTerm(pred[o + 5 + j]!, y, params[PARAM.classPosWeight + j]!, gamma);
            cls += v;
            classGrad[j]! += d;
          }
        }
      }
      for (let i = 0; i < 4; i++) out[o + i] = boxScale * grad[i]!;
      for (let j = 0; j < c; j++) out[o + 5 + j] = clsScale * classGrad[j]!;
      out[terms + TERM.box * rows + r] = boxScale * box;
      out[terms + TERM.cls * rows + r] = clsScale * cls;
      target = 1 - gr + gr * Math.max(last, 0);
    }
    const [v, d] = bceTerm(pred[o + 4]!, target, objPw, gamma);
    out[o + 4] = objScale * d;
    out[terms + (end > first ? TERM.obj : TERM.noobj) * rows + r] = objScale * v;
  }
  return out;
}

/**
 * The backward pass: `dx = g · dy[term]`, each prediction's term as in {@link levelForward}
 * (objectness: obj on rows with a positive, noobj elsewhere).
 *
 * @param forward - the forward output (its gradient part is read).
 * @param dy - `[4]` upstream gradients of box, obj, noobj, cls.
 * @returns `[rows·(5+C)]`.
 */
export function levelBackward(
  forward: Float32Array,
  dy: Float32Array,
  rowStart: Int32Array,
  numClasses: number,
): Float32Array {
  const ch = 5 + numClasses;
  const rows = rowStart.length - 1;
  const dx = new Float32Array(rows * ch);
  const [box, obj, noobj, cls] = [dy[TERM.box]!, dy[TERM.obj]!, dy[TERM.noobj]!, dy[TERM.cls]!];
  for (let r = 0; r < rows; r++) {
    const o = r * ch;
    const positive = rowStart[r + 1]! > rowStart[r]!;
    dx[o + 4] = forward[o + 4]! * (positive ? obj : noobj);
    if (!positive) continue;
    for (let i = 0; i < 4; i++) dx[o + i] = forward[o + i]! * box;
    for (let j = 5; j < ch; j++) dx[o + j] = forward[o + j]! * cls;
  }
  return dx;
}
