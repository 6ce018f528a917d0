import { MAX_BOX_SIZE, MAX_SIZE_EXPONENT } from './limits.js';
import { CULL_MAX_EXTENT, CULL_MIN_EXTENT, CULL_SLACK, binOf, cullSpread, cullThreshold } from './gt-index.js';
import { CLASS_GATE_LOGIT, type FusedHeadSpec } from './spec.js';

const f = Math.fround;
/** tfjs-cpu's sigmoid: the decoded box must round as the composed path's does. */
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** Below this area (image²) for both boxes, a (GT, anchor) pair tests every cell: far from float32 underflow above it. */
const CULL_MIN_AREA = CULL_MIN_EXTENT * CULL_MIN_EXTENT;

/**
 * The ignore rule of the CPU kernel for the non-responsible rows: the row's box (the prior, or
 * the decoded prediction, in float32 steps as the composed path computes them) against the GTs
 * of its image, IoU in float32 (0 where the union is 0), `> ignoreThreshold`, then Darknet's class
 * gate. Only pairs that can pass are tested (`gt-index.ts`), each exactly as the composed path:
 *
 * - prior basis: the prior boxes do not depend on the predictions, so the rule runs from the GT
 *   side once per call — for each GT and anchor, the cells whose prior can reach the threshold
 *   (size ratio and centre distance bounds) — into a per-row mask;
 * - prediction basis: per row, the GTs whose centre lies in the row box's window of lattice cells.
 *
 * With `cull` off every GT of the image is tested (the reference of the culling's tests).
 */
export class IgnoreRule {
  private readonly threshold: number;
  private readonly spread: number;
  private readonly binsPerImage: number;
  private readonly classGate: boolean;
  private readonly numClasses: number;
  private readonly gridW: number;
  private readonly gridH: number;
  private readonly scaleXY: number;
  private readonly scale32: number;
  private readonly shift32: number;
  private readonly anchors32: Float32Array;
  /** Prior basis: `[rows]`, 1 where the row's prior passes the IoU test. */
  private readonly priorMask: Uint8Array | null;
  /** Prediction basis: the current row's box `xyxy` and its window `x0, x1, y0, y1`. */
  private readonly box = new Float32Array(4);
  private readonly window = new Int32Array(4);
  /** Prediction basis: per image, the largest and smallest GT width and height (`maxW, minW, maxH, minH`). */
  private readonly extents: Float64Array | null;
  /** The lowered threshold of the window (`cullThreshold`). */
  private readonly cullT: number;

  constructor(
    spec: FusedHeadSpec,
    private readonly boxes: Float32Array,
    private readonly bins: Int32Array,
    private readonly grid: number,
    cull: boolean,
    images: number,
  ) {
    this.threshold = f(spec.ignoreThreshold);
    this.spread = cull ? cullSpread(spec.ignoreThreshold) : Infinity;
    this.binsPerImage = grid * grid + 1;
    this.classGate = spec.classGate;
    this.numClasses = spec.numClasses;
    this.gridW = spec.gridW;
    this.gridH = spec.gridH;
    this.scaleXY = spec.scaleXY;
    this.scale32 = f(spec.scaleXY);
    this.shift32 = f((spec.scaleXY - 1) / 2);
    this.anchors32 = Float32Array.from(spec.anchors);
    this.cullT = cullThreshold(spec.ignoreThreshold);
    this.priorMask = spec.ignore === 'prior' ? this.priorRule(spec, images, cull) : null;
    this.extents = spec.ignore === 'prediction' ? this.gtExtents(images) : null;
  }

  /** Per image, `maxW, minW, maxH, minH` of its GTs (`−∞, +∞, …` for an image without any). */
  private gtExtents(images: number): Float64Array {
    const out = new Float64Array(images * 4);
    for (let n = 0; n < images; n++) {
      let [maxW, minW, maxH, minH] = [-Infinity, Infinity, -Infinity, Infinity];
      const end = this.bins[n * this.binsPerImage + this.binsPerImage - 1]!;
      for (let g = this.bins[n * this.binsPerImage]!; g < end; g++) {
        const w = this.boxes[g * 4 + 2]! - this.boxes[g * 4]!;
        const h = this.boxes[g * 4 + 3]! - this.boxes[g * 4 + 1]!;
        maxW = Math.max(maxW, w);
        minW = Math.min(minW, w);
        maxH = Math.max(maxH, h);
        minH = Math.min(minH, h);
      }
      out.set([maxW, minW, maxH, minH], n * 4);
    }
    return out;
  }

