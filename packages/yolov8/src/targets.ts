import * as tf from '@tensorflow/tfjs-core';
import { YoloInputError } from '@yolo-loss/backend';
import { YOLOV8_GT_WIDTH } from '@yolo-loss/backend/kernels';
import { normalizeGroundTruth, type GroundTruthInput } from '@yolo-loss/geometry';
import { anchorsInBox, type LevelGrid } from './anchors.js';
import { resolveYolov8Config, type ResolvedYolov8Config, type Yolov8Options } from './config.js';
import type { Yolov8Stats } from './types.js';

/**
 * The prediction-independent part of the YOLOv8 loss, on the CPU: the batch's ground truth padded
 * to its largest image (`G = maxBoxes` rows per image), in input pixels. Pass it to the loss in place
 * of the ground truth; it is uploaded once per call.
 */
export interface Yolov8Targets {
  readonly kind: 'yolov8-targets';
  /** Images `N`. */
  readonly batchSize: number;
  /** Rows per image `G` (the most boxes of any image; padding rows are invalid). */
  readonly maxBoxes: number;
  /** `[width, height]` the boxes were scaled to. */
  readonly inputSize: readonly [number, number];
  /** Classes the labels were checked against. */
  readonly numClasses: number;
  /** `[N·G·4]`: corners `x1, y1, x2, y2` in pixels (float32, as ultralytics computes them); zeros for padding. */
  readonly boxes: Float32Array;
  /** `[N·G]`: class of each row (0 for padding). */
  readonly labels: Int32Array;
  /** `[N·G]`: 1 for a real box (corner sum `> 0`, ultralytics' `mask_gt`), 0 for padding. */
  readonly valid: Float32Array;
  /** Valid GT boxes in the batch. */
  readonly numGt: number;
}

/** Values per ground-truth row on the device: corners `x1, y1, x2, y2` (pixels), class, validity. */
export const GT_WIDTH = YOLOV8_GT_WIDTH;

/**
 * The batch's ground truth as the loss reads it: `G = maxBoxes` rows per image of {@link GT_WIDTH}
 * values, on the CPU (from encoded targets) or already on the device (tfjs-layers' `yTrue`).
 */
export interface GtRows {
  batchSize: number;
  maxBoxes: number;
  /** `[N·G, 6]` (a flat `Float32Array` or a tensor). */
  table: Float32Array | tf.Tensor2D;
}

/** Encoded targets as {@link GtRows} (a `[N·G·6]` array). */
export function gtRows(targets: Yolov8Targets): GtRows {
  const rows = targets.batchSize * targets.maxBoxes;
  const table = new Float32Array(rows * GT_WIDTH);
  for (let r = 0; r < rows; r++) {
    table.set(targets.boxes.subarray(4 * r, 4 * r + 4), r * GT_WIDTH);
    table[r * GT_WIDTH + 4] = targets.labels[r]!;
    table[r * GT_WIDTH + 5] = targets.valid[r]!;
  }
  return { batchSize: targets.batchSize, maxBoxes: targets.maxBoxes, table };
}

/** The rows as a `[N·G, 6]` tensor: the tensor given, or the array uploaded (the caller disposes an upload). */
export function gtTensor(gt: GtRows): tf.Tensor2D {
  return gt.table instanceof tf.Tensor ? gt.table : tf.tensor2d(gt.table, [gt.batchSize * gt.maxBoxes, GT_WIDTH]);
}

/** Options of {@link encodeYolov8Targets}: config keys plus the batch size. */
export type EncodeYolov8Options = Yolov8Options & {
  /** Images in the batch; needed only for a flat `Float32Array`. */
  batchSize?: number;
};

const f = Math.fround;

/**
 * Builds {@link Yolov8Targets} from validated ground truth: centre and size times `inputSize`, then
 * corners `x ∓ w/2` (each step rounded to float32 as in ultralytics), padding to the batch's
 * largest image, validity.
 *
 * @param groundTruth - `GtBox[][]`, padded `[N, maxBoxes, 5]`, or a flat `Float32Array` of those rows.
 * @param batchSize - images `N`.
 */
export function buildTargets(
  groundTruth: GroundTruthInput,
  config: ResolvedYolov8Config,
  batchSize: number,
  argName = 'groundTruth',
): Yolov8Targets {
  const images = normalizeGroundTruth(groundTruth, { batchSize, numClasses: config.numClasses, argName });
  const maxBoxes = images.reduce((m, boxes) => Math.max(m, boxes.length), 0);
  const boxes = new Float32Array(batchSize * maxBoxes * 4);
  const labels = new Int32Array(batchSize * maxBoxes);
  const valid = new Float32Array(batchSize * maxBoxes);
  const [inW, inH] = config.inputSize;
  let numGt = 0;
  images.forEach((list, n) => {
    list.forEach((box, g) => {
      const cx = f(f(box.x) * inW);
      const cy = f(f(box.y) * inH);
      const w = f(f(box.w) * inW);
      const h = f(f(box.h) * inH);
      const x1 = f(cx - w / 2);
      const y1 = f(cy - h / 2);
      const x2 = f(cx + w / 2);
      const y2 = f(cy + h / 2);
      const row = n * maxBoxes + g;
      boxes.set([x1, y1, x2, y2], 4 * row);
      labels[row] = box.classId;
      // ultralytics' mask_gt: a row is real iff its corners sum to more than 0 (a box centred at
      // the image's top-left corner is treated as padding there, and here)
      if (f(f(f(x1 + y1) + x2) + y2) <= 0) return;
      valid[row] = 1;
      numGt++;
    });
  });
  return { kind: 'yolov8-targets', batchSize, maxBoxes, inputSize: config.inputSize, numClasses: config.numClasses, boxes, labels, valid, numGt };
}

