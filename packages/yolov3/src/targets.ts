import {
  normalizeGroundTruth,
  shapeIou,
  type SlotEntry,
  type GroundTruthInput,
  type GtBox,
} from '@yolo-loss/geometry';
import { resolveYolov3Config, type ResolvedYolov3Config, type Yolov3Options } from './config.js';
import type { DroppedSlot, Slot } from './types.js';

/** Dense CPU targets of one head (row-major, NHWC order, `A` anchors of this head). */
export interface Yolov3HeadTargets {
  gridW: number;
  gridH: number;
  numAnchors: number;
  /** `[N, H, W, A]`: 1 at responsible slots. */
  objMask: Float32Array;
  /** `[N, H, W, A]`: `λcoord · 1[shapeIoU > coordAnchorIou] · (2 − ŵĥ)` at responsible slots. */
  boxWeight: Float32Array;
  /** `[N, H, W, A, 4]`: x, y targets (logit of the clamped offset for `'sse-logit'`, else the offset), `t̂w`, `t̂h`. */
  boxTarget: Float32Array;
  /** `[N, H, W, A, C]`: class targets (multi-hot where the darknet preset merges GTs). Built on first access. */
  classTarget: Float32Array;
  /** The responsible slots by row, the sparse form of the arrays above (box: t-space target and `boxWeight`). */
  entries: readonly SlotEntry[];
}

/** The prediction-independent part of the YOLOv3 loss, computed on the CPU. */
export interface Yolov3Targets {
  readonly kind: 'yolov3-targets';
  /** The configuration these targets were built for. */
  config: ResolvedYolov3Config;
  batchSize: number;
  heads: Yolov3HeadTargets[];
  /** Boxes per image in the padded GT list (`G`, at least the largest image's count). */
  maxBoxes: number;
  /** `[N, G, 4]` every valid GT (`xyxy`, image-normalised) for the ignore rule, zero-padded. */
  gtBoxes: Float32Array;
  /** `[N, G]`: 1 for a real GT, 0 for padding. */
  gtValid: Float32Array;
  numGt: number;
  responsible: Slot[];
  responsibleGt: number[];
  dropped: DroppedSlot[];
}

/** Options of {@link encodeYolov3Targets}: config keys plus the head grids. */
export type EncodeYolov3Options = Yolov3Options & {
  /**
   * `[W, H]` of each head's grid. Default: `inputSize / stride` with strides 32, 16, 8, …
   * given to the heads in order of decreasing largest anchor (Darknet's layout).
   */
  gridSizes?: readonly (readonly [number, number])[];
  /** Images in the batch; needed only for a flat `Float32Array`. */
  batchSize?: number;
};

/**
 * Encodes ground truth into dense YOLOv3 targets (LOSSES.md §3), on the CPU: the best anchor
 * over all heads by shape IoU (ties to the lowest anchor index), the GT's cell in that head,
 * slot conflicts (`paper`: the first GT keeps the slot; `darknet`: the last GT's box and
 * objectness, the union of the classes), the t-space targets and the box weights.
 *
 * @param groundTruth - `GtBox[][]`, or padded `[N, maxBoxes, 5]` (`number[][][]`; a `Float32Array` needs `batchSize`).
 * @param options - config keys, `gridSizes`, and `batchSize` for a flat `Float32Array`.
 */
export function encodeYolov3Targets(
  groundTruth: GroundTruthInput,
  options?: EncodeYolov3Options,
): Yolov3Targets {
  const { gridSizes, batchSize, ...rest } = options ?? {};
  const config = resolveYolov3Config(rest);
  const n = batchSize ?? (groundTruth instanceof Float32Array ? undefined : groundTruth.length);
  if (n === undefined || !Number.isInteger(n) || n < 0) {
    throw new Error(
      `encodeYolov3Targets: options.batchSize must be a non-negative integer (required for a Float32Array), got ${String(n)}`,
    );
  }
  const grids = gridSizes ?? defaultGrids(config);
  if (
    grids.length !== config.masks.length ||
    !grids.every((g) => g.length === 2 && g.every((d) => Number.isInteger(d) && d > 0))
  ) {
    throw new Error(
      `yolov3: gridSizes must hold one [W, H] of positive integers per mask (${config.masks.length}), got ${JSON.stringify(grids)}`,
    );
  }
  const boxes = normalizeGroundTruth(groundTruth, { batchSize: n, numClasses: config.numClasses });
  return encodeBoxes(
    boxes,
    config,
    grids.map(([w, h]) => ({ gridW: w, gridH: h })),
  );
}

/** Darknet's strides: 32 for the head with the largest anchors, then 16, 8, … */
function defaultGrids(config: ResolvedYolov3Config): [number, number][] {
  const size = (h: number): number =>
    Math.max(...config.masks[h]!.map((i) => config.anchors[i]![0] * config.anchors[i]![1]));
  const order = config.masks.map((_, h) => h).sort((a, b) => size(b) - size(a));
  const grids: [number, number][] = [];
  order.forEach((h, rank) => {
    const stride = 32 / 2 ** rank;
    grids[h] = [
      Math.max(1, Math.round(config.inputSize[0] / stride)),
      Math.max(1, Math.round(config.inputSize[1] / stride)),
    ];
  });
  return grids;
}