  /** Whether the non-responsible row `r` (at `o`; image `image`, cell `col, row`, anchor `anchor`) is ignored. */
  ignores(pred: Float32Array, o: number, r: number, image: number, col: number, row: number, anchor: number): boolean {
    let overlaps: boolean;
    if (this.priorMask !== null) {
      overlaps = this.priorMask[r] === 1;
    } else {
      const box = this.box;
      const x = f(f(this.offset(pred[o]!) + col) / this.gridW);
      const y = f(f(this.offset(pred[o + 1]!) + row) / this.gridH);
      const w = Math.min(f(f(Math.exp(Math.min(pred[o + 2]!, MAX_SIZE_EXPONENT))) * this.anchors32[2 * anchor]!), MAX_BOX_SIZE);
      const h = Math.min(f(f(Math.exp(Math.min(pred[o + 3]!, MAX_SIZE_EXPONENT))) * this.anchors32[2 * anchor + 1]!), MAX_BOX_SIZE);
      corners(box, 0, x, y, w, h);
      const window = this.windowOf(box, image);
      overlaps = window !== Window.None && this.overlapsWindow(box, image, window === Window.Culled);
    }
    return overlaps && (!this.classGate || gateOpen(pred, o, this.numClasses));
  }

  /** The decoded centre offset in cells: `σ(t)`, or `s·σ(t) − (s − 1)/2` (float32 steps). */
  private offset(t: number): number {
    const sg = f(sigmoid(t));
    return this.scaleXY === 1 ? sg : f(f(sg * this.scale32) - this.shift32);
  }

  /**
   * Sets the window: the lattice cells a box's GTs above the threshold can have their centre in
   * (all where nothing can be culled). `None` where no GT of the image can pass: every GT is
   * narrower than `t·wa` or wider than `wa/t` (`t·max(wa, wb) < min(wa, wb)`), or the same in height.
   */
  private windowOf(box: Float32Array, image: number): Window {
    const grid = this.grid;
    const into = this.window;
    const wa = box[2]! - box[0]!;
    const ha = box[3]! - box[1]!;
    if (
      this.spread !== Infinity &&
      wa >= CULL_MIN_EXTENT &&
      ha >= CULL_MIN_EXTENT &&
      wa <= CULL_MAX_EXTENT &&
      ha <= CULL_MAX_EXTENT
    ) {
      const t = this.cullT;
      const e = this.extents!;
      if (
        t * wa >= e[image * 4]! + CULL_SLACK ||
        wa + CULL_SLACK <= t * e[image * 4 + 1]! ||
        t * ha >= e[image * 4 + 2]! + CULL_SLACK ||
        ha + CULL_SLACK <= t * e[image * 4 + 3]!
      ) {
        return Window.None;
      }
      const rx = wa * this.spread + CULL_SLACK;
      const ry = ha * this.spread + CULL_SLACK;
      const cx = (box[0]! + box[2]!) * 0.5;
      const cy = (box[1]! + box[3]!) * 0.5;
      into[0] = binOf(cx - rx, grid);
      into[1] = binOf(cx + rx, grid);
      into[2] = binOf(cy - ry, grid);
      into[3] = binOf(cy + ry, grid);
      return Window.Culled;
    }
    into[0] = 0;
    into[1] = grid - 1;
    into[2] = 0;
    into[3] = grid - 1;
    return Window.Everything;
  }

  /**
   * Whether the box's float32 IoU with a GT of the image in the current window exceeds the
   * threshold; with `sizes`, GTs whose width or height ratio rules it out are not tested.
   */
  private overlapsWindow(box: Float32Array, image: number, sizes: boolean): boolean {
    const x0 = this.window[0]!;
    const x1 = this.window[1]!;
    const y1 = this.window[3]!;
    const bins = this.bins;
    const boxes = this.boxes;
    const base = image * this.binsPerImage;
    const wa = box[2]! - box[0]!;
    const ha = box[3]! - box[1]!;
    const t = this.cullT;
    for (let by = this.window[2]!; by <= y1; by++) {
      const first = base + by * this.grid;
      const end = bins[first + x1 + 1]!;
      for (let g = bins[first + x0]!; g < end; g++) {
        if (sizes) {
          const wb = boxes[g * 4 + 2]! - boxes[g * 4]!;
          const hb = boxes[g * 4 + 3]! - boxes[g * 4 + 1]!;
          if (t * Math.max(wa, wb) >= Math.min(wa, wb) + CULL_SLACK) continue;
          if (t * Math.max(ha, hb) >= Math.min(ha, hb) + CULL_SLACK) continue;
        }
        if (this.iouAbove(box, 0, g)) return true;
      }
    }
    return false;
  }

  /** The float32 IoU test of box `b` (in `box`) and GT slot `g`, in the composed path's steps. */
  private iouAbove(box: Float32Array, b: number, g: number): boolean {
    const ax1 = box[b]!;
    const ay1 = box[b + 1]!;
    const ax2 = box[b + 2]!;
    const ay2 = box[b + 3]!;
    const q = g * 4;
    const bx1 = this.boxes[q]!;
    const by1 = this.boxes[q + 1]!;
    const bx2 = this.boxes[q + 2]!;
    const by2 = this.boxes[q + 3]!;
    const iw = Math.max(f(Math.min(ax2, bx2) - Math.max(ax1, bx1)), 0);
    const ih = Math.max(f(Math.min(ay2, by2) - Math.max(ay1, by1)), 0);
    const inter = f(iw * ih);
    const area = f(f(ax2 - ax1) * f(ay2 - ay1));
    const union = f(f(area + f(f(bx2 - bx1) * f(by2 - by1))) - inter);
    return union !== 0 && f(inter / union) > this.threshold;
  }

