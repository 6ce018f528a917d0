import {
  normalizeGroundTruth,
  shapeIou,
  type SlotEntry,
  type GroundTruthInput,
  type GtBox,
} from '@yolo-loss/geometry';
import { resolveYolov4Config, type ResolvedYolov4Config, type Yolov4Options } from './config.js';
import type { DroppedSlot, Slot } from './types.js';

/** Placeholder GT box (`xywh`) in slots without a target: finite, weight 0. */
const FILLER = [0.5, 0.5, 0.5, 0.5] as const;

/** Dense CPU targets of one head (row-major, `[N, H·W, A, …]`, `A` anchors of this head). */
export interface Yolov4HeadTargets {
  gridW: number;
  gridH: number;
  numAnchors: number;
  /** `[N, H·W, A]`: 1 at responsible slots. */
  objMask: Float32Array;
  /** `[N, H·W, A, C]`: smoothed class targets `t(1 − ε) + ε/2` (multi-hot where the darknet preset merges GTs). */
  classTarget: Float32Array;
  /**
   * Box targets in layers (usually one; more where the darknet preset puts several GTs on one
   * slot): `boxTarget[k]` is `[N, H·W, A, 4]` image-normalised `xywh` of the k-th GT of each slot.
   */
  boxTarget: Float32Array[];
  /** `boxWeight[k]`: `[N, H·W, A]`, `λcoord` (÷ the GTs sharing the slot, darknet) or 0. */
  boxWeight: Float32Array[];
  /** Layers of `boxTarget` / `boxWeight` (the most GTs sharing one slot, at least 1). */
  layers: number;
  /** The responsible slots by row, the sparse form of the arrays above (box: GT `xywh` and its weight). The dense arrays are built on first access. */
  entries: readonly SlotEntry[];
}

