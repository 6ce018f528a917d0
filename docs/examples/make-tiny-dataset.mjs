// Writes a tiny YOLO data set to disk: a few dozen small images of squares, discs and triangles
// on noisy gradient backgrounds (3 classes), as real PNG and JPEG files with YOLO txt labels —
// the layout own-data.mjs reads. It stands in for your own folder in CI and lets you try the
// example without downloading anything.
//
//   node docs/examples/make-tiny-dataset.mjs [folder] [--count 40] [--seed 1]
//
// Without a folder it makes a fresh one in the system's temporary directory. It prints one JSON
// line: { root, images, boxes, newImage }.
//
//   folder/images/tiny-000.png   folder/labels/tiny-000.txt   ("class cx cy w h" per line)
//   folder/images/tiny-001.jpg   folder/labels/tiny-001.txt
//   …
//   folder/new/tiny-new.jpg      an image outside the data set, for inference (its labels beside it)
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatYoloLabels, seededRandom } from '@yolo-loss/data';
import { encodeJpeg, encodePng } from '@yolo-loss/data/node';

/** Class names by class id. */
export const TINY_CLASSES = ['square', 'disc', 'triangle'];

// Image sizes [width, height]: landscape, portrait and square, so letterboxing has work to do.
const SIZES = [
  [96, 72],
  [72, 96],
  [96, 96],
  [112, 80],
  [80, 112],
];
// A base colour per class (RGB); each shape gets it with some jitter.
const CLASS_COLOURS = [
  [210, 60, 50],
  [60, 175, 70],
  [55, 95, 215],
];

/**
 * Writes the data set.
 *
 * @param {string} root - the folder to write (created if missing).
 * @param {{ count?: number, seed?: number }} [options] - images (default 40) and the random seed (default 1).
 * @returns {Promise<{ root: string, images: number, boxes: number, newImage: string }>}
 */
export async function makeTinyDataset(root, options = {}) {
  const { count = 40, seed = 1 } = options;
  if (!Number.isInteger(count) || count < 2)
    throw new Error(`makeTinyDataset: count: expected an integer >= 2, got ${count}`);
  const rng = seededRandom(seed);
  await mkdir(join(root, 'images'), { recursive: true });
  await mkdir(join(root, 'labels'), { recursive: true });
  await mkdir(join(root, 'new'), { recursive: true });
  let boxes = 0;
  for (let i = 0; i < count; i++) {
    const { image, labels } = drawScene(rng);
    const name = `tiny-${String(i).padStart(3, '0')}`;
    // Half PNG, half JPEG: both decoders get exercised, as in a real folder.
    const file = i % 2 === 0 ? `${name}.png` : `${name}.jpg`;
    await writeFile(
      join(root, 'images', file),
      i % 2 === 0 ? encodePng(image) : encodeJpeg(image, 90),
    );
    await writeFile(join(root, 'labels', `${name}.txt`), formatYoloLabels(labels));
    boxes += labels.length;
  }
  const unseen = drawScene(rng);
  const newImage = join(root, 'new', 'tiny-new.jpg');
  await writeFile(newImage, encodeJpeg(unseen.image, 90));
  await writeFile(join(root, 'new', 'tiny-new.txt'), formatYoloLabels(unseen.labels));
  return { root, images: count, boxes, newImage };
}

/** One image with 1–3 shapes that do not touch, and their boxes (normalised centre boxes). */
function drawScene(rng) {
  const [width, height] = SIZES[Math.floor(rng() * SIZES.length)];
  const data = new Uint8Array(width * height * 3);
  paintBackground(data, width, height, rng);
  const placed = [];
  const wanted = 1 + Math.floor(rng() * 3);
  for (let tries = 0; placed.length < wanted && tries < 50; tries++) {
    const classId = Math.floor(rng() * TINY_CLASSES.length);
    const short = Math.min(width, height);
    const w = Math.round(short * (0.2 + 0.25 * rng()));
    const h = classId === 1 ? w : Math.round(w * (0.8 + 0.4 * rng()));
    const x0 = Math.floor(rng() * (width - w));
    const y0 = Math.floor(rng() * (height - h));
    // Keep two pixels between shapes so each box holds one object.
    if (
      placed.some(
        (p) => x0 < p.x0 + p.w + 2 && p.x0 < x0 + w + 2 && y0 < p.y0 + p.h + 2 && p.y0 < y0 + h + 2,
      )
    )
      continue;
    placed.push({ classId, x0, y0, w, h });
    paintShape(data, width, { classId, x0, y0, w, h }, jitter(CLASS_COLOURS[classId], rng));
  }
  const labels = placed.map(({ classId, x0, y0, w, h }) => ({
    x: (x0 + w / 2) / width,
    y: (y0 + h / 2) / height,
    w: w / width,
    h: h / height,
    classId,
  }));
  return { image: { data, width, height, channels: 3 }, labels };
}

/** A muted diagonal gradient between two random colours, plus per-pixel noise. */
function paintBackground(data, width, height, rng) {
  const a = [0, 1, 2].map(() => 70 + rng() * 110);
  const b = [0, 1, 2].map(() => 70 + rng() * 110);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      for (let c = 0; c < 3; c++)
        data[(y * width + x) * 3 + c] = a[c] + (b[c] - a[c]) * t + (rng() - 0.5) * 30;
    }
  }
}

/** Fills the pixels whose centres lie inside the shape; its box is exactly [x0, x0 + w] × [y0, y0 + h]. */
function paintShape(data, width, { classId, x0, y0, w, h }, colour) {
  const inside = [
    () => true, // square (rectangle): the whole box
    (u, v) => (u - 0.5) ** 2 + (v - 0.5) ** 2 <= 0.25, // disc
    (u, v) => Math.abs(u - 0.5) <= v / 2, // triangle, apex up
  ][classId];
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      if (!inside((x + 0.5 - x0) / w, (y + 0.5 - y0) / h)) continue;
      data.set(colour, (y * width + x) * 3);
    }
  }
}

function jitter(colour, rng) {
  return colour.map((c) => Math.max(0, Math.min(255, Math.round(c + (rng() - 0.5) * 60))));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values, positionals } = parseArgs({
    options: { count: { type: 'string', default: '40' }, seed: { type: 'string', default: '1' } },
    allowPositionals: true,
  });
  const root = positionals[0]
    ? resolve(positionals[0])
    : await mkdtemp(join(tmpdir(), 'yolo-tiny-'));
  console.log(
    JSON.stringify(
      await makeTinyDataset(root, { count: Number(values.count), seed: Number(values.seed) }),
    ),
  );
}
