import { corners32, f, iouXyxy32, sigmoid32 } from './f32.js';
import { ROW, ROW_FIELDS, YOLOV1_SQRT_EPS, YOLOV1_ENTRY_FIELDS, type FusedYolov1Spec } from './spec.js';

const EPS32 = f(YOLOV1_SQRT_EPS);

/** The inputs of the fused YOLOv1 kernel as plain arrays. */
export interface Yolov1HeadArrays {
  /** `[rows, B·5 + C]` raw predictions. */
  pred: Float32Array;
  cellIndex: Int32Array;
  table: Float32Array;
}

/** `(a² + b²) + c²) + d²` in float32 steps (tfjs-cpu's `addN` of four squares). */
const sumOfSquares32 = (a: number, b: number, c: number, d: number): number =>
  f(f(f(f(a * a) + f(b * b)) + f(c * c)) + f(d * d));

/**
 * Decodes predictor `b` of the cell at `p` into `dec[0..5]` = `x, y, w, h, √w, √h`, each in
 * float32 as the composed decoding computes it.
 */
function decode(pred: Float32Array, p: number, logistic: boolean, dec: Float64Array): void {
  if (logistic) {
    const w = sigmoid32(pred[p + 2]!);
    const h = sigmoid32(pred[p + 3]!);
    dec[0] = sigmoid32(pred[p]!);
    dec[1] = sigmoid32(pred[p + 1]!);
    dec[2] = w;
    dec[3] = h;
    dec[4] = f(Math.sqrt(f(Math.max(w, 0) + EPS32)));
    dec[5] = f(Math.sqrt(f(Math.max(h, 0) + EPS32)));
  } else {
    const tw = pred[p + 2]!;
    const th = pred[p + 3]!;
    dec[0] = pred[p]!;
    dec[1] = pred[p + 1]!;
    dec[2] = f(tw * tw);
    dec[3] = f(th * th);
    dec[4] = tw;
    dec[5] = th;
  }
}

/**
 * The fused YOLOv1 forward pass on the CPU, one cell per row: the responsible predictor of a GT
 * cell (highest IoU of its decoded box with the GT, else the smallest fallback distance, ties to
 * the lower index; float32 like the composed ops), then every term's unweighted value and its
 * gradient with respect to the raw predictions.
 *
 * @returns `[rows·(B·5 + C) + 5·rows]`: the gradient of each prediction with respect to its term
 *   (box channels → box, confidence → obj for the responsible predictor, else noobj; classes → cls),
 *   then per row box, obj, noobj, cls and the responsible predictor (−1: none), field-major.
 */
