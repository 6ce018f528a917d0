/** One ground-truth box: centre and size normalised to the image, and its class. */
import { YoloInputError } from '@yolo-loss/backend';
export interface GtBox {
  /** Centre x in [0, 1]. */
  x: number;
  /** Centre y in [0, 1]. */
  y: number;
  /** Width in (0, 1]. */
  w: number;
  /** Height in (0, 1]. */
  h: number;
  /** Integer class index in [0, numClasses). */
  classId: number;
}

/**
 * Ground truth for a batch, in any of the accepted forms:
 * - `GtBox[][]`: one (possibly empty) list per image;
 * - `number[][][]`: padded `[N, maxBoxes, 5]` rows `x, y, w, h, classId`;
 * - `Float32Array`: the same padded rows, flat (`N · maxBoxes · 5` values).
 * In the padded forms a row with `w <= 0` or `classId < 0` is padding and skipped.
 */
export type GroundTruthInput = readonly (readonly GtBox[])[] | readonly (readonly (readonly number[])[])[] | Float32Array;

/** What {@link normalizeGroundTruth} checks against. */
export interface GroundTruthSpec {
  /** Images in the batch (from the predictions). */
  batchSize: number;
  /** Class ids must be integers in `[0, numClasses)`. */
  numClasses: number;
  /** Name of the argument in error messages (default `groundTruth`). */
  argName?: string;
}

/**
 * Validates ground truth and returns it as one `GtBox[]` per image (padding rows removed,
 * order kept). Throws on bad input, naming the field, the image and the box:
 * NaN/Infinity, `w`/`h` outside `(0, 1]`, a centre outside `[0, 1]`, a class id out of
 * range or not an integer, or a batch size that differs from the predictions'.
 */
export function normalizeGroundTruth(gt: GroundTruthInput, spec: GroundTruthSpec): GtBox[][] {
  const name = spec.argName ?? 'groundTruth';
  const rows = toRows(gt, spec.batchSize, name);
  return rows.map((image, n) =>
    image.flatMap((row, b) => {
      if (row.padded && (row.box.w <= 0 || row.box.classId < 0)) return [];
      checkBox(row.box, spec.numClasses, `${name}[${n}][${b}]`, n, b);
      return [row.box];
    }),
  );
}

interface Row {
  box: GtBox;
  padded: boolean;
}

function toRows(gt: GroundTruthInput, batchSize: number, name: string): Row[][] {
  if (gt instanceof Float32Array) {
    const perImage = batchSize === 0 ? 0 : gt.length / batchSize;
    if (batchSize === 0 ? gt.length !== 0 : !Number.isInteger(perImage) || perImage % 5 !== 0) {
      throw new YoloInputError(
        `${name}: a Float32Array must hold N·maxBoxes·5 values for N = ${batchSize} images, got ${gt.length}`,
      );
    }
    return Array.from({ length: batchSize }, (_, n) =>
      Array.from({ length: perImage / 5 }, (_, b) => {
        const o = n * perImage + b * 5;
        return paddedRow([gt[o]!, gt[o + 1]!, gt[o + 2]!, gt[o + 3]!, gt[o + 4]!]);
      }),
    );
  }
  if (!Array.isArray(gt)) {
    throw new YoloInputError(`${name}: expected GtBox[][], number[][][] or Float32Array, got ${typeof gt}`);
  }
  if (gt.length !== batchSize) {
    throw new YoloInputError(`${name}: has ${gt.length} images but the predictions have batch size ${batchSize}`);
  }
  return gt.map((image: unknown, n) => {
    if (!Array.isArray(image)) throw new YoloInputError(`${name}[${n}]: expected an array of boxes (image ${n})`);
    return image.map((entry: unknown, b): Row => {
      if (Array.isArray(entry)) {
        if (entry.length !== 5) {
          throw new YoloInputError(`${name}[${n}][${b}]: a padded row needs 5 numbers (x, y, w, h, classId), got ${entry.length} (image ${n}, box ${b})`);
        }
        return paddedRow(entry as number[]);
      }
      if (typeof entry !== 'object' || entry === null) {
        throw new YoloInputError(`${name}[${n}][${b}]: expected {x, y, w, h, classId}, got ${String(entry)} (image ${n}, box ${b})`);
      }
      const { x, y, w, h, classId } = entry as GtBox;
      return { box: { x, y, w, h, classId }, padded: false };
    });
  });
}

function paddedRow([x, y, w, h, classId]: readonly number[]): Row {
  return { box: { x: x!, y: y!, w: w!, h: h!, classId: classId! }, padded: true };
}

function checkBox(box: GtBox, numClasses: number, where: string, n: number, b: number): void {
  const at = `(image ${n}, box ${b})`;
  for (const key of ['x', 'y', 'w', 'h', 'classId'] as const) {
    const v = box[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new YoloInputError(`${where}.${key}: expected a finite number, got ${String(v)} ${at}`);
    }
  }
  for (const key of ['x', 'y'] as const) {
    if (box[key] < 0 || box[key] > 1) {
      throw new YoloInputError(`${where}.${key}: the centre must lie in [0, 1], got ${box[key]} ${at}`);
    }
  }
  for (const key of ['w', 'h'] as const) {
    if (box[key] <= 0 || box[key] > 1) {
      throw new YoloInputError(`${where}.${key}: expected 0 < ${key} <= 1 (normalised to the image), got ${box[key]} ${at}`);
    }
  }
  if (!Number.isInteger(box.classId) || box.classId < 0 || box.classId >= numClasses) {
    throw new YoloInputError(`${where}.classId: expected an integer in [0, ${numClasses}), got ${box.classId} ${at}`);
  }
}
