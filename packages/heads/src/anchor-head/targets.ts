import { shapeIou, type GtBox } from '@yolo-loss/geometry';
import { cellOf } from '../grid/grid.js';
import type { DroppedSlot, Slot } from '../validate/heads.js';
import type { SlotEntry } from './pack.js';
import { isIouBoxTerm, type AnchorHeadSpec } from './spec.js';

/** Placeholder box target in slots without one: finite for every box term, weight 0. */
const FILLER = [0.5, 0.5, 0.5, 0.5] as const;

/** The targets of one head, row-major `[N, H, W, A, …]` (`A` anchors of this head). */
export interface AnchorHeadTargetsOfHead {
  gridW: number;
  gridH: number;
  numAnchors: number;
  /** `[N, H, W, A]`: 1 at responsible slots. */
  objMask: Float32Array;
  /** The responsible slots by row: the sparse form of the dense arrays below (what the fused kernels read). */
  entries: readonly SlotEntry[];
  /** Box targets per slot (1, or more where GTs share a slot: `slotConflict: 'share'`). */
  layers: number;
  /** `[N, H, W, A, C]` class targets (multi-hot where GTs merge, label-smoothed). Built on first read. */
  readonly classTarget: Float32Array;
  /**
   * `boxTarget[k]`: `[N, H, W, A, 4]`, the k-th box target of each slot — t-space `t̂x, t̂y, t̂w, t̂h`
   * for the t-space box terms, the GT's image-normalised `xywh` for the IoU family. Built on first read.
   */
  readonly boxTarget: Float32Array[];
  /** `boxWeight[k]`: `[N, H, W, A]`, the weight of the k-th box term (0 where there is none). Built on first read. */
  readonly boxWeight: Float32Array[];
}

/** The prediction-independent part of an anchor-head loss, computed on the CPU from the ground truth. */
export interface AnchorHeadTargets {
  /** `'<version>-targets'`, e.g. `'yolov3-targets'`: the loss that encoded them. */
  readonly kind: string;
  /** The version's resolved configuration these targets were built for. */
  config: object;
  batchSize: number;
  heads: AnchorHeadTargetsOfHead[];
  /** Boxes per image in the padded GT list (`G`, the largest image's count). */
  maxBoxes: number;
  /** `[N, G, 4]` every valid GT (`xyxy`, image-normalised) for the ignore rule, zero-padded. */
  gtBoxes: Float32Array;
  /** `[N, G]`: 1 for a real GT, 0 for padding. */
  gtValid: Float32Array;
  numGt: number;
  /** Responsible slots, sorted. */
  responsible: Slot[];
  /** Index (in its image) of the GT owning each responsible slot's box (the first of sharing GTs). */
  responsibleGt: number[];
  /** (GT, slot) claims that lost the slot. */
  dropped: DroppedSlot[];
}

/** One claimed slot while encoding. */
interface Claim {
  slot: Slot;
  row: number;
  /** The GT holding the box target (the first GT for `'share'`). */
  owner: number;
  boxes: { target: number[]; weight: number }[];
  classes: Set<number>;
}

/**
 * Encodes validated ground truth into anchor-head targets. Each GT, in input order, claims its
 * best anchor over all heads (shape IoU of the GT and anchor sizes in input pixels; ties to the
 * lowest anchor index), then — with `extraAnchorIou` — every other anchor whose shape IoU is
 * `>` it (ascending index), each in its head's cell for the GT (`col = floor(x·W)`, clamped).
 * A slot already claimed follows `slotConflict`.
 *
 * @param boxes - per image, validated boxes (geometry's `normalizeGroundTruth`).
 * @param spec - the loss behaviour.
 * @param grids - `[W, H]` of each head, in the order of `spec.masks`.
 * @param version - the loss name (`'yolov3'`), for `kind`.
 * @param config - the version's resolved config, kept on the targets to check them later.
 */
export function encodeAnchorHeadTargets(
  boxes: readonly (readonly GtBox[])[],
  spec: AnchorHeadSpec,
  grids: readonly { gridW: number; gridH: number }[],
  version: string,
  config: object,
): AnchorHeadTargets {
  const n = boxes.length;
  const [inW, inH] = spec.inputSize;
  const where = new Map<number, [number, number]>();
  spec.masks.forEach((mask, h) => mask.forEach((i, p) => where.set(i, [h, p])));

  const maxBoxes = Math.max(0, ...boxes.map((b) => b.length));
  const gtBoxes = new Float32Array(n * maxBoxes * 4);
  const gtValid = new Float32Array(n * maxBoxes);
  const claims = grids.map(() => new Map<number, Claim>());
  const dropped: DroppedSlot[] = [];
  let numGt = 0;

  boxes.forEach((image, img) => {
    image.forEach((gt, g) => {
      numGt++;
      gtBoxes.set([gt.x - gt.w / 2, gt.y - gt.h / 2, gt.x + gt.w / 2, gt.y + gt.h / 2], (img * maxBoxes + g) * 4);
      gtValid[img * maxBoxes + g] = 1;
      const ious = spec.anchors.map(([aw, ah]) => shapeIou(aw, ah, gt.w * inW, gt.h * inH));
      let best = 0;
      ious.forEach((v, i) => {
        if (v > ious[best]!) best = i;
      });
      const extra = spec.extraAnchorIou;
      const chosen = [best, ...(extra === null ? [] : ious.flatMap((v, i) => (i !== best && v > extra ? [i] : [])))];
      for (const anchor of chosen) {
        const [h, p] = where.get(anchor)!;
        const { gridW, gridH } = grids[h]!;
        // The cell in float32, as YOLOv1/v2 and Darknet (a centre on a cell border lands alike everywhere).
        const col = cellOf(gt.x, gridW).index;
        const row = cellOf(gt.y, gridH).index;
        const index = ((img * gridH + row) * gridW + col) * spec.masks[h]!.length + p;
        const box = boxTarget(gt, spec, anchor, ious[anchor]!, col, row, gridW, gridH);
        const claim = claims[h]!.get(index);
        if (claim === undefined) {
          claims[h]!.set(index, { slot: [h, img, row, col, p], row: index, owner: g, boxes: [box], classes: new Set([gt.classId]) });
        } else if (spec.slotConflict === 'first-wins') {
          dropped.push([img, g, h, row, col, p]);
        } else if (spec.slotConflict === 'last-wins-union-classes') {
          dropped.push([img, claim.owner, h, row, col, p]);
          claim.owner = g;
          claim.boxes = [box];
          claim.classes.add(gt.classId);
        } else {
          claim.boxes.push(box);
          claim.classes.add(gt.classId);
        }
      }
    });
  });

  const heads = grids.map(({ gridW, gridH }, h) =>
    headTargets(gridW, gridH, spec.masks[h]!.length, n, spec, [...claims[h]!.values()]),
  );
  const all = claims.flatMap((m) => [...m.values()]).sort((x, y) => compareSlots(x.slot, y.slot));
  return {
    kind: `${version}-targets`,
    config,
    batchSize: n,
    heads,
    maxBoxes,
    gtBoxes,
    gtValid,
    numGt,
    responsible: all.map((c) => c.slot),
    responsibleGt: all.map((c) => c.owner),
    dropped,
  };
}

