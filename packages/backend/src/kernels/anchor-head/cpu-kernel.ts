import { IgnoreRule } from './cpu-ignore.js';
import { iouBoxTerm, type DecodeGeometry } from './dual-box.js';
import { forwardLayout } from './layout.js';
import { TERM, tableWidth, type FusedHeadSpec } from './spec.js';

const f = Math.fround;
/** tfjs-cpu's sigmoid: `1 / (1 + e^{−x})` (the ignore rule's decoded box must round as the composed path's does). */
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** The inputs of the fused head kernels as plain arrays. */
export interface FusedHeadArrays {
  /** `[rows, 5+C]` raw predictions. */
  pred: Float32Array;
  slotIndex: Int32Array;
  table: Float32Array;
  /** `GroundTruthIndex.boxes`: each image's valid GTs `xyxy`, ordered by lattice cell. */
  gtBoxes: Float32Array;
  /** `GroundTruthIndex.bins`: where each image's lattice cells start in `gtBoxes`. */
  gtBins: Int32Array;
}

/** Layout constants of a forward call besides the head's spec. */
export interface FusedForwardOptions {
  /** Box groups per table entry. */
  layers: number;
  /** `GroundTruthIndex.grid`. */
  gtGrid: number;
  /** Test only the GTs in the row's window (default); `false` tests every GT (the reference the culling is tested against). */
  cull?: boolean;
}

/**
 * The fused forward pass on the CPU: for every row, the objectness / no-object term (ignore rule
 * included), and for responsible rows the box and class terms, with their gradients.
 *
 * @returns the {@link forwardLayout} with one partial sum per term: `[rows]` gradient of each
 *   row's objectness logit (w.r.t. obj on responsible rows, noobj elsewhere; 0 where ignored),
 *   `[K, 5+C]` gradients of the responsible rows' box channels (w.r.t. box) and classes (w.r.t.
 *   cls) by table entry, then the four term sums (box, obj, noobj, cls) in float64: box, obj
 *   and cls over the float32 row terms in row order (as tfjs' `Sum` of per-row terms), noobj
 *   as `λobj · Σ softplus(z)` ({@link SoftplusSum}).
 */
export function fusedHeadForward(
  { pred, slotIndex, table, gtBoxes, gtBins }: FusedHeadArrays,
  spec: FusedHeadSpec,
  { layers, gtGrid, cull = true }: FusedForwardOptions,
): Float32Array {
  const gridH = spec.gridH;
  const gridW = spec.gridW;
  const numAnchors = spec.numAnchors;
  const ch = 5 + spec.numClasses;
  const rows = slotIndex.length;
  const layout = forwardLayout(rows, table.length / tableWidth(layers, spec.numClasses), spec.numClasses, 1);
  const out = new Float32Array(layout.size);
  const lambdaObj = spec.lambdaObj;
  const images = rows / (gridH * gridW * numAnchors);
  const ignore = spec.ignore === 'none' ? null : new IgnoreRule(spec, gtBoxes, gtBins, gtGrid, cull, images);
  const responsible = new ResponsibleRows(spec, pred, table, layers, out, layout.entries);
  const objGrad = layout.objGrad;
  const noobj = new SoftplusSum();
  let r = 0;
  for (let n = 0; n < images; n++) {
    for (let row = 0; row < gridH; row++) {
      for (let col = 0; col < gridW; col++) {
        for (let anchor = 0; anchor < numAnchors; anchor++, r++) {
          const o = r * ch;
          const k = slotIndex[r]!;
          if (k >= 0) {
            out[objGrad + r] = responsible.add(o, k, col, row, anchor);
            continue;
          }
          if (ignore !== null && ignore.ignores(pred, o, r, n, col, row, anchor)) continue;
          const z = pred[o + 4]!;
          const ez = Math.exp(-Math.abs(z));
          noobj.add(z, ez);
          out[objGrad + r] = (lambdaObj * (z >= 0 ? 1 : ez)) / (1 + ez);
        }
      }
    }
  }
  out[layout.terms + TERM.box] = responsible.box;
  out[layout.terms + TERM.obj] = responsible.obj;
  out[layout.terms + TERM.noobj] = lambdaObj * noobj.value();
  out[layout.terms + TERM.cls] = responsible.cls;
  return out;
}

/** `σ(x)` from `e = e^{−|x|}` (one `exp` serves the BCE and its gradient). */
function sigmoidOf(x: number, e: number): number {
  return (x >= 0 ? 1 : e) / (1 + e);
}

/**
 * `Σ softplus(z) = Σ max(z, 0) + log Π (1 + e^{−|z|})`: one `log` per 64 terms instead of a
 * `log1p` each (`log1p` after `exp` is the longest dependency chain of the loops); float64, so
 * within a few 1e-15 (relative) of summing `log1p`s.
 */
class SoftplusSum {
  private linear = 0;
  private logs = 0;
  private product = 1;
  private count = 0;

  /** Adds `softplus(z)`, given `e = e^{−|z|}`. */
  add(z: number, e: number): void {
    this.linear += Math.max(z, 0);
    this.product *= 1 + e;
    if (++this.count === 64) {
      this.logs += Math.log(this.product);
      this.product = 1;
      this.count = 0;
    }
  }

  value(): number {
    return this.linear + this.logs + Math.log(this.product);
  }

  /** Starts a new sum. */
  reset(): this {
    this.linear = 0;
    this.logs = 0;
    this.product = 1;
    this.count = 0;
    return this;
  }
}

