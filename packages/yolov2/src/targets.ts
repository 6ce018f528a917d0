import { shapeIou, type GtBox } from '@yolo-loss/geometry';
import { cellOf } from '@yolo-loss/heads';
import { anchorsInCells, gridWH, type ResolvedYolov2Config } from './config.js';
import type { GtSlot, Yolov2Stats } from './types.js';

/**
 * The prediction-independent YOLOv2 targets of a batch, dense per slot `(image, row, col,
 * anchor)`, computed on the CPU from the ground truth (docs/losses/yolov2.md). `yolov2Loss` accepts this
 * object in place of the ground truth, so a data pipeline can encode ahead of the training step.
 * Slot arrays are `[N, H, W, A]` row-major unless stated.
 */
export interface Yolov2Targets {
  readonly kind: 'yolov2-targets';
  /** The slot-conflict rule the targets were encoded with. */
  readonly slotConflict: ResolvedYolov2Config['slotConflict'];
  readonly batchSize: number;
  /** Grid width `W` (columns). */
  readonly gridW: number;
  /** Grid height `H` (rows). */
  readonly gridH: number;
  readonly numClasses: number;
  /** The anchors the targets were encoded for (grid-cell units). */
  readonly anchors: readonly (readonly [number, number])[];
  /** 1 at the responsible slots. */
  readonly responsible: Float32Array;
  /** `x̂ − col`, `ŷ − row`: the GT centre's offset in its cell. */
  readonly offsetX: Float32Array;
  readonly offsetY: Float32Array;
  /** GT size in grid cells, `ŵ·W`, `ĥ·H`. */
  readonly sizeW: Float32Array;
  readonly sizeH: Float32Array;
  /** `log(ŵ_c / p_w)`, `log(ĥ_c / p_h)` (the `tw, th` targets of `sizeLoss: 'log-space'`). */
  readonly logW: Float32Array;
  readonly logH: Float32Array;
  /** The owning GT's box `(x, y, w, h)` in image units (for `IoU*`). */
  readonly gtX: Float32Array;
  readonly gtY: Float32Array;
  readonly gtW: Float32Array;
  readonly gtH: Float32Array;
  /** `2 − ŵ·ĥ` (GT size normalised to the image). */
  readonly scale: Float32Array;
  /** `[N, H, W, A·C]`: one-hot class at the responsible slots. */
  readonly classes: Float32Array;
  /** `[N, M, 4]`: every GT of each image, also those that lost their slot, as `(x, y, w, h)` in
   * image units; unused rows are zero-sized (`M = max(1, most GTs in an image)`). */
  readonly allGt: Float32Array;
  readonly maxGt: number;
  /** The GTs that own a slot, in input order. */
  readonly assigned: readonly GtSlot[];
  /** The GTs that lost their slot. */
  readonly dropped: readonly GtSlot[];
  readonly stats: Readonly<Yolov2Stats>;
}

/** The anchor with the highest shape IoU with a `(w, h)` in grid cells (ties: lowest index). */
export function bestAnchor(wc: number, hc: number, anchors: readonly (readonly [number, number])[]): number {
  let best = 0;
  let bestIou = -1;
  anchors.forEach(([pw, ph], a) => {
    const iou = shapeIou(pw, ph, wc, hc);
    if (iou > bestIou) {
      bestIou = iou;
      best = a;
    }
  });
  return best;
}

/**
 * Encodes validated ground truth into dense YOLOv2 targets: each GT in its cell and the anchor with
 * the highest shape IoU there; two GTs on one slot follow `slotConflict`.
 */
