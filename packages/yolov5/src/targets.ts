import { YoloInputError } from '@yolo-loss/backend';
import { normalizeGroundTruth, type GroundTruthInput, type GtBox } from '@yolo-loss/geometry';
import { resolveYolov5Config, type ResolvedYolov5Config, type Yolov5Options } from './config.js';
import { defaultGrids } from './output-shapes.js';
import type { DroppedSlot, Slot } from './types.js';

/**
 * The positives of one output (level), in emission order, `P = count`. Row of a cell:
 * `r = ((n·H + row)·W + col)·A + a`, the loss's `[N·H·W·A, 5 + C]` layout.
 */
export interface Yolov5HeadTargets {
  gridW: number;
  gridH: number;
  numAnchors: number;
  /** `P`. */
  count: number;
  /** `[P]`: the row of each positive (several positives may share one). */
  rows: Int32Array;
  /** `[P, 4]`: `(gx − col, gy − row, gw, gh)`, the target box in grid units relative to the cell's corner. */
  boxTarget: Float32Array;
  /** `[P, 2]`: the matched anchor's `(w, h)` in grid units. */
  anchorWh: Float32Array;
  /** `[P]`: class of each positive. */
  classIds: Int32Array;
  /**
   * `[N·H·W·A]`: the positive whose CIoU becomes the row's objectness target (the last one
   * written to the row in emission order), −1 where the row has none.
   */
  objWriter: Int32Array;
}

/** The prediction-independent part of the YOLOv5 loss, computed on the CPU. */
export interface Yolov5Targets {
  readonly kind: 'yolov5-targets';
  /** The configuration these targets were built for. */
  config: ResolvedYolov5Config;
  batchSize: number;
  /** One entry per output (level), in the order of `masks`. */
  heads: Yolov5HeadTargets[];
  /** Valid GT boxes in the batch. */
  numGt: number;
  /** Every positive, per output in emission order: `[output, image, row, col, anchor]`. */
  responsible: Slot[];
  /** Index (in its image) of each positive's GT. */
  responsibleGt: number[];
  /** Positives whose objectness write was overwritten: `[image, gt, output, row, col, anchor]`. */
  dropped: DroppedSlot[];
  /** GTs with no positive at any output. */
  unmatchedGt: number;
}

/** Options of {@link encodeYolov5Targets}: config keys plus the output grids and the batch size. */
export type EncodeYolov5Options = Yolov5Options & {
  /** `[W, H]` of each output's grid. Default: `inputSize / (8·2^i)` for output `i`. */
  gridSizes?: readonly (readonly [number, number])[];
  /** Images in the batch; needed only for a flat `Float32Array`. */
  batchSize?: number;
};

/**
 * Encodes ground truth into YOLOv5 targets on the CPU: per output, the (target, anchor) pairs
 * whose side ratios pass `anchorThreshold`, each at its own cell and the neighbour cells its
 * centre is nearest to, in ultralytics' emission order, with the cell's last writer for the
 * objectness target. Pass the result to the loss in place of the ground truth.
 *
 * @param groundTruth - `GtBox[][]`, or padded `[N, maxBoxes, 5]` (`number[][][]`; a `Float32Array` needs `batchSize`).
 * @param options - config keys, `gridSizes`, and `batchSize` for a flat `Float32Array`.
 */
export function encodeYolov5Targets(
  groundTruth: GroundTruthInput,
  options?: EncodeYolov5Options,
): Yolov5Targets {
  const { gridSizes, batchSize, ...rest } = options ?? {};
  const config = resolveYolov5Config(rest);
  const n = batchSize ?? (groundTruth instanceof Float32Array ? undefined : groundTruth.length);
  if (n === undefined || !Number.isInteger(n) || n < 0) {
    throw new YoloInputError(
      `encodeYolov5Targets: options.batchSize must be a non-negative integer (required for a Float32Array), got ${String(n)}`,
    );
  }
  const grids = gridSizes ?? defaultGrids(config);
  const validGrid = (g: unknown): boolean =>
    Array.isArray(g) && g.length === 2 && g.every((d) => Number.isInteger(d) && (d as number) > 0);
  const list: unknown = grids; // user input: may be anything
  if (!Array.isArray(list) || list.length !== config.masks.length || !list.every(validGrid)) {
    throw new YoloInputError(
      `encodeYolov5Targets: options.gridSizes must hold one [W, H] of positive integers per mask (${config.masks.length}), got ${JSON.stringify(grids)}`,
    );
  }
  const boxes = normalizeGroundTruth(groundTruth, { batchSize: n, numClasses: config.numClasses });
  return encodeBoxes(
    boxes,
    config,
    grids.map(([w, h]) => ({ gridW: w, gridH: h })),
  );
}

const f = Math.fround;

/**
 * Cell offsets in emission order: own, left, up, right, down. A neighbour's cell is
 * `floor(g ∓ ½)` — `floor(g) ∓ 1` whenever its condition holds, except for a centre exactly on
 * a cell edge, where the right/lower "neighbour" is the own cell — so every target offset lies in
 * `[−0.5, 1.5]`.
 */
