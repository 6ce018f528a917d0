import type { CocoAnnotationsJson, CocoCategory, CocoImage, CocoResult } from './coco-types.js';
import { describe } from './describe.js';
import type { Detection, GtBox } from './types.js';
import { checkGtBox, checkNumber } from './validate.js';

/** A ground-truth box for {@link toCocoAnnotations}: a {@link GtBox}, optionally with COCO's crowd flag and area. */
export type CocoBoxInput = GtBox & { iscrowd?: boolean; area?: number };

/**
 * Writes ground truth as COCO annotation JSON (the object; `JSON.stringify` it to save).
 * Class id `c` becomes `categories[c].id`; a box becomes `bbox` `[x_min, y_min, w, h]` in
 * pixels of its image (`x_min = (x − w/2)·width`, …), `area` (the box's own `area` when given,
 * else `w·h` in pixels²), `iscrowd` 0/1; annotation ids are 1, 2, … in image then box order.
 * {@link parseCocoAnnotations} reads it back (with `categories` sorted by id, class ids match).
 *
 * @param groundTruth - one list of boxes per image, normalised to that image.
 * @param images - the images, same length and order as `groundTruth` (`fileName`, pixel size, id).
 * @param categories - class id `c` ↔ `categories[c]`.
 * @returns `{ images, annotations, categories }`.
 */
export function toCocoAnnotations(
  groundTruth: readonly (readonly CocoBoxInput[])[],
  images: readonly CocoImage[],
  categories: readonly CocoCategory[],
): CocoAnnotationsJson {
  const fn = 'toCocoAnnotations';
  checkImages(images, fn);
  checkCategories(categories, fn);
  if (!Array.isArray(groundTruth) || groundTruth.length !== images.length) {
    throw new Error(
      `${fn}: groundTruth: expected one list of boxes per image (${images.length}), got ${describe(groundTruth)}`,
    );
  }
  const annotations: CocoAnnotationsJson['annotations'] = [];
  groundTruth.forEach((boxes: readonly CocoBoxInput[], n) => {
    if (!Array.isArray(boxes))
      throw new Error(
        `${fn}: groundTruth[${n}]: expected an array of boxes, got ${describe(boxes)}`,
      );
    const { id: imageId, width, height } = images[n]!;
    boxes.forEach((b: CocoBoxInput, i) => {
      const at = `${fn}: groundTruth[${n}][${i}]`;
      checkGtBox(b, at, categories.length);
      if (b.iscrowd !== undefined && typeof b.iscrowd !== 'boolean')
        throw new Error(`${at}.iscrowd: expected a boolean, got ${describe(b.iscrowd)}`);
      const bbox = pixelBox(b, width, height);
      const area = b.area === undefined ? bbox[2] * bbox[3] : checkNumber(b.area, `${at}.area`, 0);
      annotations.push({
        id: annotations.length + 1,
        image_id: imageId,
        category_id: categories[b.classId]!.id,
        bbox,
        area,
        iscrowd: b.iscrowd === true ? 1 : 0,
      });
    });
  });
  return {
    images: images.map(({ id, fileName, width, height }) => ({
      id,
      file_name: fileName,
      width,
      height,
    })),
    annotations,
    categories: categories.map(({ id, name, supercategory }) =>
      supercategory === undefined ? { id, name } : { id, name, supercategory },
    ),
  };
}

/**
 * Writes detections in COCO's results format, `[{ image_id, category_id, bbox, score }]` with
 * `bbox` `[x_min, y_min, w, h]` in pixels of the image (not clipped), for pycocotools'
 * `COCO.loadRes` / `COCOeval`.
 *
 * @param detections - one list per image, boxes normalised to that image (a decoder's output).
 * @param images - the images, same length and order as `detections` (id and pixel size).
 * @param categories - class id `c` ↔ `categories[c]` (as for {@link toCocoAnnotations}).
 * @returns the results, image by image, in input order.
 */
