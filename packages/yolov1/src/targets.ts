import type { GtBox } from '@yolo-loss/geometry';
import { cellOf } from '@yolo-loss/heads';
import { gridWH, type ResolvedYolov1Config } from './config.js';
import type { GtPlacement, Yolov1Stats } from './types.js';

/**
 * The prediction-independent YOLOv1 targets of a batch, dense per cell, computed on the CPU
 * from the ground truth (docs/losses/yolov1.md). `yolov1Loss` accepts this object in place of the
 * ground truth, so a data pipeline can encode ahead of the training step.
 */
export interface Yolov1Targets {
  readonly kind: 'yolov1-targets';
  readonly batchSize: number;
  /** Grid width `W` (columns). */
  readonly gridW: number;
  /** Grid height `H` (rows). */
  readonly gridH: number;
  readonly numClasses: number;
  /** `[N, H, W]`: 1 where a GT owns the cell. */
  readonly objCell: Float32Array;
  /** `[N, H, W, 4]`: the owning GT as `(x, y, w, h)`, image units. */
  readonly gtBox: Float32Array;
  /** `[N, H, W, 4]`: `(x̂, ŷ, √ŵ, √ĥ)` with `x̂ = x·W − col`, `ŷ = y·H − row` (offsets in the cell). */
  readonly offsets: Float32Array;
  /** `[N, H, W, C]`: one-hot class of the owning GT. */
  readonly classes: Float32Array;
  /** The GTs that own a cell, in input order. */
  readonly assigned: readonly GtPlacement[];
  /** The GTs that lost their cell to an earlier GT of the same image. */
  readonly dropped: readonly GtPlacement[];
  readonly stats: Readonly<Yolov1Stats>;
}

/**
 * Encodes validated ground truth into dense YOLOv1 targets. Cell of a GT:
 * `col = floor(x·W)`, `row = floor(y·H)` (clamped); one GT per cell, the first in input order
 * wins (Darknet's `fill_truth_region` keeps the first too).
 */
export function encodeBoxes(images: readonly (readonly GtBox[])[], config: ResolvedYolov1Config): Yolov1Targets {
  const [W, H] = gridWH(config);
  const C = config.numClasses;
  const N = images.length;
  const cells = N * H * W;
  const objCell = new Float32Array(cells);
  const gtBox = new Float32Array(cells * 4);
  const offsets = new Float32Array(cells * 4);
  const classes = new Float32Array(cells * C);
  const assigned: GtPlacement[] = [];
  const dropped: GtPlacement[] = [];
  let numGt = 0;
  images.forEach((boxes, image) => {
    boxes.forEach((gt, box) => {
      numGt++;
      const cx = cellOf(gt.x, W);
      const cy = cellOf(gt.y, H);
      const place = { image, box, row: cy.index, col: cx.index };
      const cell = (image * H + cy.index) * W + cx.index;
      if (objCell[cell] === 1) {
        dropped.push(place);
        return;
      }
      assigned.push(place);
      objCell[cell] = 1;
      gtBox.set([gt.x, gt.y, gt.w, gt.h], cell * 4);
      offsets.set([cx.offset, cy.offset, Math.sqrt(gt.w), Math.sqrt(gt.h)], cell * 4);
      classes[cell * C + gt.classId] = 1;
    });
  });
  return {
    kind: 'yolov1-targets',
    batchSize: N,
    gridW: W,
    gridH: H,
    numClasses: C,
    objCell,
    gtBox,
    offsets,
    classes,
    assigned,
    dropped,
    stats: { numImages: N, numGt, numTargets: assigned.length, droppedTargets: dropped.length },
  };
}

/** Why pre-encoded targets do not fit a call's config and batch (`undefined` when they fit). */
export function yolov1TargetsMismatch(t: Yolov1Targets, config: ResolvedYolov1Config, batchSize: number): string | undefined {
  const [W, H] = gridWH(config);
  if (t.batchSize === batchSize && t.gridW === W && t.gridH === H && t.numClasses === config.numClasses) return undefined;
  return (
    `the encoded targets are for batch ${t.batchSize}, grid ${t.gridW}×${t.gridH}, ${t.numClasses} classes; ` +
    `the predictions and config need batch ${batchSize}, grid ${W}×${H}, ${config.numClasses} classes`
  );
}