const OFFSETS = [
  [0, 0],
  [-0.5, 0],
  [0, -0.5],
  [0.5, 0],
  [0, 0.5],
] as const;

/** One GT at one output, in float32 grid units as ultralytics' float32 tensors hold it. */
interface ScaledGt {
  image: number;
  gt: number;
  classId: number;
  gx: number;
  gy: number;
  gw: number;
  gh: number;
  /** Whether offset `o` of {@link OFFSETS} is used. */
  use: readonly boolean[];
}

/**
 * Output `level`'s anchors in its grid units, `[w0, h0, w1, h1, …]` (float32): pixels / stride,
 * the stride `inputSize / grid` per axis.
 */
export function levelAnchors(config: ResolvedYolov5Config, level: number, gridW: number, gridH: number): Float32Array {
  const [inW, inH] = config.inputSize;
  return Float32Array.from(
    config.masks[level]!.flatMap((i) => [f(config.anchors[i]![0] / (inW / gridW)), f(config.anchors[i]![1] / (inH / gridH))]),
  );
}

/** The encoding proper, from validated boxes and known grids. */
export function encodeBoxes(
  boxes: readonly (readonly GtBox[])[],
  config: ResolvedYolov5Config,
  grids: readonly { gridW: number; gridH: number }[],
): Yolov5Targets {
  const n = boxes.length;
  const threshold = config.anchorThreshold;
  const responsible: Slot[] = [];
  const responsibleGt: number[] = [];
  const dropped: DroppedSlot[] = [];
  const matched = boxes.map((image) => new Uint8Array(image.length));

  const heads = grids.map(({ gridW: W, gridH: H }, h): Yolov5HeadTargets => {
    const mask = config.masks[h]!;
    const a = mask.length;
    const levelAnchor = levelAnchors(config, h, W, H);
    // anchors in grid units: pixels / stride, stride = inputSize / grid
    const anchorWh = mask.map((_, k) => [levelAnchor[2 * k]!, levelAnchor[2 * k + 1]!]);
    const gts: ScaledGt[] = [];
    boxes.forEach((image, img) =>
      image.forEach((box, g) => {
        const gx = f(f(box.x) * W);
        const gy = f(f(box.y) * H);
        const gxi = f(W - gx);
        const gyi = f(H - gy);
        gts.push({
          image: img,
          gt: g,
          classId: box.classId,
          gx,
          gy,
          gw: f(f(box.w) * W),
          gh: f(f(box.h) * H),
          use: [
            true,
            gx % 1 < 0.5 && gx > 1,
            gy % 1 < 0.5 && gy > 1,
            gxi % 1 < 0.5 && gxi > 1,
            gyi % 1 < 0.5 && gyi > 1,
          ],
        });
      }),
    );
    const kept = anchorWh.map(([aw, ah]) =>
      gts.map(
        ({ gw, gh }) => Math.max(f(gw / aw!), f(aw! / gw), f(gh / ah!), f(ah! / gh)) < threshold,
      ),
    );

    const rows: number[] = [];
    const boxTarget: number[] = [];
    const anchorOut: number[] = [];
    const classIds: number[] = [];
    const writer = new Int32Array(n * H * W * a).fill(-1);
    const slots: [number, number, number, number, number][] = [];
    OFFSETS.forEach(([ox, oy], o) => {
      for (let k = 0; k < a; k++) {
        gts.forEach((t, i) => {
          if (!kept[k]![i] || !t.use[o]) return;
          const col = Math.min(Math.max(Math.floor(f(t.gx + ox)), 0), W - 1);
          const row = Math.min(Math.max(Math.floor(f(t.gy + oy)), 0), H - 1);
          const r = ((t.image * H + row) * W + col) * a + k;
          writer[r] = rows.length; // the last write wins
          slots.push([t.image, t.gt, row, col, k]);
          rows.push(r);
          boxTarget.push(f(t.gx - col), f(t.gy - row), t.gw, t.gh);
          anchorOut.push(anchorWh[k]![0]!, anchorWh[k]![1]!);
          classIds.push(t.classId);
          matched[t.image]![t.gt] = 1;
        });
      }
    });
    slots.forEach(([img, g, row, col, k], p) => {
      responsible.push([h, img, row, col, k]);
      responsibleGt.push(g);
      if (writer[rows[p]!] !== p) dropped.push([img, g, h, row, col, k]);
    });
    return {
      gridW: W,
      gridH: H,
      numAnchors: a,
      count: rows.length,
      rows: Int32Array.from(rows),
      boxTarget: Float32Array.from(boxTarget),
      anchorWh: Float32Array.from(anchorOut),
      classIds: Int32Array.from(classIds),
      objWriter: writer,
    };
  });

  return {
    kind: 'yolov5-targets',
    config,
    batchSize: n,
    heads,
    numGt: boxes.reduce((s, image) => s + image.length, 0),
    responsible,
    responsibleGt,
    dropped,
    unmatchedGt: matched.reduce((s, m) => s + m.length - m.reduce((u, v) => u + v, 0), 0),
  };
}
