import { YoloInputError, type LossStats } from '@yolo-loss/backend';
import { normalizeGroundTruth, type GroundTruthInput } from '@yolo-loss/geometry';
import { anchorsInBox, levelGrids } from './anchors.js';
import type { ResolvedYolov8Config } from './config.js';

/**
 * Plain-number statistics of a YOLOv8 loss call, known from the ground truth alone (the task-aligned
 * assignment depends on the predictions and is never read back in a step).
 */
export interface Yolov8Stats extends LossStats {
  /** Valid ground-truth boxes in the batch. */
  numGt: number;
  /** `(GT, anchor)` candidate pairs: anchor points strictly inside a GT box (the anchors the assigner ranks). */
  numTargets: number;
  /** Valid GT boxes with no anchor point inside: the assigner can give them no anchor. */
  droppedTargets: number;
}

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
  /** What the loss reports as `stats`. */
  readonly stats: Yolov8Stats;
}

const f = Math.fround;

/**
 * Builds {@link Yolov8Targets} from validated ground truth: centre and size times `inputSize`, then
 * corners `x ∓ w/2` (each step rounded to float32 as in ultralytics), padding to the batch's
 * largest image, validity, and the stats.
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
  const levels = levelGrids(config);
  const [inW, inH] = config.inputSize;
  const stats: Yolov8Stats = { numGt: 0, numTargets: 0, droppedTargets: 0 };
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
      const candidates = anchorsInBox(levels, x1, y1, x2, y2);
      stats.numGt++;
      stats.numTargets += candidates;
      if (candidates === 0) stats.droppedTargets++;
    });
  });
  return { kind: 'yolov8-targets', batchSize, maxBoxes, inputSize: config.inputSize, numClasses: config.numClasses, boxes, labels, valid, stats };
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
  return t;
}
