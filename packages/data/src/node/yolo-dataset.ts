import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { describe } from '../describe.js';
import type { GtBox } from '../types.js';
import { checkInteger, checkOptions } from '../validate.js';
import { parseYoloLabels } from '../yolo-labels.js';

/**
 * Where the label file of an image is:
 * - `'images-labels'`: `root/images/<split>/a/x.jpg` ↔ `root/labels/<split>/a/x.txt`
 *   (the ultralytics layout: the `images` folder swapped for `labels`);
 * - `'side-by-side'`: `root/<split>/a/x.jpg` ↔ `root/<split>/a/x.txt` (Darknet's `data/obj/`).
 */
export type YoloDatasetLayout = 'images-labels' | 'side-by-side';

/** Options of {@link readYoloDataset}. */
export interface ReadYoloDatasetOptions {
  /** Subfolder of the split, e.g. `'train'` (under `images/` and `labels/`, or under `root`); default none. */
  split?: string;
  /** Default `'images-labels'`. */
  layout?: YoloDatasetLayout;
  /** File extensions of images, compared case-insensitively (default `['.jpg', '.jpeg', '.png']`, what `decodeImage` reads). */
  extensions?: readonly string[];
  /** When given, class ids must be `< numClasses`. */
  numClasses?: number;
  /** Throw for an image without a label file (default false: such an image has no objects, the YOLO convention). */
  requireLabels?: boolean;
}

/** What {@link readYoloDataset} returns: parallel lists, one entry per image, sorted by path. */
export interface YoloDataset {
  /** Absolute paths of the images. */
  images: string[];
  /** Absolute path of each image's label file, or `null` when it has none. */
  labels: (string | null)[];
  /** The boxes of each image, in file order (empty when it has no label file). */
  groundTruth: GtBox[][];
  /** Label files (`.txt`) that belong to no image: a misspelt name or an unlisted extension. */
  unmatchedLabels: string[];
}

/**
 * Lists the images of a YOLO data set folder and reads their label files ({@link parseYoloLabels};
 * errors name the file and line). Folders are searched recursively; images are sorted by their
 * path (so the order is the same on every machine). Reads no pixels: pair it with `readImage`.
 *
 * @param root - the data set folder.
 * @param options - {@link ReadYoloDatasetOptions}.
 * @returns image paths, label paths and boxes per image, and label files with no image.
 */
export async function readYoloDataset(
  root: string,
  options?: ReadYoloDatasetOptions,
): Promise<YoloDataset> {
  const fn = 'readYoloDataset';
  if (typeof root !== 'string')
    throw new Error(`${fn}: root: expected a folder path, got ${describe(root)}`);
  checkOptions(options, `${fn}: options`);
  const layout = options?.layout ?? 'images-labels';
  if (layout !== 'images-labels' && layout !== 'side-by-side') {
    throw new Error(
      `${fn}: options.layout: expected 'images-labels' or 'side-by-side', got ${describe(layout)}`,
    );
  }
  const split = options?.split ?? '';
  if (typeof split !== 'string')
    throw new Error(`${fn}: options.split: expected a folder name, got ${describe(split)}`);
  const extensions = options?.extensions ?? ['.jpg', '.jpeg', '.png'];
  if (
    !Array.isArray(extensions) ||
    !extensions.every((e) => typeof e === 'string' && e.startsWith('.'))
  ) {
    throw new Error(
      `${fn}: options.extensions: expected extensions like ['.jpg', '.png'], got ${describe(extensions)}`,
    );
  }
  const wanted = new Set(extensions.map((e: string) => e.toLowerCase()));
  const numClasses =
    options?.numClasses === undefined
      ? undefined
      : checkInteger(options.numClasses, `${fn}: options.numClasses`, 1);
  const requireLabels = options?.requireLabels ?? false;

  const base = resolve(root);
  const imagesDir = layout === 'images-labels' ? join(base, 'images', split) : join(base, split);
  const labelsDir = layout === 'images-labels' ? join(base, 'labels', split) : imagesDir;
  await checkFolder(imagesDir, `${fn}: no images folder at ${imagesDir}`, layout);
  await checkFolder(
    labelsDir,
    `${fn}: no labels folder at ${labelsDir} (for a data set without objects, create it empty)`,
    layout,
  );

  const imageFiles = (await walk(imagesDir))
    .filter((f) => wanted.has(extname(f).toLowerCase()))
    .sort(byCodeUnits);
  const labelFiles = new Set(
    (await walk(labelsDir)).filter((f) => extname(f).toLowerCase() === '.txt'),
  );
  const labels = imageFiles.map((f) => {
    const txt = f.slice(0, f.length - extname(f).length) + '.txt';
    if (labelFiles.has(txt)) {
      labelFiles.delete(txt);
      return join(labelsDir, txt);
    }
    if (requireLabels)
      throw new Error(
        `${fn}: ${join(imagesDir, f)} has no label file (expected ${join(labelsDir, txt)})`,
      );
    return null;
  });
  const groundTruth: GtBox[][] = [];
  for (let i = 0; i < labels.length; i += 64) {
    const chunk = labels.slice(i, i + 64).map(async (path) => {
      if (path === null) return [];
      const text = await readFile(path, 'utf8');
      return parseYoloLabels(text, {
        file: relative(base, path).split(sep).join('/'),
        ...(numClasses === undefined ? {} : { numClasses }),
      });
    });
    groundTruth.push(...(await Promise.all(chunk)));
  }
  return {
    images: imageFiles.map((f) => join(imagesDir, f)),
    labels,
    groundTruth,
    unmatchedLabels: [...labelFiles].sort(byCodeUnits).map((f) => join(labelsDir, f)),
  };
}

async function checkFolder(dir: string, message: string, layout: YoloDatasetLayout): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`${message} (layout '${layout}')`);
}

/** Every file under `dir`, as paths relative to it. */
async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