  /**
   * The prior basis from the GT side: for each GT of each image and each anchor, the cells whose
   * prior can have IoU above the threshold — `t·max(wa, wb) < min(wa, wb)` per axis and centres
   * closer than `(wa + wb)/2 − t·max(wa, wb)` (`gt-index.ts`), for the lowered threshold and
   * widened by the slack — tested exactly. Returns the `[rows]` mask.
   */
  private priorRule(spec: FusedHeadSpec, images: number, cull: boolean): Uint8Array {
    const { gridW, gridH, numAnchors } = spec;
    const cells = gridH * gridW;
    const priors = priorCorners(gridW, gridH, this.anchors32);
    const mask = new Uint8Array(images * cells * numAnchors);
    const t = cullThreshold(spec.ignoreThreshold);
    const culls = cull && this.spread !== Infinity;
    for (let n = 0; n < images; n++) {
      const start = this.bins[n * this.binsPerImage]!;
      const end = this.bins[n * this.binsPerImage + this.binsPerImage - 1]!;
      const imageRows = n * cells * numAnchors;
      for (let g = start; g < end; g++) {
        const q = g * 4;
        const wb = this.boxes[q + 2]! - this.boxes[q]!;
        const hb = this.boxes[q + 3]! - this.boxes[q + 1]!;
        const cx = (this.boxes[q]! + this.boxes[q + 2]!) / 2;
        const cy = (this.boxes[q + 1]! + this.boxes[q + 3]!) / 2;
        for (let a = 0; a < numAnchors; a++) {
          const wa = this.anchors32[2 * a]!;
          const ha = this.anchors32[2 * a + 1]!;
          let c0 = 0;
          let c1 = gridW - 1;
          let r0 = 0;
          let r1 = gridH - 1;
          if (
            culls &&
            Math.max(wa * ha, wb * hb) >= CULL_MIN_AREA &&
            Math.max(wa, ha, wb, hb) <= CULL_MAX_EXTENT
          ) {
            const maxW = Math.max(wa, wb);
            const maxH = Math.max(ha, hb);
            if (!(t * maxW < Math.min(wa, wb) + CULL_SLACK) || !(t * maxH < Math.min(ha, hb) + CULL_SLACK)) continue;
            const rx = (wa + wb) / 2 - t * maxW + CULL_SLACK;
            const ry = (ha + hb) / 2 - t * maxH + CULL_SLACK;
            // prior centres (col + ½)/W within (cx − rx, cx + rx)
            c0 = Math.max(0, Math.ceil((cx - rx) * gridW - 0.5));
            c1 = Math.min(gridW - 1, Math.floor((cx + rx) * gridW - 0.5));
            r0 = Math.max(0, Math.ceil((cy - ry) * gridH - 0.5));
            r1 = Math.min(gridH - 1, Math.floor((cy + ry) * gridH - 0.5));
          }
          for (let row = r0; row <= r1; row++) {
            for (let col = c0; col <= c1; col++) {
              const p = (row * gridW + col) * numAnchors + a;
              if (mask[imageRows + p] === 0 && this.iouAbove(priors, p * 4, g)) mask[imageRows + p] = 1;
            }
          }
        }
      }
    }
    return mask;
  }
}

/** What the window of a row box allows: no GT, the GTs of its lattice cells, or every GT of the image. */
const Window = { None: 0, Culled: 1, Everything: 2 } as const;
type Window = (typeof Window)[keyof typeof Window];

/** `[H·W·A, 4]` prior boxes `xyxy`: the anchor centred on its cell's centre, float32 steps. */
function priorCorners(gridW: number, gridH: number, anchors32: Float32Array): Float32Array {
  const numAnchors = anchors32.length / 2;
  const out = new Float32Array(gridH * gridW * numAnchors * 4);
  for (let row = 0, p = 0; row < gridH; row++) {
    const y = f(f(row + 0.5) / gridH);
    for (let col = 0; col < gridW; col++) {
      const x = f(f(col + 0.5) / gridW);
      for (let a = 0; a < numAnchors; a++, p++) corners(out, p * 4, x, y, anchors32[2 * a]!, anchors32[2 * a + 1]!);
    }
  }
  return out;
}

/** `xywh` → float32 corners `x1, y1, x2, y2` at `into[at …]`, as the composed path rounds them. */
function corners(into: Float32Array, at: number, x: number, y: number, w: number, h: number): void {
  const hw = f(w * 0.5);
  const hh = f(h * 0.5);
  into[at] = x - hw;
  into[at + 1] = y - hh;
  into[at + 2] = x + hw;
  into[at + 3] = y + hh;
}

/** Darknet's class gate: some class logit above `logit(0.25)`. */
function gateOpen(pred: Float32Array, o: number, c: number): boolean {
  for (let j = 0; j < c; j++) if (pred[o + 5 + j]! > CLASS_GATE_LOGIT) return true;
  return false;
}