/** The encoding proper, from validated boxes and known grids. */
export function encodeBoxes(
  boxes: readonly (readonly GtBox[])[],
  config: ResolvedYolov3Config,
  grids: readonly { gridW: number; gridH: number }[],
): Yolov3Targets {
  const n = boxes.length;
  const c = config.numClasses;
  const [inW, inH] = config.inputSize;
  const darknet = config.preset === 'darknet';
  // per head: row → the slot's box target (the owning GT's) and classes
  const slotsOf = grids.map(() => new Map<number, { target: number[]; weight: number; classes: Set<number> }>());
  // global anchor index → [head, position in mask]
  const where = new Map<number, [number, number]>();
  config.masks.forEach((mask, h) => mask.forEach((i, p) => where.set(i, [h, p])));

  const maxBoxes = Math.max(0, ...boxes.map((b) => b.length));
  const gtBoxes = new Float32Array(n * maxBoxes * 4);
  const gtValid = new Float32Array(n * maxBoxes);
  const owner = new Map<string, { slot: Slot; gt: number }>();
  const dropped: DroppedSlot[] = [];
  let numGt = 0;

  boxes.forEach((image, img) => {
    image.forEach((gt, g) => {
      numGt++;
      const o = (img * maxBoxes + g) * 4;
      gtBoxes.set([gt.x - gt.w / 2, gt.y - gt.h / 2, gt.x + gt.w / 2, gt.y + gt.h / 2], o);
      gtValid[img * maxBoxes + g] = 1;

      const gw = gt.w * inW;
      const gh = gt.h * inH;
      let best = 0;
      let bestIou = -1;
      config.anchors.forEach(([aw, ah], i) => {
        const iou = shapeIou(aw, ah, gw, gh);
        if (iou > bestIou) {
          bestIou = iou;
          best = i;
        }
      });
      const [h, p] = where.get(best)!;
      const { gridW, gridH } = grids[h]!;
      const col = Math.min(Math.floor(gt.x * gridW), gridW - 1);
      const row = Math.min(Math.floor(gt.y * gridH), gridH - 1);
      const slot: Slot = [h, img, row, col, p];
      const key = slot.join(',');
      const idx = ((img * gridH + row) * gridW + col) * config.masks[h]!.length + p;
      const prev = owner.get(key);
      if (prev !== undefined && !darknet) {
        dropped.push([img, g, h, row, col, p]);
        return;
      }
      // darknet: the last GT's box and objectness; its class joins the earlier ones (multi-hot)
      if (prev !== undefined) dropped.push([img, prev.gt, h, row, col, p]);
      owner.set(key, { slot, gt: g });

      const [aw, ah] = config.anchors[best]!;
      const offX = gt.x * gridW - col;
      const offY = gt.y * gridH - row;
      const logit = config.xyLoss === 'sse-logit';
      const target = [
        logit ? logitClamped(offX) : offX,
        logit ? logitClamped(offY) : offY,
        Math.log(gw / aw),
        Math.log(gh / ah),
      ];
      const gate = bestIou > config.coordAnchorIou ? 1 : 0;
      const weight = config.lambdaCoord * gate * (2 - gt.w * gt.h);
      const classes = slotsOf[h]!.get(idx)?.classes ?? new Set<number>();
      classes.add(gt.classId); // darknet: union with the earlier GTs' classes
      slotsOf[h]!.set(idx, { target, weight, classes });
    });
  });

  const heads = grids.map(({ gridW, gridH }, h) =>
    headTargets(gridW, gridH, config.masks[h]!.length, n, c, slotsOf[h]!),
  );
  const entries = [...owner.values()].sort((x, y) => compareSlots(x.slot, y.slot));
  return {
    kind: 'yolov3-targets',
    config,
    batchSize: n,
    heads,
    maxBoxes,
    gtBoxes,
    gtValid,
    numGt,
    responsible: entries.map((e) => e.slot),
    responsibleGt: entries.map((e) => e.gt),
    dropped,
  };
}

/** One head's targets: the slots as entries; the dense arrays built from them when first read. */
function headTargets(
  gridW: number,
  gridH: number,
  numAnchors: number,
  n: number,
  c: number,
  slots: ReadonlyMap<number, { target: number[]; weight: number; classes: Set<number> }>,
): Yolov3HeadTargets {
  const rows = n * gridH * gridW * numAnchors;
  const entries: SlotEntry[] = [...slots]
    .sort(([a], [b]) => a - b)
    .map(([row, s]) => ({ row, classes: [...s.classes], boxes: [{ target: s.target, weight: s.weight }] }));
  const objMask = new Float32Array(rows);
  const boxWeight = new Float32Array(rows);
  const boxTarget = new Float32Array(rows * 4);
  for (const { row, boxes } of entries) {
    objMask[row] = 1;
    boxWeight[row] = boxes[0]!.weight;
    boxTarget.set(boxes[0]!.target, row * 4);
  }
  let classTarget: Float32Array | undefined;
  return {
    gridW,
    gridH,
    numAnchors,
    objMask,
    boxWeight,
    boxTarget,
    entries,
    get classTarget() {
      if (classTarget === undefined) {
        classTarget = new Float32Array(rows * c);
        for (const { row, classes } of entries) for (const id of classes) classTarget[row * c + id] = 1;
      }
      return classTarget;
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
