import { ciouValue, ciouWithGradient } from './ciou.js';
import {
  forwardLayout,
  LEVEL_WIDTH,
  PARAM,
  YOLOV8_ASSIGNER_EPS as ASSIGNER_EPS,
  YOLOV8_GT_WIDTH as GT_WIDTH,
  YOLOV8_IN_BOX_EPS as IN_BOX_EPS,
  type Yolov8HeadAttrs,
} from './spec.js';

const f = Math.fround;
const sigmoid32 = (z: number): number => f(1 / (1 + Math.exp(-z)));

/** The inputs of the forward kernel as plain arrays. */
export interface HeadArrays {
  /** `[R, 4·regMax + C]` raw outputs, rows as in `spec.ts`. */
  pred: Float32Array;
  /** `[N·G, 6]` ground truth. */
  gt: Float32Array;
  /** `[L, 4]`: per output `gridH, gridW, stride, first row`. */
  levels: Int32Array;
  /** See `PARAM`. */
  params: Float32Array;
}

/** One output's rows of one image: where they start and the grid. */
interface LevelRows {
  gridH: number;
  gridW: number;
  stride: number;
  /** First row of the output's block for image 0. */
  first: number;
  /** The image's first anchor index of the output (ultralytics' order). */
  anchorBase: number;
}

function levelRows(levels: Int32Array): LevelRows[] {
  const out: LevelRows[] = [];
  let anchorBase = 0;
  for (let l = 0; l < levels.length / LEVEL_WIDTH; l++) {
    const [gridH, gridW, stride, first] = levels.subarray(l * LEVEL_WIDTH, (l + 1) * LEVEL_WIDTH) as unknown as number[];
    out.push({ gridH: gridH!, gridW: gridW!, stride: stride!, first: first!, anchorBase });
    anchorBase += gridH! * gridW!;
  }
  return out;
}

/**
 * The cells `c` of one axis whose centre `(c + ½)·stride` may lie inside `(lo, hi)`: a range one
 * cell wider than the strict test on each side (the caller applies the exact float32 test).
 */
function cellRange(lo: number, hi: number, size: number, stride: number): [number, number] {
  const first = Math.max(0, Math.floor(lo / stride - 0.5));
  const last = Math.min(size - 1, Math.ceil(hi / stride - 0.5));
  return [first, last];
}

/**
 * Softmax expectation of each side over its bins, as the composed path computes it (`exp(z − max)`,
 * normalised, `Σ k·p_k`).
 */
function expectedDistances(pred: Float32Array, rows: number, ch: number, regMax: number): Float32Array {
  const dist = new Float32Array(rows * 4);
  const e = new Float32Array(regMax);
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < 4; s++) {
      const o = r * ch + s * regMax;
      let m = -Infinity;
      for (let k = 0; k < regMax; k++) m = Math.max(m, pred[o + k]!);
      let sum = 0;
      for (let k = 0; k < regMax; k++) sum += (e[k] = Math.exp(f(pred[o + k]! - m)));
      const total = f(sum);
      let expected = 0;
      for (let k = 0; k < regMax; k++) expected += k * f(e[k]! / total);
      dist[r * 4 + s] = f(expected);
    }
  }
  return dist;
}

/** Growable candidate lists of one GT: row, anchor index, IoU, alignment. */
class Candidates {
  row = new Int32Array(256);
  key = new Int32Array(256);
  overlap = new Float32Array(256);
  align = new Float32Array(256);
  count = 0;

  push(row: number, key: number, overlap: number, align: number): void {
    if (this.count === this.row.length) {
      const size = 2 * this.count;
      const grow = <T extends Int32Array | Float32Array>(a: T, b: T): T => (b.set(a), b);
      this.row = grow(this.row, new Int32Array(size));
      this.key = grow(this.key, new Int32Array(size));
      this.overlap = grow(this.overlap, new Float32Array(size));
      this.align = grow(this.align, new Float32Array(size));
    }
    const k = this.count++;
    this.row[k] = row;
    this.key[k] = key;
    this.overlap[k] = overlap;
    this.align[k] = align;
  }
}

/** The task-aligned assignment of a batch: per row its GT (−1: background) and its target score. */
interface RowAssignment {
  gt: Int32Array;
  score: Float32Array;
}

