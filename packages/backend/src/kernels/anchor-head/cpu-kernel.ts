import { MAX_BOX_SIZE, MAX_SIZE_EXPONENT } from './limits.js';
import { iouBoxTerm, type DecodeGeometry } from './dual-box.js';
import { CLASS_GATE_LOGIT, TERM, tableWidth, type FusedHeadSpec } from './spec.js';

const f = Math.fround;
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** `max(z, 0) − z·t + log(1 + e^{−|z|})`, backend's `bceWithLogits`. */
const bce = (z: number, t: number): number => Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));

/** The inputs of the fused head kernels as plain arrays. */
export interface FusedHeadArrays {
  /** `[rows, 5+C]` raw predictions. */
  pred: Float32Array;
  slotIndex: Int32Array;
  table: Float32Array;
  gt: Float32Array;
}

/**
 * The fused forward pass on the CPU: for every row, the objectness / no-object term (ignore rule
 * included), and for responsible rows the box and class terms, with their gradients.
 *
 * @returns `[rows·(5+C) + 4·rows]`: the gradient of each prediction with respect to the term it
 *   belongs to (box channels → box, objectness → obj or noobj, classes → cls), then the per-row
 *   terms as `[4, rows]` (box, obj, noobj, cls).
 */
export function fusedHeadForward(
  { pred, slotIndex, table, gt }: FusedHeadArrays,
  spec: FusedHeadSpec,
  layers: number,
  maxBoxes: number,
): Float32Array {
  const { gridH, gridW, numAnchors: a, numClasses: c } = spec;
  const ch = 5 + c;
  const rows = slotIndex.length;
  const width = tableWidth(layers, c);
  const out = new Float32Array(rows * ch + 4 * rows);
  const terms = rows * ch;
  const ignoreThreshold = f(spec.ignoreThreshold);
  const iouBox = spec.box !== 'sse-logit' && spec.box !== 'sse-sigmoid' && spec.box !== 'bce';
  const anchors32 = spec.anchors.map(f);

  for (let r = 0; r < rows; r++) {
    const o = r * ch;
    const anchor = r % a;
    const cell = (r - anchor) / a;
    const col = cell % gridW;
    const rowInGrid = ((cell - col) / gridW) % gridH;
    const image = Math.floor(cell / (gridW * gridH));
    const z = pred[o + 4]!;
    const k = slotIndex[r]!;
    if (k >= 0) {
      const e = k * width;
      out[terms + TERM.obj * rows + r] = spec.lambdaObj * bce(z, 1);
      out[o + 4] = spec.lambdaObj * (sigmoid(z) - 1);
      let cls = 0;
      for (let j = 0; j < c; j++) {
        const p = pred[o + 5 + j]!;
        const t = table[e + 5 * layers + j]!;
        cls += bce(p, t);
        out[o + 5 + j] = spec.lambdaClass * (sigmoid(p) - t);
      }
      out[terms + TERM.cls * rows + r] = spec.lambdaClass * cls;
      let box = 0;
      if (iouBox) {
        const geometry: DecodeGeometry = {
          col,
          row: rowInGrid,
          gridW,
          gridH,
          anchorW: spec.anchors[2 * anchor]!,
          anchorH: spec.anchors[2 * anchor + 1]!,
          scaleXY: spec.scaleXY,
        };
        for (let l = 0; l < layers; l++) {
          const weight = table[e + 5 * l + 4]!;
          if (weight === 0) continue;
          box += iouBoxTerm(spec.box as 'iou', pred, o, geometry, table, e + 5 * l, weight, out);
        }
      } else {
        box = tspaceBoxTerm(spec, pred, o, table, e, out);
      }
      out[terms + TERM.box * rows + r] = box;
      continue;
    }
    if (spec.ignore !== 'none') {
      const box = ignoreBox(spec, pred, o, col, rowInGrid, anchors32[2 * anchor]!, anchors32[2 * anchor + 1]!);
      if (overlapsGt(box, gt, image, maxBoxes, ignoreThreshold) && (!spec.classGate || gateOpen(pred, o, c))) continue;
    }
    out[terms + TERM.noobj * rows + r] = spec.lambdaObj * bce(z, 0);
    out[o + 4] = spec.lambdaObj * sigmoid(z);
  }
  return out;
}

