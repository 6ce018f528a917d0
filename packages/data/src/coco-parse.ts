import type { CocoBox, CocoCategory, CocoClassIds, CocoImage } from './coco-types.js';
import { describe } from './describe.js';
import { checkOptions } from './validate.js';

/** Options of {@link parseCocoAnnotations}. */
export interface ParseCocoOptions {
  /**
   * What to do with an annotation whose box is not a valid ground-truth box (width or height
   * not > 0, centre outside the image, larger than the image): `'throw'` (default) or `'skip'`
   * (listed in `skipped`).
   */
  invalidBoxes?: 'throw' | 'skip';
}

/** What {@link parseCocoAnnotations} returns. */
export interface ParsedCocoAnnotations {
  /** The images, in file order. */
  images: CocoImage[];
  /** The categories sorted by id: class id `c` is `categories[c]`. */
  categories: CocoCategory[];
  /** One list per image, in `images` order; boxes in annotation order, normalised to their image. */
  groundTruth: CocoBox[][];
  /** Category id ↔ class id. */
  classIds: CocoClassIds;
  /** Annotations left out with `invalidBoxes: 'skip'`: index in `annotations`, id, why. */
  skipped: { index: number; id: number; reason: string }[];
}

/**
 * Reads COCO annotations (`instances_*.json`): images, categories and every annotation's box
 * as ground truth. `bbox` `[x_min, y_min, w, h]` in pixels becomes the normalised centre box
 * `x = (x_min + w/2) / width`, `y = (y_min + h/2) / height`, `w / width`, `h / height`; the
 * category becomes a contiguous class id (categories sorted by id: COCO's ids 1..90 become
 * 0..79); `iscrowd` and `area` are kept. A file without `annotations` (a test split) gives
 * empty lists. Errors name the list, the index and id of the entry, and the field.
 *
 * @param json - the parsed JSON object, or its text.
 * @param options - {@link ParseCocoOptions}.
 * @returns images, categories, ground truth per image, the class-id mapping, skipped annotations.
 */
export function parseCocoAnnotations(
  json: unknown,
  options?: ParseCocoOptions,
): ParsedCocoAnnotations {
  const fn = 'parseCocoAnnotations';
  checkOptions(options, `${fn}: options`);
  const invalidBoxes = options?.invalidBoxes ?? 'throw';
  if (invalidBoxes !== 'throw' && invalidBoxes !== 'skip') {
    throw new Error(
      `${fn}: options.invalidBoxes: expected 'throw' or 'skip', got ${describe(invalidBoxes)}`,
    );
  }
  const root = toObject(json, fn);
  const imageList = list(root, 'images', fn, true);
  const categoryList = list(root, 'categories', fn, true);
  const annotationList = list(root, 'annotations', fn, false);

  const images = imageList.map((raw, i): CocoImage => {
    const e = entry(raw, `${fn}: images[${i}]`);
    const at = `${fn}: images[${i}]${idNote(e)}`;
    return {
      id: integerField(e, 'id', at),
      fileName: stringField(e, 'file_name', at),
      width: positiveField(e, 'width', at),
      height: positiveField(e, 'height', at),
    };
  });
  const imageIndex = uniqueIds(images, `${fn}: images`);

  const categories = categoryList
    .map((raw, i): CocoCategory => {
      const e = entry(raw, `${fn}: categories[${i}]`);
      const at = `${fn}: categories[${i}]${idNote(e)}`;
      const category: CocoCategory = {
        id: integerField(e, 'id', at),
        name: stringField(e, 'name', at),
      };
      if (e.supercategory !== undefined)
        category.supercategory = stringField(e, 'supercategory', at);
      return category;
    })
    .sort((a, b) => a.id - b.id);
  const fromCategoryId = uniqueIds(categories, `${fn}: categories`);

  const groundTruth: CocoBox[][] = images.map(() => []);
  const skipped: ParsedCocoAnnotations['skipped'] = [];
  annotationList.forEach((raw, i) => {
    const e = entry(raw, `${fn}: annotations[${i}]`);
    const at = `${fn}: annotations[${i}]${idNote(e)}`;
    const id = integerField(e, 'id', at);
    const imageId = integerField(e, 'image_id', at);
    const n = imageIndex.get(imageId);
    if (n === undefined)
      throw new Error(`${at}.image_id: ${imageId} is not the id of an image in images`);
    const categoryId = integerField(e, 'category_id', at);
    const classId = fromCategoryId.get(categoryId);
    if (classId === undefined)
      throw new Error(`${at}.category_id: ${categoryId} is not the id of a category in categories`);
    const bbox = e.bbox;
    if (
      !Array.isArray(bbox) ||
      bbox.length !== 4 ||
      !bbox.every((v) => typeof v === 'number' && Number.isFinite(v))
    ) {
      throw new Error(
        `${at}.bbox: expected [x_min, y_min, width, height], 4 finite numbers (pixels), got ${JSON.stringify(bbox)}`,
      );
    }
    const [x0, y0, bw, bh] = bbox as [number, number, number, number];
    const { width, height } = images[n]!;
    const box = {
      x: (x0 + bw / 2) / width,
      y: (y0 + bh / 2) / height,
      w: bw / width,
      h: bh / height,
    };
    const reason = invalidReason(box, bw, bh, width, height);
    if (reason !== null) {
      if (invalidBoxes === 'skip') {
        skipped.push({ index: i, id, reason });
        return;
      }
      throw new Error(
        `${at}.bbox: ${reason} (bbox ${JSON.stringify(bbox)}, image ${imageId} is ${width}×${height}; invalidBoxes: 'skip' leaves it out)`,
      );
    }
    const crowd = e.iscrowd ?? 0;
    if (crowd !== 0 && crowd !== 1 && crowd !== true && crowd !== false) {
      throw new Error(`${at}.iscrowd: expected 0 or 1, got ${describe(crowd)}`);
    }
    const area = e.area === undefined ? bw * bh : nonNegativeField(e, 'area', at);
    groundTruth[n]!.push({ ...box, classId, iscrowd: crowd === 1 || crowd === true, area });
  });
  return {
    images,
    categories,
    groundTruth,
    classIds: { toCategoryId: categories.map((c) => c.id), fromCategoryId },
    skipped,
  };
}