/**
 * The task-aligned assignment, image by image: each valid GT ranks the anchors whose point lies
 * strictly inside it by `align = σ(logit of its class)^α · max(CIoU, 0)^β` (pixels) and picks its
 * top-k with `align > 0` (larger first, the lower anchor index on ties); an anchor picked by several
 * GTs goes to the GT of largest IoU over all GTs (the first on ties, GT 0 where every IoU is 0,
 * which only `β = 0` allows); each foreground
 * anchor's target score is `align · maxIoU_g / (maxAlign_g + 1e-9)` over its GT's final anchors.
 */
function assign(
  pred: Float32Array,
  dist: Float32Array,
  gt: Float32Array,
  grids: readonly LevelRows[],
  params: Float32Array,
  attrs: Yolov8HeadAttrs,
): RowAssignment {
  const { numClasses: c, regMax, batchSize: n, maxBoxes: g, topK } = attrs;
  const ch = 4 * regMax + c;
  const rows = pred.length / ch;
  const alpha = params[PARAM.alpha]!;
  const beta = params[PARAM.beta]!;
  const assigned = new Int32Array(rows).fill(-1);
  const rowAlign = new Float32Array(rows);
  const rowOverlap = new Float32Array(rows);
  const pickCount = new Int32Array(rows);
  const seen = new Uint8Array(rows);
  const bestGt = new Int32Array(rows);
  const bestOverlap = new Float32Array(rows);
  const bestAlign = new Float32Array(rows);
  const score = new Float32Array(rows);
  const cand = new Candidates();
  const touched: number[] = [];
  // a GT cannot pick more anchors than an image has
  const k = Math.max(1, Math.min(topK, rows / Math.max(n, 1)));
  const best = new Int32Array(k);
  const maxAlign = new Float32Array(g);
  const maxOverlap = new Float32Array(g);

  for (let img = 0; img < n; img++) {
    touched.length = 0;
    for (let j = 0; j < g; j++) {
      const e = (img * g + j) * GT_WIDTH;
      if (gt[e + 5] === 0) continue;
      const [x1, y1, x2, y2] = [gt[e]!, gt[e + 1]!, gt[e + 2]!, gt[e + 3]!];
      const label = gt[e + 4]!;
      cand.count = 0;
      for (const lv of grids) {
        const [c0, c1] = cellRange(x1, x2, lv.gridW, lv.stride);
        const [r0, r1] = cellRange(y1, y2, lv.gridH, lv.stride);
        const s = lv.stride;
        for (let row = r0; row <= r1; row++) {
          const ay = (row + 0.5) * s;
          for (let col = c0; col <= c1; col++) {
            const ax = (col + 0.5) * s;
            const inside = Math.min(Math.min(f(ax - x1), f(ay - y1)), Math.min(f(x2 - ax), f(y2 - ay)));
            if (!(inside > IN_BOX_EPS)) continue;
            const cell = row * lv.gridW + col;
            const r = lv.first + img * lv.gridH * lv.gridW + cell;
            const d = r * 4;
            const [px, py] = [col + 0.5, row + 0.5];
            const ciou = ciouValue(
              x1,
              y1,
              x2,
              y2,
              f(f(px - dist[d]!) * s),
              f(f(py - dist[d + 1]!) * s),
              f(f(px + dist[d + 2]!) * s),
              f(f(py + dist[d + 3]!) * s),
            );
            const overlap = ciou > 0 ? ciou : 0;
            const prob = sigmoid32(pred[r * ch + 4 * regMax + label]!);
            const align = f(f(Math.pow(prob, alpha)) * f(Math.pow(overlap, beta)));
            cand.push(r, lv.anchorBase + cell, overlap, align);
            // the largest IoU over all GTs, the first GT on ties: GTs that do not hold the anchor
            // count with IoU 0, so GT 0 wins where every IoU is 0
            if (seen[r] === 0) {
              seen[r] = 1;
              touched.push(r);
              bestGt[r] = 0;
              bestOverlap[r] = 0;
              bestAlign[r] = 0;
            }
            if (j === 0 || overlap > bestOverlap[r]!) {
              bestGt[r] = j;
              bestOverlap[r] = overlap;
              bestAlign[r] = align;
            }
          }
        }
      }
      // top-k by alignment (larger first, the lower anchor index on ties: candidates arrive by
      // ascending anchor index), alignments > 0 only
      let picks = 0;
      for (let q = 0; q < cand.count; q++) {
        const align = cand.align[q]!;
        if (!(align > 0) || (picks === k && align <= cand.align[best[k - 1]!]!)) continue;
        let at = Math.min(picks, k - 1);
        while (at > 0 && cand.align[best[at - 1]!]! < align) {
          best[at] = best[at - 1]!;
          at--;
        }
        best[at] = q;
        if (picks < k) picks++;
      }
      for (let k = 0; k < picks; k++) {
        const q = best[k]!;
        const r = cand.row[q]!;
        if (pickCount[r]!++ === 0) {
          assigned[r] = j;
          rowAlign[r] = cand.align[q]!;
          rowOverlap[r] = cand.overlap[q]!;
        }
      }
    }
    maxAlign.fill(0);
    maxOverlap.fill(0);
    for (const r of touched) {
      if (pickCount[r]! > 1) {
        assigned[r] = bestGt[r]!;
        rowAlign[r] = bestAlign[r]!;
        rowOverlap[r] = bestOverlap[r]!;
      }
      const j = assigned[r]!;
      if (j < 0) continue;
      maxAlign[j] = Math.max(maxAlign[j]!, rowAlign[r]!);
      maxOverlap[j] = Math.max(maxOverlap[j]!, rowOverlap[r]!);
    }
    for (const r of touched) {
      const j = assigned[r]!;
      if (j >= 0) score[r] = f(f(rowAlign[r]! * maxOverlap[j]!) / f(maxAlign[j]! + ASSIGNER_EPS));
    }
  }
  return { gt: assigned, score };
}