/** The prediction-independent part of the YOLOv4 loss, computed on the CPU. */
export interface Yolov4Targets {
  readonly kind: 'yolov4-targets';
  /** The configuration these targets were built for. */
  config: ResolvedYolov4Config;
  batchSize: number;
  heads: Yolov4HeadTargets[];
  /** Boxes per image in the padded GT list (`G`). */
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

/** Options of {@link encodeYolov4Targets}: config keys plus the head grids. */
export type EncodeYolov4Options = Yolov4Options & {
  /**
   * `[W, H]` of each head's grid. Default: `inputSize / stride` with strides 32, 16, 8, …
   * given to the heads in order of decreasing largest anchor (Darknet's layout).
   */
  gridSizes?: readonly (readonly [number, number])[];
  /** Images in the batch; needed only for a flat `Float32Array`. */
  batchSize?: number;
};

/**
 * Encodes ground truth into dense YOLOv4 targets (LOSSES.md §4), on the CPU. Each GT, in input
 * order, claims its best anchor over all heads (shape IoU, ties to the lowest index), then every
 * other anchor whose shape IoU is `> iouThreshold` (ascending anchor index), each in its head's
 * cell for the GT. `paper`: a slot already taken stays with the earlier GT. `darknet`: GTs share
 * the slot (union of classes, box terms averaged).
 *
 * @param groundTruth - `GtBox[][]`, or padded `[N, maxBoxes, 5]`.
 * @param options - config keys, `gridSizes`, `batchSize`.
 */
export function encodeYolov4Targets(
  groundTruth: GroundTruthInput,
  options?: EncodeYolov4Options,
): Yolov4Targets {
  const { gridSizes, batchSize, ...rest } = options ?? {};
  const config = resolveYolov4Config(rest);
  const n = batchSize ?? (groundTruth instanceof Float32Array ? undefined : groundTruth.length);
  if (n === undefined || !Number.isInteger(n) || n < 0) {
    throw new Error(
      `encodeYolov4Targets: options.batchSize must be a non-negative integer (required for a Float32Array), got ${String(n)}`,
    );
  }
  const grids = gridSizes ?? defaultGrids(config);
  if (
    grids.length !== config.masks.length ||
    !grids.every((g) => g.length === 2 && g.every((d) => Number.isInteger(d) && d > 0))
  ) {
    throw new Error(
      `yolov4: gridSizes must hold one [W, H] of positive integers per mask (${config.masks.length}), got ${JSON.stringify(grids)}`,
    );
  }
  const boxes = normalizeGroundTruth(groundTruth, { batchSize: n, numClasses: config.numClasses });
  return encodeBoxes(
    boxes,
    config,
    grids.map(([w, h]) => ({ gridW: w, gridH: h })),
  );
}

function defaultGrids(config: ResolvedYolov4Config): [number, number][] {
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

interface Claim {
  slot: Slot;
  index: number;
  gts: GtBox[];
  first: number;
}

/** The encoding proper, from validated boxes and known grids. */
export function encodeBoxes(
  boxes: readonly (readonly GtBox[])[],
  config: ResolvedYolov4Config,
  grids: readonly { gridW: number; gridH: number }[],
): Yolov4Targets {
  const n = boxes.length;
  const c = config.numClasses;
  const eps = config.labelSmoothing;
  const [inW, inH] = config.inputSize;
  const darknet = config.preset === 'darknet';
  const where = new Map<number, [number, number]>();
  config.masks.forEach((mask, h) => mask.forEach((i, p) => where.set(i, [h, p])));

  const maxBoxes = Math.max(0, ...boxes.map((b) => b.length));
  const gtBoxes = new Float32Array(n * maxBoxes * 4);
  const gtValid = new Float32Array(n * maxBoxes);
  const claims = grids.map(() => new Map<number, Claim>());
  const classSets = grids.map(() => new Map<number, Set<number>>());
  const dropped: DroppedSlot[] = [];
  let numGt = 0;

  boxes.forEach((image, img) => {
    image.forEach((gt, g) => {
      numGt++;
      gtBoxes.set(
        [gt.x - gt.w / 2, gt.y - gt.h / 2, gt.x + gt.w / 2, gt.y + gt.h / 2],
        (img * maxBoxes + g) * 4,
      );
      gtValid[img * maxBoxes + g] = 1;
      const ious = config.anchors.map(([aw, ah]) => shapeIou(aw, ah, gt.w * inW, gt.h * inH));
      let best = 0;
      ious.forEach((v, i) => {
        if (v > ious[best]!) best = i;
      });
      const chosen = [
        best,
        ...ious.flatMap((v, i) => (i !== best && v > config.iouThreshold ? [i] : [])),
      ];
      for (const anchor of chosen) {
        const [h, p] = where.get(anchor)!;
        const { gridW, gridH } = grids[h]!;
        const col = Math.min(Math.floor(gt.x * gridW), gridW - 1);
        const row = Math.min(Math.floor(gt.y * gridH), gridH - 1);
        const index = ((img * gridH + row) * gridW + col) * config.masks[h]!.length + p;
        const claim = claims[h]!.get(index);
        if (claim === undefined) {
          claims[h]!.set(index, { slot: [h, img, row, col, p], index, gts: [gt], first: g });
          classSets[h]!.set(index, new Set([gt.classId]));
        } else if (darknet) {
          claim.gts.push(gt);
          classSets[h]!.get(index)!.add(gt.classId);
        } else {
          dropped.push([img, g, h, row, col, p]);
        }
      }
    });
  });

  const heads = grids.map(({ gridW, gridH }, h): Yolov4HeadTargets => {
    const a = config.masks[h]!.length;
    const slots = n * gridH * gridW * a;
    const list = [...claims[h]!.values()].sort((x, y) => x.index - y.index);
    const entries: SlotEntry[] = list.map((cl) => ({
      row: cl.index,
      classes: [...classSets[h]!.get(cl.index)!],
      boxes: cl.gts.map((gt) => ({ target: [gt.x, gt.y, gt.w, gt.h], weight: config.lambdaCoord / cl.gts.length })),
    }));
    const layers = Math.max(1, ...entries.map((e) => e.boxes.length));
    const objMask = new Float32Array(slots);
    for (const e of entries) objMask[e.row] = 1;
    // the dense arrays (tens of MB at full size) are built when first read; the loss reads `entries`
    let classTarget: Float32Array | undefined;
    let boxes: { target: Float32Array[]; weight: Float32Array[] } | undefined;
    const denseBoxes = () => {
      if (boxes === undefined) {
        const target = Array.from({ length: layers }, () => {
          const t = new Float32Array(slots * 4);
          for (let i = 0; i < slots; i++) t.set(FILLER, i * 4);
          return t;
        });
        const weight = Array.from({ length: layers }, () => new Float32Array(slots));
        for (const e of entries) {
          e.boxes.forEach((b, k) => {
            target[k]!.set(b.target, e.row * 4);
            weight[k]![e.row] = b.weight;
          });
        }
        boxes = { target, weight };
      }
      return boxes;
    };
    return {
      gridW,
      gridH,
      numAnchors: a,
      objMask,
      entries,
      layers,
      get classTarget() {
        if (classTarget === undefined) {
          classTarget = new Float32Array(slots * c).fill(eps / 2);
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
  });

  const entries = claims
    .flatMap((m) => [...m.values()])
    .sort((x, y) => compareSlots(x.slot, y.slot));
  return {
    kind: 'yolov4-targets',
    config,
    batchSize: n,
    heads,
    maxBoxes,
    gtBoxes,
    gtValid,
    numGt,
    responsible: entries.map((e) => e.slot),
    responsibleGt: entries.map((e) => e.first),
    dropped,
  };
}

function compareSlots(a: Slot, b: Slot): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