function invalidReason(
  box: { x: number; y: number; w: number; h: number },
  bw: number,
  bh: number,
  width: number,
  height: number,
): string | null {
  if (bw <= 0 || bh <= 0) return `expected width and height > 0 pixels, got ${bw} × ${bh}`;
  if (box.w > 1 || box.h > 1) return `the box is larger than its image`;
  if (box.x < 0 || box.x > 1 || box.y < 0 || box.y > 1)
    return `the box centre (${box.x * width}, ${box.y * height}) px lies outside its image`;
  return null;
}

type Entry = Record<string, unknown>;

function toObject(json: unknown, fn: string): Entry {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new Error(`${fn}: json: not valid JSON: ${(error as Error).message}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(
      `${fn}: json: expected a COCO object { images, annotations, categories }, got ${describe(value)}`,
    );
  }
  return value as Entry;
}

function list(root: Entry, key: string, fn: string, required: boolean): unknown[] {
  const value = root[key];
  if (value === undefined && !required) return [];
  if (!Array.isArray(value))
    throw new Error(`${fn}: json.${key}: expected an array, got ${describe(value)}`);
  return value;
}

function entry(raw: unknown, at: string): Entry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error(`${at}: expected an object, got ${describe(raw)}`);
  return raw as Entry;
}

function idNote(e: Entry): string {
  return typeof e.id === 'number' ? ` (id ${e.id})` : '';
}

function integerField(e: Entry, key: string, at: string): number {
  const v = e[key];
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new Error(`${at}.${key}: expected an integer, got ${describe(v)}`);
  return v;
}

function stringField(e: Entry, key: string, at: string): string {
  const v = e[key];
  if (typeof v !== 'string') throw new Error(`${at}.${key}: expected a string, got ${describe(v)}`);
  return v;
}

function positiveField(e: Entry, key: string, at: string): number {
  const v = e[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new Error(`${at}.${key}: expected a number > 0 (pixels), got ${describe(v)}`);
  return v;
}

function nonNegativeField(e: Entry, key: string, at: string): number {
  const v = e[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new Error(`${at}.${key}: expected a number >= 0 (pixels²), got ${describe(v)}`);
  return v;
}

function uniqueIds(entries: readonly { id: number }[], name: string): Map<number, number> {
  const index = new Map<number, number>();
  entries.forEach(({ id }, i) => {
    if (index.has(id)) throw new Error(`${name}: id ${id} appears twice`);
    index.set(id, i);
  });
  return index;
}