/**
 * `[value, d/dz]` of the class BCE from a logit with pos weight `p` (the composed path's two forms),
 * from one `exp(−|z|)`.
 */
function classBce(z: number, t: number, p: number, out: Float64Array): void {
  const e = Math.exp(-Math.abs(z));
  const softplus = Math.log1p(e);
  // σ(z) and σ(−z) from e = exp(−|z|)
  const up = 1 / (1 + e);
  const sig = z >= 0 ? up : e * up;
  const sigNeg = z >= 0 ? e * up : up;
  if (p === 1) {
    out[0] = Math.max(z, 0) - z * t + softplus;
    out[1] = sig - t;
  } else {
    const lw = 1 + (p - 1) * t;
    out[0] = (1 - t) * z + lw * (softplus + Math.max(-z, 0));
    out[1] = 1 - t - lw * sigNeg;
  }
}

/**
 * The YOLOv8 loss of a batch: decode, the task-aligned assignment, then per row the class BCE
 * against `one-hot · score` and, on foreground rows, the CIoU (grid units) and DFL terms weighted
 * by the score, with the gradient of each term with respect to the raw outputs. No normaliser or
 * gain is applied here (the op divides by `max(Σ score, 1)` and applies the gains).
 *
 * @returns the forward output, laid out as `forwardLayout` says.
 */