export function yolov1HeadForward({ pred, cellIndex, table }: Yolov1HeadArrays, spec: FusedYolov1Spec): Float32Array {
  const { gridH: H, gridW: W, boxesPerCell: B, numClasses: C } = spec;
  const ch = 5 * B + C;
  const rows = cellIndex.length;
  const width = YOLOV1_ENTRY_FIELDS + C;
  const out = new Float32Array(rows * ch + ROW_FIELDS * rows);
  const terms = rows * ch;
  const logistic = spec.activation === 'logistic';
  const rmse = spec.fallbackDistance === 'image-rmse';
  const dec = new Float64Array(6);
  const box = new Float64Array(4);
  const gt = new Float64Array(4);
  const probs = new Float64Array(C);

  for (let r = 0; r < rows; r++) {
    const o = r * ch;
    const k = cellIndex[r]!;
    const e = k * width;
    // The responsible predictor: the first with the highest IoU, or (every IoU 0) the first with
    // the smallest distance. IoU >= 0, so "first strict improvement" picks the first of equals.
    let j = -1;
    let iouStar = 0;
    if (k >= 0) {
      const col = r % W;
      const row = Math.floor(r / W) % H;
      corners32(table[e]!, table[e + 1]!, table[e + 2]!, table[e + 3]!, gt);
      const gw = table[e + 2]!;
      const gh = table[e + 3]!;
      const ox = table[e + 4]!;
      const oy = table[e + 5]!;
      const osw = table[e + 6]!;
      const osh = table[e + 7]!;
      let bestIou = -1;
      let byIou = 0;
      let bestDist = Infinity;
      let byDist = 0;
      for (let b = 0; b < B; b++) {
        decode(pred, o + 5 * b, logistic, dec);
        const x = dec[0]!;
        const y = dec[1]!;
        const w = dec[2]!;
        const h = dec[3]!;
        corners32(f(f(col + x) / W), f(f(row + y) / H), w, h, box);
        const iou = iouXyxy32(box[0]!, box[1]!, box[2]!, box[3]!, gt[0]!, gt[1]!, gt[2]!, gt[3]!);
        const dist = rmse
          ? sumOfSquares32(f(f(x - ox) / W), f(f(y - oy) / H), f(w - gw), f(h - gh))
          : sumOfSquares32(f(x - ox), f(y - oy), f(dec[4]! - osw), f(dec[5]! - osh));
        if (iou > bestIou) {
          bestIou = iou;
          byIou = b;
        }
        if (dist < bestDist) {
          bestDist = dist;
          byDist = b;
        }
      }
      // no IoU above 0: every IoU is 0, and so is the responsible one's
      j = bestIou > 0 ? byIou : byDist;
      iouStar = bestIou > 0 ? bestIou : 0;
    }

    let boxTerm = 0;
    let obj = 0;
    let noobj = 0;
    for (let b = 0; b < B; b++) {
      const p = o + 5 * b;
      const to = pred[p + 4]!;
      const conf = logistic ? sigmoid32(to) : to;
      const dConf = logistic ? conf * (1 - conf) : 1;
      if (b !== j) {
        noobj += conf * conf;
        out[p + 4] = 2 * conf * dConf;
        continue;
      }
      const target = spec.rescore ? iouStar : 1;
      obj = (conf - target) ** 2;
      out[p + 4] = 2 * (conf - target) * dConf;
      decode(pred, p, logistic, dec);
      const dx = dec[0]! - table[e + 4]!;
      const dy = dec[1]! - table[e + 5]!;
      const dw = dec[4]! - table[e + 6]!;
      const dh = dec[5]! - table[e + 7]!;
      boxTerm = dx * dx + dy * dy + dw * dw + dh * dh;
      if (logistic) {
        const [x, y, w, h] = [dec[0]!, dec[1]!, dec[2]!, dec[3]!];
        out[p] = 2 * dx * x * (1 - x);
        out[p + 1] = 2 * dy * y * (1 - y);
        // d√(relu(w) + eps)/dw = [w > 0] / (2√·), times σ'
        out[p + 2] = w > 0 ? (dw / dec[4]!) * w * (1 - w) : 0;
        out[p + 3] = h > 0 ? (dh / dec[5]!) * h * (1 - h) : 0;
      } else {
        out[p] = 2 * dx;
        out[p + 1] = 2 * dy;
        out[p + 2] = 2 * dw;
        out[p + 3] = 2 * dh;
      }
    }

    let cls = 0;
    if (k >= 0) {
      const c0 = o + 5 * B;
      const t0 = e + YOLOV1_ENTRY_FIELDS;
      if (logistic) {
        let max = -Infinity;
        for (let c = 0; c < C; c++) max = Math.max(max, pred[c0 + c]!);
        let sum = 0;
        for (let c = 0; c < C; c++) sum += (probs[c] = Math.exp(pred[c0 + c]! - max));
        // d/dz_k Σ (p − t)² = p_k (g_k − Σ g·p), g = 2(p − t)
        let gp = 0;
        for (let c = 0; c < C; c++) {
          const p = (probs[c] = probs[c]! / sum);
          const d = p - table[t0 + c]!;
          cls += d * d;
          gp += 2 * d * p;
        }
        for (let c = 0; c < C; c++) {
          const p = probs[c]!;
          out[c0 + c] = p * (2 * (p - table[t0 + c]!) - gp);
        }
      } else {
        for (let c = 0; c < C; c++) {
          const d = pred[c0 + c]! - table[t0 + c]!;
          cls += d * d;
          out[c0 + c] = 2 * d;
        }
      }
    }
    out[terms + ROW.box * rows + r] = boxTerm;
    out[terms + ROW.obj * rows + r] = obj;
    out[terms + ROW.noobj * rows + r] = noobj;
    out[terms + ROW.cls * rows + r] = cls;
    out[terms + ROW.responsible * rows + r] = j;
  }
  return out;
}