export function toCocoResults(
  detections: readonly (readonly Detection[])[],
  images: readonly CocoImage[],
  categories: readonly CocoCategory[],
): CocoResult[] {
  const fn = 'toCocoResults';
  checkImages(images, fn);
  checkCategories(categories, fn);
  if (!Array.isArray(detections) || detections.length !== images.length) {
    throw new Error(
      `${fn}: detections: expected one list of detections per image (${images.length}), got ${describe(detections)}`,
    );
  }
  return detections.flatMap((list: readonly Detection[], n) => {
    if (!Array.isArray(list))
      throw new Error(
        `${fn}: detections[${n}]: expected an array of detections, got ${describe(list)}`,
      );
    const { id: imageId, width, height } = images[n]!;
    return list.map((d: Detection, i): CocoResult => {
      const at = `${fn}: detections[${n}][${i}]`;
      if (typeof d !== 'object' || d === null)
        throw new Error(`${at}: expected { x, y, w, h, score, classId }, got ${describe(d)}`);
      for (const key of ['x', 'y', 'w', 'h', 'score'] as const) checkNumber(d[key], `${at}.${key}`);
      if (d.w < 0 || d.h < 0)
        throw new Error(`${at}: expected w, h >= 0, got w = ${d.w}, h = ${d.h}`);
      if (!Number.isInteger(d.classId) || d.classId < 0 || d.classId >= categories.length) {
        throw new Error(
          `${at}.classId: expected an integer in [0, ${categories.length}) (an index into categories), got ${describe(d.classId)}`,
        );
      }
      return {
        image_id: imageId,
        category_id: categories[d.classId]!.id,
        bbox: pixelBox(d, width, height),
        score: d.score,
      };
    });
  });
}

function pixelBox(
  b: { x: number; y: number; w: number; h: number },
  width: number,
  height: number,
): [number, number, number, number] {
  return [(b.x - b.w / 2) * width, (b.y - b.h / 2) * height, b.w * width, b.h * height];
}

function checkImages(images: unknown, fn: string): void {
  if (!Array.isArray(images))
    throw new Error(
      `${fn}: images: expected an array of { id, fileName, width, height }, got ${describe(images)}`,
    );
  const seen = new Set<number>();
  images.forEach((img: unknown, i) => {
    const at = `${fn}: images[${i}]`;
    if (typeof img !== 'object' || img === null)
      throw new Error(`${at}: expected { id, fileName, width, height }, got ${describe(img)}`);
    const { id, fileName, width, height } = img as CocoImage;
    if (typeof id !== 'number' || !Number.isInteger(id))
      throw new Error(`${at}.id: expected an integer, got ${describe(id)}`);
    if (seen.has(id)) throw new Error(`${at}.id: id ${id} appears twice`);
    seen.add(id);
    if (typeof fileName !== 'string')
      throw new Error(`${at}.fileName: expected a string, got ${describe(fileName)}`);
    for (const [key, v] of [
      ['width', width],
      ['height', height],
    ] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
        throw new Error(`${at}.${key}: expected a number > 0 (pixels), got ${describe(v)}`);
    }
  });
}

function checkCategories(categories: unknown, fn: string): void {
  if (!Array.isArray(categories) || categories.length === 0) {
    throw new Error(
      `${fn}: categories: expected a non-empty array of { id, name } (class id c is categories[c]), got ${describe(categories)}`,
    );
  }
  const seen = new Set<number>();
  categories.forEach((c: unknown, i) => {
    const at = `${fn}: categories[${i}]`;
    if (typeof c !== 'object' || c === null)
      throw new Error(`${at}: expected { id, name }, got ${describe(c)}`);
    const { id, name } = c as CocoCategory;
    if (typeof id !== 'number' || !Number.isInteger(id))
      throw new Error(`${at}.id: expected an integer, got ${describe(id)}`);
    if (seen.has(id)) throw new Error(`${at}.id: id ${id} appears twice`);
    seen.add(id);
    if (typeof name !== 'string')
      throw new Error(`${at}.name: expected a string, got ${describe(name)}`);
  });
}
