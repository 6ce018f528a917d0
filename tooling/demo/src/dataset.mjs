// The synthetic detection data set: RGB images with 1–4 filled shapes of three classes
// (square, disc, triangle) of random size, colour and position on a noisy background,
// generated in memory and fully determined by a seed.
import { createRng } from './rng.mjs';

/** Class names, indexed by classId. */
export const CLASS_NAMES = ['square', 'disc', 'triangle'];

/**
 * @typedef {{ x: number, y: number, w: number, h: number, classId: number }} GtBox
 *   centre format, normalised to the image (the loss packages' ground-truth format)
 * @typedef {{ size: number, images: Float32Array[], boxes: GtBox[][] }} Dataset
 *   `images[i]` is `size × size × 3`, row-major HWC, values in [0, 1]
 * @typedef {[number, number, number, number]} PixelBox - `[x0, y0, x1, y1]` in pixels
 * @typedef {[number, number, number]} Colour - r, g, b in [0, 1]
 */

/**
 * Generates `count` images.
 * @param {{ count: number, seed: number, size?: number, minObjects?: number, maxObjects?: number,
 *           minSide?: number, maxSide?: number }} options - sides in pixels
 * @returns {Dataset}
 */
export function generateDataset({ count, seed, size = 96, minObjects = 1, maxObjects = 4, minSide = 14, maxSide = 48 }) {
  const rng = createRng(seed);
  const images = [];
  const boxes = [];
  for (let i = 0; i < count; i++) {
    const { image, gt } = generateImage(rng.fork(i), { size, minObjects, maxObjects, minSide, maxSide });
    images.push(image);
    boxes.push(gt);
  }
  return { size, images, boxes };
}

/**
 * One image and its boxes.
 * @param {import('./rng.mjs').Rng} rng
 * @param {{ size: number, minObjects: number, maxObjects: number, minSide: number, maxSide: number }} options
 * @returns {{ image: Float32Array, gt: GtBox[] }}
 */
export function generateImage(rng, { size, minObjects, maxObjects, minSide, maxSide }) {
  const image = new Float32Array(size * size * 3);
  const bg = randomColour(rng, 0.15, 0.6);
  const gradient = [rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2)];
  const noise = rng.uniform(0.02, 0.08);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const shade = gradient[0] * (r / size - 0.5) + gradient[1] * (c / size - 0.5);
      for (let k = 0; k < 3; k++) image[(r * size + c) * 3 + k] = bg[k] + shade + noise * rng.normal();
    }
  }

  const n = rng.int(minObjects, maxObjects);
  /** @type {PixelBox[]} */
  const placed = [];
  /** @type {GtBox[]} */
  const gt = [];
  for (let o = 0; o < n; o++) {
    for (let attempt = 0; attempt < 30; attempt++) {
      const classId = rng.int(0, 2);
      // log-uniform side: as many small objects as large ones
      // sub-pixel sizes and positions, as in real images: box centres are not on a pixel grid
      const side = Math.exp(rng.uniform(Math.log(minSide), Math.log(maxSide)));
      const w = side;
      const h = classId === 2 ? side * rng.uniform(0.75, 1.25) : w;
      if (h > size || h < 4) continue;
      const x0 = rng.uniform(0, size - w);
      const y0 = rng.uniform(0, size - h);
      /** @type {PixelBox} */
      const box = [x0, y0, x0 + w, y0 + h];
      // overlaps are allowed, but an object may not hide most of another one
      if (placed.some((p) => iou(p, box) > 0.3 || contains(box, p) || contains(p, box))) continue;
      let colour;
      do colour = randomColour(rng, 0.1, 1);
      while (distance(colour, bg) < 0.35);
      paintShape(image, size, classId, box, colour);
      placed.push(box);
      gt.push({ x: (x0 + w / 2) / size, y: (y0 + h / 2) / size, w: w / size, h: h / size, classId });
      break;
    }
  }
  for (let i = 0; i < image.length; i++) image[i] = Math.min(1, Math.max(0, image[i]));
  return { image, gt };
}

/**
 * Fills the pixels whose centre lies inside the shape.
 * @param {Float32Array} image - `size × size × 3`
 * @param {number} size
 * @param {number} classId - 0 square, 1 disc, 2 triangle
 * @param {PixelBox} box
 * @param {Colour} colour
 */
function paintShape(image, size, classId, [x0, y0, x1, y1], colour) {
  const w = x1 - x0;
  const h = y1 - y0;
  for (let r = Math.max(0, Math.floor(y0)); r < Math.min(size, Math.ceil(y1)); r++) {
    for (let c = Math.max(0, Math.floor(x0)); c < Math.min(size, Math.ceil(x1)); c++) {
      const u = (c + 0.5 - x0) / w; // 0..1 across the box
      const v = (r + 0.5 - y0) / h;
      let inside = u >= 0 && u < 1 && v >= 0 && v < 1;
      if (!inside) continue;
      if (classId === 1) inside = (u - 0.5) ** 2 + (v - 0.5) ** 2 <= 0.25;
      else if (classId === 2) inside = Math.abs(u - 0.5) <= v / 2; // apex at the top, base at the bottom
      if (!inside) continue;
      for (let k = 0; k < 3; k++) image[(r * size + c) * 3 + k] = colour[k];
    }
  }
}

/**
 * @param {import('./rng.mjs').Rng} rng
 * @param {number} lo
 * @param {number} hi
 * @returns {Colour}
 */
function randomColour(rng, lo, hi) {
  return [rng.uniform(lo, hi), rng.uniform(lo, hi), rng.uniform(lo, hi)];
}

/** @param {Colour} a @param {Colour} b */
function distance(a, b) {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** @param {PixelBox} a @param {PixelBox} b */
function iou(a, b) {
  const iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = iw * ih;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/** @param {PixelBox} outer @param {PixelBox} inner */
function contains(outer, inner) {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];
}