/** YOLOv3's box term of a responsible row (weights from the table's first box group). */
function tspaceBoxTerm(
  spec: FusedHeadSpec,
  pred: Float32Array,
  o: number,
  table: Float32Array,
  e: number,
  grad: Float32Array,
): number {
  const w = table[e + 4]!;
  let loss = 0;
  for (let i = 0; i < 4; i++) {
    const t = pred[o + i]!;
    const target = table[e + i]!;
    if (i >= 2 || spec.box === 'sse-logit') {
      const weight = i >= 2 ? w * spec.whScale : w;
      loss += weight * (t - target) ** 2;
      grad[o + i] = 2 * weight * (t - target);
    } else if (spec.box === 'sse-sigmoid') {
      const s = sigmoid(t);
      loss += w * (s - target) ** 2;
      grad[o + i] = 2 * w * (s - target) * s * (1 - s);
    } else {
      loss += w * bce(t, target);
      grad[o + i] = w * (sigmoid(t) - target);
    }
  }
  return loss;
}

/**
 * The row's box for the ignore rule in float32 steps, as the composed path computes it: the
 * decoded prediction (`'prediction'`) or the anchor centred on the cell (`'prior'`), `xyxy`.
 */
function ignoreBox(
  spec: FusedHeadSpec,
  pred: Float32Array,
  o: number,
  col: number,
  row: number,
  anchorW: number,
  anchorH: number,
): [number, number, number, number] {
  let x: number;
  let y: number;
  let w: number;
  let h: number;
  if (spec.ignore === 'prior') {
    x = f(f(col + 0.5) / spec.gridW);
    y = f(f(row + 0.5) / spec.gridH);
    w = anchorW;
    h = anchorH;
  } else {
    const s = spec.scaleXY;
    const offset = (t: number): number => {
      const sg = f(sigmoid(t));
      return s === 1 ? sg : f(f(sg * f(s)) - f((s - 1) / 2));
    };
    const size = (t: number, anchor: number): number =>
      Math.min(f(f(Math.exp(Math.min(t, MAX_SIZE_EXPONENT))) * anchor), MAX_BOX_SIZE);
    x = f(f(offset(pred[o]!) + col) / spec.gridW);
    y = f(f(offset(pred[o + 1]!) + row) / spec.gridH);
    w = size(pred[o + 2]!, anchorW);
    h = size(pred[o + 3]!, anchorH);
  }
  const hw = f(w * 0.5);
  const hh = f(h * 0.5);
  return [f(x - hw), f(y - hh), f(x + hw), f(y + hh)];
}

/** Whether the box's IoU (float32, 0 where the union is 0) with a valid GT of the image exceeds the threshold. */
function overlapsGt(
  [ax1, ay1, ax2, ay2]: [number, number, number, number],
  gt: Float32Array,
  image: number,
  maxBoxes: number,
  threshold: number,
): boolean {
  const area = f(f(ax2 - ax1) * f(ay2 - ay1));
  for (let g = 0; g < maxBoxes; g++) {
    const q = (image * maxBoxes + g) * 5;
    if (gt[q + 4] === 0) continue;
    const [bx1, by1, bx2, by2] = [gt[q]!, gt[q + 1]!, gt[q + 2]!, gt[q + 3]!];
    const iw = Math.max(f(Math.min(ax2, bx2) - Math.max(ax1, bx1)), 0);
    const ih = Math.max(f(Math.min(ay2, by2) - Math.max(ay1, by1)), 0);
    const inter = f(iw * ih);
    const union = f(f(area + f(f(bx2 - bx1) * f(by2 - by1))) - inter);
    if (union !== 0 && f(inter / union) > threshold) return true;
  }
  return false;
}

/** Darknet's class gate: some class logit above `logit(0.25)`. */
function gateOpen(pred: Float32Array, o: number, c: number): boolean {
  for (let j = 0; j < c; j++) if (pred[o + 5 + j]! > CLASS_GATE_LOGIT) return true;
  return false;
}

/**
 * The fused backward pass: `dx = g · dy[term]`, the term of each prediction as in
 * {@link fusedHeadForward} (objectness: obj on responsible rows, noobj elsewhere).
 *
 * @param forward - the forward pass's output (its gradient part is read).
 * @param dy - `[4]` upstream gradients of box, obj, noobj, cls.
 * @returns `[rows·(5+C)]`.
 */
export function fusedHeadBackward(
  forward: Float32Array,
  dy: Float32Array,
  slotIndex: Int32Array,
  numClasses: number,
): Float32Array {
  const ch = 5 + numClasses;
  const rows = slotIndex.length;
  const dx = new Float32Array(rows * ch);
  const [box, obj, noobj, cls] = [dy[TERM.box]!, dy[TERM.obj]!, dy[TERM.noobj]!, dy[TERM.cls]!];
  for (let r = 0; r < rows; r++) {
    const o = r * ch;
    const responsible = slotIndex[r]! >= 0;
    dx[o + 4] = forward[o + 4]! * (responsible ? obj : noobj);
    if (!responsible) continue;
    for (let i = 0; i < 4; i++) dx[o + i] = forward[o + i]! * box;
    for (let j = 5; j < ch; j++) dx[o + j] = forward[o + j]! * cls;
  }
  return dx;
}