export function encodeBoxes(images: readonly (readonly GtBox[])[], config: ResolvedYolov2Config): Yolov2Targets {
  const [W, H] = gridWH(config);
  const C = config.numClasses;
  const anchors = anchorsInCells(config);
  const A = anchors.length;
  const N = images.length;
  const slots = N * H * W * A;
  const t = {
    responsible: new Float32Array(slots),
    offsetX: new Float32Array(slots),
    offsetY: new Float32Array(slots),
    sizeW: new Float32Array(slots),
    sizeH: new Float32Array(slots),
    logW: new Float32Array(slots),
    logH: new Float32Array(slots),
    gtX: new Float32Array(slots),
    gtY: new Float32Array(slots),
    gtW: new Float32Array(slots),
    gtH: new Float32Array(slots),
    scale: new Float32Array(slots),
    classes: new Float32Array(slots * C),
  };
  const maxGt = Math.max(1, ...images.map((b) => b.length));
  const allGt = new Float32Array(N * maxGt * 4);
  const owner = new Map<number, GtSlot>();
  const dropped: GtSlot[] = [];
  let numGt = 0;
  const lastWins = config.slotConflict === 'last-wins';
  images.forEach((boxes, image) => {
    boxes.forEach((gt, box) => {
      numGt++;
      const cx = cellOf(gt.x, W);
      const cy = cellOf(gt.y, H);
      const wc = Math.fround(Math.fround(gt.w) * W);
      const hc = Math.fround(Math.fround(gt.h) * H);
      allGt.set([gt.x, gt.y, gt.w, gt.h], (image * maxGt + box) * 4);
      const anchor = bestAnchor(wc, hc, anchors);
      const place: GtSlot = { image, box, row: cy.index, col: cx.index, anchor };
      const slot = ((image * H + cy.index) * W + cx.index) * A + anchor;
      const previous = owner.get(slot);
      if (previous !== undefined) {
        if (!lastWins) {
          dropped.push(place);
          return;
        }
        dropped.push(previous);
        t.classes.fill(0, slot * C, slot * C + C);
      }
      owner.set(slot, place);
      const [pw, ph] = anchors[anchor]!;
      t.responsible[slot] = 1;
      t.offsetX[slot] = cx.offset;
      t.offsetY[slot] = cy.offset;
      t.sizeW[slot] = wc;
      t.sizeH[slot] = hc;
      t.logW[slot] = Math.log(wc / pw);
      t.logH[slot] = Math.log(hc / ph);
      t.gtX[slot] = gt.x;
      t.gtY[slot] = gt.y;
      t.gtW[slot] = gt.w;
      t.gtH[slot] = gt.h;
      t.scale[slot] = 2 - gt.w * gt.h;
      t.classes[slot * C + gt.classId] = 1;
    });
  });
  const assigned = [...owner.values()].sort((a, b) => a.image - b.image || a.box - b.box);
  return {
    kind: 'yolov2-targets',
    slotConflict: config.slotConflict,
    batchSize: N,
    gridW: W,
    gridH: H,
    numClasses: C,
    anchors,
    ...t,
    allGt,
    maxGt,
    assigned,
    dropped,
    stats: { numImages: N, numGt, numTargets: assigned.length, droppedTargets: dropped.length },
  };
}

/** Why pre-encoded targets do not fit a call's config and batch (`undefined` when they fit). */
export function yolov2TargetsMismatch(t: Yolov2Targets, config: ResolvedYolov2Config, batchSize: number): string | undefined {
  const [W, H] = gridWH(config);
  const sameAnchors = JSON.stringify(t.anchors) === JSON.stringify(anchorsInCells(config));
  if (
    t.batchSize === batchSize &&
    t.gridW === W &&
    t.gridH === H &&
    t.numClasses === config.numClasses &&
    sameAnchors &&
    t.slotConflict === config.slotConflict
  ) {
    return undefined;
  }
  return (
    `the encoded targets (batch ${t.batchSize}, grid ${t.gridW}×${t.gridH}, ${t.numClasses} classes, ` +
    `${t.anchors.length} anchors, slotConflict ${t.slotConflict}) do not match the predictions and config ` +
    `(batch ${batchSize}, grid ${W}×${H}, ${config.numClasses} classes, ${config.anchors.length} anchors, slotConflict ${config.slotConflict})`
  );
}