/**
 * The box target of one (GT, anchor) claim and its weight: the GT's `xywh` and `λcoord` for the
 * IoU family; for t-space terms the inverted decoding (`logit` of the clamped cell offset for
 * `'sse-logit'`, else the offset; `log(size / anchor)`) and `λcoord · gate · (2 − ŵ·ĥ)`.
 */
function boxTarget(
  gt: GtBox,
  spec: AnchorHeadSpec,
  anchor: number,
  anchorIou: number,
  col: number,
  row: number,
  gridW: number,
  gridH: number,
): { target: number[]; weight: number } {
  if (isIouBoxTerm(spec.boxTerm)) return { target: [gt.x, gt.y, gt.w, gt.h], weight: spec.lambdaCoord };
  const [aw, ah] = spec.anchors[anchor]!;
  const offX = gt.x * gridW - col;
  const offY = gt.y * gridH - row;
  const logit = spec.boxTerm === 'sse-logit';
  const target = [
    logit ? logitClamped(offX) : offX,
    logit ? logitClamped(offY) : offY,
    Math.log((gt.w * spec.inputSize[0]) / aw),
    Math.log((gt.h * spec.inputSize[1]) / ah),
  ];
  const gate = spec.coordAnchorIou === null || anchorIou > spec.coordAnchorIou ? 1 : 0;
  const weight = spec.lambdaCoord * gate * (spec.smallBoxWeight ? 2 - gt.w * gt.h : 1);
  return { target, weight };
}

/** One head's targets: the claims as sorted entries; the dense arrays built from them when first read. */
function headTargets(
  gridW: number,
  gridH: number,
  numAnchors: number,
  n: number,
  spec: AnchorHeadSpec,
  claims: readonly Claim[],
): AnchorHeadTargetsOfHead {
  const rows = n * gridH * gridW * numAnchors;
  const c = spec.numClasses;
  const entries: SlotEntry[] = [...claims]
    .sort((x, y) => x.row - y.row)
    .map((cl) => ({
      row: cl.row,
      classes: [...cl.classes],
      // sharing GTs split the weight (a no-op division by 1 otherwise)
      boxes: cl.boxes.map((b) => ({ target: b.target, weight: b.weight / cl.boxes.length })),
    }));
  const layers = Math.max(1, ...entries.map((e) => e.boxes.length));
  const objMask = new Float32Array(rows);
  for (const e of entries) objMask[e.row] = 1;
  const eps = spec.labelSmoothing;
  let classTarget: Float32Array | undefined;
  let dense: { target: Float32Array[]; weight: Float32Array[] } | undefined;
  const denseBoxes = (): { target: Float32Array[]; weight: Float32Array[] } => {
    if (dense === undefined) {
      const target = Array.from({ length: layers }, () => {
        const t = new Float32Array(rows * 4);
        for (let i = 0; i < rows; i++) t.set(FILLER, i * 4);
        return t;
      });
      const weight = Array.from({ length: layers }, () => new Float32Array(rows));
      for (const e of entries) {
        e.boxes.forEach((b, k) => {
          target[k]!.set(b.target, e.row * 4);
          weight[k]![e.row] = b.weight;
        });
      }
      dense = { target, weight };
    }
    return dense;
  };
  return {
    gridW,
    gridH,
    numAnchors,
    objMask,
    entries,
    layers,
    get classTarget() {
      if (classTarget === undefined) {
        classTarget = new Float32Array(rows * c).fill(eps / 2);
        for (const e of entries) for (const id of e.classes) classTarget[e.row * c + id] = 1 - eps / 2;
      }
      return classTarget;
    },
    get boxTarget() {
      return denseBoxes().target;
    },
    get boxWeight() {
      return denseBoxes().weight;
    },
  };
}

function logitClamped(v: number): number {
  const p = Math.min(Math.max(v, 1e-4), 1 - 1e-4);
  return Math.log(p / (1 - p));
}

function compareSlots(a: Slot, b: Slot): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
