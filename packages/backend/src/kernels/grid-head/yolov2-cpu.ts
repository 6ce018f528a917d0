import { corners32, f, iouXyxy32, sigmoid32 } from './f32.js';
import { ROW, ROW_FIELDS, YOLOV2_DECODE_EXP_BOUND, YOLOV2_ENTRY_FIELDS, type FusedYolov2Spec } from './spec.js';

/** The inputs of the fused YOLOv2 kernel as plain arrays. */
export interface Yolov2HeadArrays {
  /** `[rows, 5 + C]` raw predictions. */
  pred: Float32Array;
  slotIndex: Int32Array;
  table: Float32Array;
  gt: Float32Array;
}

/** Table entry fields (see `FusedYolov2Targets.table`). */
const F = { offsetX: 0, offsetY: 1, sizeW: 2, sizeH: 3, logW: 4, logH: 5, gtX: 6, gtY: 7, gtW: 8, gtH: 9, scale: 10 } as const;

/** `e^{clip(t, ±40)}` in float32, the stop-gradient decoding's size factor. */
const clampedExp32 = (t: number): number =>
  f(Math.exp(Math.min(Math.max(t, -YOLOV2_DECODE_EXP_BOUND), YOLOV2_DECODE_EXP_BOUND)));

/**
 * The fused YOLOv2 forward pass on the CPU, one slot per row: the decoded box in image units
 * (Darknet's `get_region_box`, float32 like the composed ops), for a responsible slot its `IoU*`
 * and every term, for the others the ignore rule against every GT of the image and the noobj
 * term; the unweighted values and their gradients with respect to the raw predictions.
 *
 * @returns `[rows·(5 + C) + 5·rows]` (see `yolov1HeadForward`; the responsible field is 0 or −1).
 */
export function yolov2HeadForward(
  { pred, slotIndex, table, gt }: Yolov2HeadArrays,
  spec: FusedYolov2Spec,
  maxBoxes: number,
): Float32Array {
  const { gridH: H, gridW: W, numClasses: C } = spec;
  const A = spec.anchors.length / 2;
  const ch = 5 + C;
  const rows = slotIndex.length;
  const width = YOLOV2_ENTRY_FIELDS + C;
  const out = new Float32Array(rows * ch + ROW_FIELDS * rows);
  const terms = rows * ch;
  const threshold = f(spec.ignoreThreshold);
  const anchors = spec.anchors.map(f);
  const bounds = spec.sizeBounds.map(f);
  const logSpace = spec.sizeLoss === 'log-space';
  const crossEntropy = spec.classLoss === 'softmax-ce';
  // every GT's corners, float32 (the composed ops convert the [N, 1, M, 4] tensor the same way)
  const gtCorners = new Float64Array(gt.length);
  const scratch = new Float64Array(4);
  for (let q = 0; q < gt.length; q += 4) {
    corners32(gt[q]!, gt[q + 1]!, gt[q + 2]!, gt[q + 3]!, scratch);
    gtCorners.set(scratch, q);
  }
  const box = new Float64Array(4);
  const own = new Float64Array(4);
  const probs = new Float64Array(C);

  for (let r = 0; r < rows; r++) {
    const o = r * ch;
    const a = r % A;
    const cell = (r - a) / A;
    const col = cell % W;
    const row = Math.floor(cell / W) % H;
    const image = Math.floor(cell / (W * H));
    const k = slotIndex[r]!;
    const sx = sigmoid32(pred[o]!);
    const sy = sigmoid32(pred[o + 1]!);
    const pw = anchors[2 * a]!;
    const ph = anchors[2 * a + 1]!;
    corners32(
      f(f(sx + col) / W),
      f(f(sy + row) / H),
      f(f(pw * clampedExp32(pred[o + 2]!)) / W),
      f(f(ph * clampedExp32(pred[o + 3]!)) / H),
      box,
    );
    const conf = sigmoid32(pred[o + 4]!);
    const dConf = conf * (1 - conf);
    const field = terms + r; // + f·rows: the row's field f

    if (k < 0) {
      out[field + ROW.responsible * rows] = -1;
      let ignored = false;
      for (let g = 0; g < maxBoxes && !ignored; g++) {
        const q = (image * maxBoxes + g) * 4;
        const iou = iouXyxy32(box[0]!, box[1]!, box[2]!, box[3]!, gtCorners[q]!, gtCorners[q + 1]!, gtCorners[q + 2]!, gtCorners[q + 3]!);
        ignored = iou > threshold;
      }
      if (!ignored) {
        out[field + ROW.noobj * rows] = conf * conf;
        out[o + 4] = 2 * conf * dConf;
      }
      continue;
    }

    const e = k * width;
    out[field + ROW.responsible * rows] = 0;
    let target = 1;
    if (spec.rescore) {
      corners32(table[e + F.gtX]!, table[e + F.gtY]!, table[e + F.gtW]!, table[e + F.gtH]!, own);
      target = iouXyxy32(box[0]!, box[1]!, box[2]!, box[3]!, own[0]!, own[1]!, own[2]!, own[3]!);
    }
    out[field + ROW.obj * rows] = (conf - target) ** 2;
    out[o + 4] = 2 * (conf - target) * dConf;

    const weight = spec.smallBoxWeight ? table[e + F.scale]! : 1;
    const dx = sx - table[e + F.offsetX]!;
    const dy = sy - table[e + F.offsetY]!;
    let coord = dx * dx + dy * dy;
    out[o] = 2 * weight * dx * sx * (1 - sx);
    out[o + 1] = 2 * weight * dy * sy * (1 - sy);
    for (let i = 0; i < 2; i++) {
      const t = pred[o + 2 + i]!;
      if (logSpace) {
        const d = t - table[e + F.logW + i]!;
        coord += d * d;
        out[o + 2 + i] = 2 * weight * d;
      } else {
        // p·e^t, continued linearly above the bound b (value e^b·(1 + t − b)); slope p·e^{min(t, b)}
        const b = bounds[2 * a + i]!;
        const anchor = anchors[2 * a + i]!;
        const ex = Math.exp(Math.min(t, b));
        const d = anchor * ex * (1 + Math.max(t - b, 0)) - table[e + F.sizeW + i]!;
        coord += d * d;
        out[o + 2 + i] = 2 * weight * d * anchor * ex;
      }
    }
    out[field + ROW.box * rows] = weight * coord;

    const c0 = o + 5;
    const t0 = e + YOLOV2_ENTRY_FIELDS;
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, pred[c0 + c]!);
    let sum = 0;
    for (let c = 0; c < C; c++) sum += (probs[c] = Math.exp(pred[c0 + c]! - max));
    let cls = 0;
    if (crossEntropy) {
      // −Σ t·log p̂; d/dz_k = p_k·Σt − t_k
      const lse = max + Math.log(sum);
      let targets = 0;
      for (let c = 0; c < C; c++) {
        const t = table[t0 + c]!;
        cls -= t * (pred[c0 + c]! - lse);
        targets += t;
      }
      for (let c = 0; c < C; c++) out[c0 + c] = (probs[c]! / sum) * targets - table[t0 + c]!;
    } else {
      // Σ (p − t)²; d/dz_k = p_k (g_k − Σ g·p), g = 2(p − t)
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
    }
    out[field + ROW.cls * rows] = cls;
  }
  return out;
}