/** `max(z, 0) − z·t + log(1 + e^{−|z|})`, backend's `bceWithLogits`. */
function bce(z: number, t: number): number {
  return Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * The terms of the responsible rows (a few per image): objectness, classes and the box term
 * with their gradients (written into the entry's slot of the forward output), and the sums of
 * the three terms over the rows added so far, in row order.
 */
class ResponsibleRows {
  box = 0;
  obj = 0;
  cls = 0;
  private readonly iouBox: boolean;
  private readonly classes = new SoftplusSum();

  constructor(
    private readonly spec: FusedHeadSpec,
    private readonly pred: Float32Array,
    private readonly table: Float32Array,
    private readonly layers: number,
    private readonly out: Float32Array,
    private readonly entries: number,
  ) {
    this.iouBox = spec.box !== 'sse-logit' && spec.box !== 'sse-sigmoid' && spec.box !== 'bce';
  }

  /** Adds row `o` (table entry `k`); returns the gradient of its objectness logit. */
  add(o: number, k: number, col: number, row: number, anchor: number): number {
    const { spec, pred, table, layers, out } = this;
    const c = spec.numClasses;
    const e = k * tableWidth(layers, c);
    const g = this.entries + k * (5 + c);
    const z = pred[o + 4]!;
    const ez = Math.exp(-Math.abs(z));
    this.obj += f(spec.lambdaObj * (Math.max(z, 0) - z + Math.log1p(ez)));
    const classes = this.classes.reset();
    let dot = 0;
    for (let j = 0; j < c; j++) {
      const p = pred[o + 5 + j]!;
      const t = table[e + 5 * layers + j]!;
      const ep = Math.exp(-Math.abs(p));
      classes.add(p, ep);
      dot += p * t;
      out[g + 5 + j] = spec.lambdaClass * (sigmoidOf(p, ep) - t);
    }
    this.cls += f(spec.lambdaClass * (classes.value() - dot));
    let box = 0;
    if (this.iouBox) {
      const geometry: DecodeGeometry = {
        col,
        row,
        gridW: spec.gridW,
        gridH: spec.gridH,
        anchorW: spec.anchors[2 * anchor]!,
        anchorH: spec.anchors[2 * anchor + 1]!,
        scaleXY: spec.scaleXY,
      };
      for (let l = 0; l < layers; l++) {
        const weight = table[e + 5 * l + 4]!;
        if (weight === 0) continue;
        box += iouBoxTerm(spec.box as 'iou', pred, o, geometry, table, e + 5 * l, weight, out, g);
      }
    } else {
      box = tspaceBoxTerm(spec, pred, o, table, e, out, g);
    }
    this.box += f(box);
    return spec.lambdaObj * (sigmoidOf(z, ez) - 1);
  }
}

/** YOLOv3's box term of a responsible row (weights from the table's first box group); gradient at `grad[g …]`. */
function tspaceBoxTerm(
  spec: FusedHeadSpec,
  pred: Float32Array,
  o: number,
  table: Float32Array,
  e: number,
  grad: Float32Array,
  g: number,
): number {
  const w = table[e + 4]!;
  let loss = 0;
  for (let i = 0; i < 4; i++) {
    const t = pred[o + i]!;
    const target = table[e + i]!;
    if (i >= 2 || spec.box === 'sse-logit') {
      const weight = i >= 2 ? w * spec.whScale : w;
      loss += weight * (t - target) ** 2;
      grad[g + i] = 2 * weight * (t - target);
    } else if (spec.box === 'sse-sigmoid') {
      const s = sigmoid(t);
      loss += w * (s - target) ** 2;
      grad[g + i] = 2 * w * (s - target) * s * (1 - s);
    } else {
      loss += w * bce(t, target);
      grad[g + i] = w * (sigmoid(t) - target);
    }
  }
  return loss;
}

/**
 * The fused backward pass: `dx = g · dy[term]` for every prediction, from the forward pass's
 * compact gradients (objectness per row; box and classes of the responsible rows); every other
 * channel of a non-responsible row has no term and gets 0.
 *
 * @param forward - the forward pass's output ({@link forwardLayout}).
 * @param dy - `[4]` upstream gradients of box, obj, noobj, cls.
 * @param entries - `K`, the table entries.
 * @returns `[rows·(5+C)]`.
 */
export function fusedHeadBackward(
  forward: Float32Array,
  dy: Float32Array,
  slotIndex: Int32Array,
  numClasses: number,
  entries: number,
): Float32Array {
  const ch = 5 + numClasses;
  const rows = slotIndex.length;
  const layout = forwardLayout(rows, entries, numClasses, 1);
  const dx = new Float32Array(rows * ch);
  const box = dy[TERM.box]!;
  const obj = dy[TERM.obj]!;
  const noobj = dy[TERM.noobj]!;
  const cls = dy[TERM.cls]!;
  for (let r = 0; r < rows; r++) {
    const o = r * ch;
    const k = slotIndex[r]!;
    if (k < 0) {
      dx[o + 4] = forward[layout.objGrad + r]! * noobj;
      continue;
    }
    dx[o + 4] = forward[layout.objGrad + r]! * obj;
    const g = layout.entries + k * ch;
    for (let i = 0; i < 4; i++) dx[o + i] = forward[g + i]! * box;
    for (let j = 5; j < ch; j++) dx[o + j] = forward[g + j]! * cls;
  }
  return dx;
}
