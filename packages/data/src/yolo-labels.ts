import { describe } from './describe.js';
import type { GtBox } from './types.js';
import { checkGtBox, checkInteger, checkOptions } from './validate.js';

/** Options of {@link parseYoloLabels}. */
export interface ParseYoloLabelsOptions {
  /** Name of the file in error messages (default `'labels'`). */
  file?: string;
  /** When given, class ids must be `< numClasses`. */
  numClasses?: number;
}

const FIELDS = ['class', 'cx', 'cy', 'w', 'h'] as const;
// A decimal number as Darknet's fscanf("%f") and Python's float() read it (no hex, no "Infinity").
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a YOLO label file: one box per line, `class cx cy w h`, separated by spaces or tabs;
 * `class` a non-negative integer, `cx cy` the centre and `w h` the size normalised to the image
 * (centre in [0, 1], size in (0, 1]). Blank lines, `\r\n` line ends and surrounding whitespace
 * are fine. Anything else throws an error naming the file, the line (1-based), the field and
 * what was expected (a line with more than 5 fields, e.g. a segmentation polygon, included).
 *
 * @param text - the file's contents.
 * @param options - {@link ParseYoloLabelsOptions}.
 * @returns the boxes, in file order.
 */
export function parseYoloLabels(text: string, options?: ParseYoloLabelsOptions): GtBox[] {
  const fn = 'parseYoloLabels';
  checkOptions(options, `${fn}: options`);
  const file = options?.file ?? 'labels';
  if (typeof file !== 'string')
    throw new Error(`${fn}: options.file: expected a string, got ${describe(file)}`);
  const numClasses =
    options?.numClasses === undefined
      ? undefined
      : checkInteger(options.numClasses, `${fn}: options.numClasses`, 1);
  if (typeof text !== 'string')
    throw new Error(
      `${fn}: text: expected the contents of ${file} as a string, got ${describe(text)}`,
    );
  const boxes: GtBox[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `${fn}: ${file} line ${i + 1}`;
    const fields = line.split(/\s+/);
    if (fields.length !== 5) {
      const hint =
        fields.length > 5
          ? ' (only boxes are read: a segmentation polygon or extra column is not)'
          : '';
      throw new Error(`${where}: expected 5 fields "class cx cy w h", got ${fields.length}${hint}`);
    }
    const values = fields.map((f, j) => {
      const at = `${where}, field ${j + 1} (${FIELDS[j]})`;
      if (j === 0) {
        if (!/^\d+$/.test(f))
          throw new Error(`${at}: expected a non-negative integer class id, got "${f}"`);
        const id = Number(f);
        if (numClasses !== undefined && id >= numClasses)
          throw new Error(`${at}: expected a class id in [0, ${numClasses}), got ${id}`);
        return id;
      }
      const v = NUMBER.test(f) ? Number(f) : NaN;
      const sizeField = j >= 3;
      if (!Number.isFinite(v) || (sizeField ? v <= 0 || v > 1 : v < 0 || v > 1)) {
        throw new Error(
          `${at}: expected a number in ${sizeField ? '(0, 1]' : '[0, 1]'} (normalised to the image), got "${f}"`,
        );
      }
      return v;
    });
    const [classId, x, y, w, h] = values as [number, number, number, number, number];
    boxes.push({ x, y, w, h, classId });
  });
  return boxes;
}

/**
 * Writes boxes as a YOLO label file: one line `class cx cy w h` per box, each number in its
 * shortest exact decimal form (so {@link parseYoloLabels} reads back the same numbers), and a
 * final newline (no text at all for no boxes).
 *
 * @param boxes - boxes normalised to their image (checked like ground truth).
 * @returns the file's text.
 */
export function formatYoloLabels(boxes: readonly GtBox[]): string {
  if (!Array.isArray(boxes))
    throw new Error(
      `formatYoloLabels: boxes: expected an array of { x, y, w, h, classId }, got ${describe(boxes)}`,
    );
  return boxes
    .map((b: GtBox, i) => {
      const { x, y, w, h, classId } = checkGtBox(b, `formatYoloLabels: boxes[${i}]`);
      return `${classId} ${x} ${y} ${w} ${h}\n`;
    })
    .join('');
}