export function headForward({ pred, gt, levels, params }: HeadArrays, attrs: Yolov8HeadAttrs): Float32Array {
  const { numClasses: c, regMax, batchSize: n, maxBoxes: g } = attrs;
  const ch = 4 * regMax + c;
  const rows = pred.length / ch;
  const layout = forwardLayout(rows, regMax, c);
  const out = new Float32Array(layout.size);
  const grids = levelRows(levels);
  const dist = expectedDistances(pred, rows, ch, regMax);
  const { gt: assigned, score } = assign(pred, dist, gt, grids, params, attrs);
  out.set(score, layout.score);
  const clamp = params[PARAM.dflClamp]!;
  const bce = new Float64Array(2);
  const ciou = new Float64Array(5);
  const probs = new Float64Array(regMax);
  const sideGrad = new Float64Array(4);
  const target = new Float64Array(4);
  for (const lv of grids) {
    const cells = lv.gridH * lv.gridW;
    for (let img = 0; img < n; img++) {
      for (let cell = 0; cell < cells; cell++) {
        const r = lv.first + img * cells + cell;
        const o = r * ch;
        const j = assigned[r]!;
        const s = score[r]!;
        const label = j >= 0 ? gt[(img * g + j) * GT_WIDTH + 4]! : -1;
        let cls = 0;
        for (let k = 0; k < c; k++) {
          classBce(pred[o + 4 * regMax + k]!, k === label ? s : 0, params[PARAM.classPosWeight + k]!, bce);
          cls += bce[0]!;
          out[layout.clsGrad + r * c + k] = bce[1]!;
        }
        out[layout.terms + rows + r] = cls;
        if (!(s > 0)) continue;

        // box: CIoU of the decoded box and the GT, both in grid units
        const stride = lv.stride;
        const e = (img * g + j) * GT_WIDTH;
        const tx1 = f(gt[e]! / stride);
        const ty1 = f(gt[e + 1]! / stride);
        const tx2 = f(gt[e + 2]! / stride);
        const ty2 = f(gt[e + 3]! / stride);
        const px = (cell % lv.gridW) + 0.5;
        const py = Math.floor(cell / lv.gridW) + 0.5;
        const d = r * 4;
        ciouWithGradient(f(px - dist[d]!), f(py - dist[d + 1]!), f(px + dist[d + 2]!), f(py + dist[d + 3]!), tx1, ty1, tx2, ty2, ciou);
        out[layout.terms + r] = (1 - ciou[0]!) * s;
        // d(1 − CIoU)·s / d(l, t, r, b): x1 = px − l, y1 = py − t, x2 = px + r, y2 = py + b
        sideGrad[0] = s * ciou[1]!;
        sideGrad[1] = s * ciou[2]!;
        sideGrad[2] = -s * ciou[3]!;
        sideGrad[3] = -s * ciou[4]!;
        target[0] = f(px - tx1);
        target[1] = f(py - ty1);
        target[2] = f(tx2 - px);
        target[3] = f(ty2 - py);
        let dfl = 0;
        for (let side = 0; side < 4; side++) {
          const base = o + side * regMax;
          let m = -Infinity;
          for (let k = 0; k < regMax; k++) m = Math.max(m, pred[base + k]!);
          let sum = 0;
          for (let k = 0; k < regMax; k++) sum += (probs[k] = Math.exp(pred[base + k]! - m));
          for (let k = 0; k < regMax; k++) probs[k]! /= sum;
          const logSum = Math.log(sum);
          const expected = dist[d + side]!;
          // DFL: the target distance split over its two neighbouring bins
          const t = Math.min(Math.max(target[side]!, 0), clamp);
          const left = Math.floor(t);
          const wl = f(f(left + 1) - t);
          const wr = f(1 - wl);
          dfl -= wl * (pred[base + left]! - m - logSum) + wr * (pred[base + left + 1]! - m - logSum);
          const at = r * 4 * regMax + side * regMax;
          for (let k = 0; k < regMax; k++) {
            out[layout.boxGrad + at + k] = sideGrad[side]! * probs[k]! * (k - expected);
            out[layout.dflGrad + at + k] = (s / 4) * (probs[k]! * (wl + wr) - (k === left ? wl : 0) - (k === left + 1 ? wr : 0));
          }
        }
        out[layout.terms + 2 * rows + r] = (dfl / 4) * s;
      }
    }
  }
  return out;
}

/**
 * The backward pass: `dx = boxGrad·dy[box] + dflGrad·dy[dfl]` on the DFL logits and
 * `clsGrad·dy[cls]` on the class logits, `dy` already holding the normaliser and the gains.
 *
 * @param dy - `[3]`: the upstream gradients of the box, cls and dfl sums (each × gain / S).
 * @returns `[R·(4·regMax + C)]`.
 */
export function headBackward(forward: Float32Array, dy: Float32Array, attrs: Pick<Yolov8HeadAttrs, 'numClasses' | 'regMax'>): Float32Array {
  const { numClasses: c, regMax } = attrs;
  const ch = 4 * regMax + c;
  const dist = 4 * regMax;
  const rows = forward.length / (2 * dist + c + 4);
  const layout = forwardLayout(rows, regMax, c);
  const [box, cls, dfl] = [dy[0]!, dy[1]!, dy[2]!];
  const dx = new Float32Array(rows * ch);
  for (let r = 0; r < rows; r++) {
    const o = r * ch;
    for (let k = 0; k < dist; k++) {
      dx[o + k] = forward[layout.boxGrad + r * dist + k]! * box + forward[layout.dflGrad + r * dist + k]! * dfl;
    }
    for (let k = 0; k < c; k++) dx[o + dist + k] = forward[layout.clsGrad + r * c + k]! * cls;
  }
  return dx;
}