/**
 * Encodes ground truth for the YOLOv8 loss on the CPU, ahead of the training step: boxes scaled to
 * `inputSize` pixels as corners, padded to the batch's largest image, with labels and validity —
 * the prediction-independent part (the task-aligned assignment needs the predictions and runs in
 * the loss, on the device). Pass the result as the loss's `groundTruth`.
 *
 * @param groundTruth - `GtBox[][]`, or padded `[N, maxBoxes, 5]` (`number[][][]`; a `Float32Array` needs `batchSize`).
 * @param options - config keys, and `batchSize` for a flat `Float32Array`.
 */
export function encodeYolov8Targets(groundTruth: GroundTruthInput, options?: EncodeYolov8Options): Yolov8Targets {
  const { batchSize, ...rest } = options ?? {};
  const config = resolveYolov8Config(rest);
  const n = batchSize ?? (groundTruth instanceof Float32Array ? undefined : groundTruth.length);
  if (n === undefined || !Number.isInteger(n) || n < 0) {
    throw new YoloInputError(
      `encodeYolov8Targets: options.batchSize must be a non-negative integer (required for a Float32Array), got ${String(n)}`,
    );
  }
  return buildTargets(groundTruth, config, n);
}

/**
 * The plain-number stats of a loss call, from the targets and the output grids alone (the
 * assignment itself is never read back in a step).
 */
export function targetStats(targets: Yolov8Targets, levels: readonly LevelGrid[]): Yolov8Stats {
  const stats: Yolov8Stats = { numGt: 0, numTargets: 0, droppedTargets: 0 };
  for (let row = 0; row < targets.valid.length; row++) {
    if (targets.valid[row] === 0) continue;
    const [x1, y1, x2, y2] = targets.boxes.subarray(4 * row, 4 * row + 4);
    const candidates = anchorsInBox(levels, x1!, y1!, x2!, y2!);
    stats.numGt++;
    stats.numTargets += candidates;
    if (candidates === 0) stats.droppedTargets++;
  }
  return stats;
}

/** Whether a ground-truth argument is encoded targets (of any version) rather than boxes. */
export function isEncodedTargets(gt: unknown): gt is { kind: string } {
  return (
    typeof gt === 'object' &&
    gt !== null &&
    !Array.isArray(gt) &&
    !(gt instanceof Float32Array) &&
    typeof (gt as { kind?: unknown }).kind === 'string'
  );
}

/**
 * Checks encoded targets against the loss call: the kind, the batch size, the input size and the
 * classes they were encoded for, and the array lengths.
 */
export function checkTargets(
  targets: { kind: string },
  config: ResolvedYolov8Config,
  batchSize: number,
  where: string,
): Yolov8Targets {
  if (targets.kind !== 'yolov8-targets') {
    throw new YoloInputError(`${where}: groundTruth holds ${targets.kind} (encoded by another loss), not yolov8-targets`);
  }
  const t = targets as Yolov8Targets;
  const fail = (what: string): never => {
    throw new YoloInputError(`${where}: groundTruth (yolov8-targets) ${what}`);
  };
  if (t.batchSize !== batchSize) fail(`were encoded for ${t.batchSize} images but the predictions have batch size ${batchSize}`);
  const [w, h] = config.inputSize;
  if (t.inputSize[0] !== w || t.inputSize[1] !== h) {
    fail(`were encoded for inputSize [${t.inputSize.join(', ')}], the config has [${w}, ${h}]`);
  }
  if (t.numClasses !== config.numClasses) fail(`were encoded for ${t.numClasses} classes, the config has ${config.numClasses}`);
  const rows = batchSize * t.maxBoxes;
  if (
    !Number.isInteger(t.maxBoxes) ||
    t.maxBoxes < 0 ||
    !(t.boxes instanceof Float32Array) ||
    t.boxes.length !== 4 * rows ||
    !(t.labels instanceof Int32Array) ||
    t.labels.length !== rows ||
    !(t.valid instanceof Float32Array) ||
    t.valid.length !== rows
  ) {
    fail(`are malformed: expected boxes [${batchSize}·maxBoxes·4], labels and valid [${batchSize}·maxBoxes] for maxBoxes ${String(t.maxBoxes)}`);
  }
  for (let row = 0; row < rows; row++) {
    const label = t.labels[row]!;
    if (t.valid[row] !== 0 && (!Number.isInteger(label) || label < 0 || label >= config.numClasses)) {
      fail(`row ${row} (image ${Math.floor(row / t.maxBoxes)}, box ${row % t.maxBoxes}) has class ${label}, expected an integer in [0, ${config.numClasses})`);
    }
  }
  return t;
}
