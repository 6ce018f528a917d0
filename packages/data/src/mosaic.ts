import { describe } from './describe.js';
import { draw, seededRandom, type Random } from './random.js';
import { drawScaled, emptyLike, fillImage, type PixelRect } from './resample.js';
import type { GtBox, HwcImage, LabeledImage, PixelArray, Size } from './types.js';
import {
  checkGtBoxes,
  checkImage,
  checkNumber,
  checkOptions,
  checkSize,
  isUint8,
} from './validate.js';

/**
 * How each of the four samples is scaled before it is cut (bilinear, see {@link letterbox}):
 * - `'fit'`: keeping its aspect ratio, to the largest size that fits in the output (ultralytics
 *   resizes each image's long side to the input size the same way);
 * - `'stretch'`: to exactly the output size (Darknet resizes each image to the network size);
 * - `'none'`: not at all (images already at the scale you want, e.g. letterboxed).
 * An image the size of the output is used as it is in all three.
 */
export type MosaicResize = 'fit' | 'stretch' | 'none';

/** Options of {@link mosaic}. */
export interface MosaicOptions {
  /** Output `[width, height]`, pixels. */
  size: Size;
  /** Source of the random centre (two draws per call, x then y). Give this or `seed`. */
  rng?: Random;
  /** Seed of a fresh {@link seededRandom} for this call alone (the same seed gives the same centre). Give this or `rng`. */
  seed?: number;
  /** The centre lies in `[minOffset, 1 − minOffset]` of each side (default 0.2, Darknet's `min_offset`). In [0, 0.5]. */
  minOffset?: number;
  /** How the samples are scaled first (default `'fit'`). */
  resize?: MosaicResize;
  /** Value of pixels no sample covers (default 0.5 for float images, 114 for 0..255 arrays). */
  fill?: number;
  /** A box is kept only if its clipped width and height are both > `minSize` pixels of the output (default 2). */
  minSize?: number;
  /** …and more than this fraction of its area stays visible (default 0.1). In [0, 1]. */
  minVisible?: number;
  /** …and its clipped aspect ratio `max(w/h, h/w)` is < `maxAspect` (default 100). */
  maxAspect?: number;
}

/** One input of {@link mosaic}: an image and its boxes, normalised to that image. */
export interface MosaicSample<T extends PixelArray = PixelArray, B extends GtBox = GtBox> {
  readonly image: HwcImage<T>;
  readonly boxes: readonly B[];
}

/**
 * YOLOv4's Mosaic: four training images cut at a random centre and tiled into one, so objects
 * appear in new contexts, at the borders, and partly cut off.
 *
 * A centre `(xc, yc)` = `(round(W·(m + (1 − 2m)·u)), round(H·(m + (1 − 2m)·v)))`, `m` =
 * `minOffset`, `u`, `v` two draws of the random source, splits the `W × H` output into four
 * quadrants. Sample `k` (scaled per `resize`) fills quadrant `k` — top-left, top-right,
 * bottom-left, bottom-right — with its corner that touches the centre: the top-left quadrant
 * shows the bottom-right corner of sample 0, and so on; what no sample covers gets `fill`.
 * Every box moves with its pixels and is clipped to the part of its quadrant its sample covers.
 *
 * Drop rule: a clipped box (`w × h` pixels of the output; `w₀ × h₀` before clipping) is kept
 * iff `w > minSize`, `h > minSize`, `w·h > minVisible · w₀·h₀` and `max(w/h, h/w) < maxAspect`.
 * The defaults (2 px, 0.1, 100) are ultralytics' `box_candidates` thresholds, the rule most
 * YOLO training uses today: a box that keeps a tenth of its area still shows the object, a
 * thinner sliver teaches the detector to fire on fragments. Darknet's own Mosaic (AlexeyAB
 * `blend_truth_mosaic` with `mosaic_bound=1`) keeps boxes wider and taller than 1 px whatever
 * their visible share: `{ minSize: 1, minVisible: 0, maxAspect: Infinity }`.
 *
 * @param samples - exactly four images with their boxes; the same array type and channels.
 * @param options - {@link MosaicOptions}: `size` and one of `rng` / `seed` are required.
 * @returns the `W × H` mosaic (same array type and channels as the samples) and the kept
 *   boxes, normalised to it, quadrant by quadrant in input order (other fields of a box kept).
 */
export function mosaic<T extends PixelArray, B extends GtBox>(
  samples: readonly MosaicSample<T, B>[],
  options: MosaicOptions,
): LabeledImage<T, B> {
  const fn = 'mosaic';
  if (options === undefined)
    throw new Error(
      `${fn}: options: expected { size: [width, height], rng or seed }, got undefined`,
    );
  checkOptions(options, `${fn}: options`);
  const [W, H] = checkSize(options.size, `${fn}: options.size`);
  const rng = randomSource(options, fn);
  const m = checkNumber(options.minOffset ?? 0.2, `${fn}: options.minOffset`, 0, 0.5);
  const resize = options.resize ?? 'fit';
  if (resize !== 'fit' && resize !== 'stretch' && resize !== 'none') {
    throw new Error(
      `${fn}: options.resize: expected 'fit', 'stretch' or 'none', got ${describe(resize)}`,
    );
  }
  const minSize = checkNumber(options.minSize ?? 2, `${fn}: options.minSize`, 0);
  const minVisible = checkNumber(options.minVisible ?? 0.1, `${fn}: options.minVisible`, 0, 1);
  const maxAspect = options.maxAspect ?? 100;
  if (typeof maxAspect !== 'number' || Number.isNaN(maxAspect) || maxAspect < 1) {
    throw new Error(
      `${fn}: options.maxAspect: expected a number >= 1 (Infinity: no limit), got ${describe(maxAspect)}`,
    );
  }
  checkSamples(samples, fn);
  const first = samples[0]!.image;
  const fill = checkNumber(
    options.fill ?? (isUint8(first.data) ? 114 : 0.5),
    `${fn}: options.fill`,
  );

  const xc = Math.round(W * (m + (1 - 2 * m) * draw(rng, `${fn}: options.rng`)));
  const yc = Math.round(H * (m + (1 - 2 * m) * draw(rng, `${fn}: options.rng`)));
  const out = emptyLike(first.data, W, H, first.channels);
  const quadrants: PixelRect[] = [
    { x0: 0, y0: 0, x1: xc, y1: yc },
    { x0: xc, y0: 0, x1: W, y1: yc },
    { x0: 0, y0: yc, x1: xc, y1: H },
    { x0: xc, y0: yc, x1: W, y1: H },
  ];
  const sized = samples.map(({ image }) => scaledSize(image, resize, W, H));
  // Fill only when some quadrant is not covered: samples at least the output size cover theirs.
  if (sized.some(([dw, dh]) => dw < W || dh < H)) fillImage(out, fill);
  const boxes: B[] = [];
  samples.forEach(({ image, boxes: sampleBoxes }, k) => {
    const q = quadrants[k]!;
    const [dw, dh] = sized[k]!;
    const ox = k % 2 === 0 ? xc - dw : xc;
    const oy = k < 2 ? yc - dh : yc;
    const covered = {
      x0: Math.max(q.x0, ox),
      y0: Math.max(q.y0, oy),
      x1: Math.min(q.x1, ox + dw),
      y1: Math.min(q.y1, oy + dh),
    };
    drawScaled(image, out, dw / image.width, dh / image.height, ox, oy, covered);
    for (const b of sampleBoxes) {
      const bx0 = (b.x - b.w / 2) * dw + ox;
      const by0 = (b.y - b.h / 2) * dh + oy;
      const bx1 = bx0 + b.w * dw;
      const by1 = by0 + b.h * dh;
      const cx0 = Math.max(bx0, covered.x0);
      const cy0 = Math.max(by0, covered.y0);
      const w = Math.min(bx1, covered.x1) - cx0;
      const h = Math.min(by1, covered.y1) - cy0;
      if (!(
        w > minSize &&
        h > minSize &&
        w * h > minVisible * (bx1 - bx0) * (by1 - by0) &&
        Math.max(w / h, h / w) < maxAspect
      )) {
        continue;
      }
      boxes.push({ ...b, x: (cx0 + w / 2) / W, y: (cy0 + h / 2) / H, w: w / W, h: h / H });
    }
  });
  return { image: out, boxes };
}

function randomSource(options: MosaicOptions, fn: string): Random {
  const { rng, seed } = options;
  if (rng !== undefined && seed !== undefined)
    throw new Error(`${fn}: options: give rng or seed, not both`);
  if (rng !== undefined) {
    if (typeof rng !== 'function')
      throw new Error(
        `${fn}: options.rng: expected a function returning numbers in [0, 1), got ${describe(rng)}`,
      );
    return rng;
  }
  if (seed === undefined) {
    throw new Error(
      `${fn}: options: give rng (e.g. seededRandom(seed), one per training run) or seed, for a reproducible centre`,
    );
  }
  return seededRandom(seed);
}

function checkSamples(samples: unknown, fn: string): void {
  if (!Array.isArray(samples) || samples.length !== 4) {
    throw new Error(
      `${fn}: samples: expected 4 samples { image, boxes }, got ${describe(samples)}`,
    );
  }
  samples.forEach((s: unknown, k) => {
    if (typeof s !== 'object' || s === null)
      throw new Error(`${fn}: samples[${k}]: expected { image, boxes }, got ${describe(s)}`);
    const { image, boxes } = s as MosaicSample;
    checkImage(image, `${fn}: samples[${k}].image`);
    checkGtBoxes(boxes, `${fn}: samples[${k}].boxes`);
  });
  const first = (samples[0] as MosaicSample).image;
  samples.forEach(({ image }: MosaicSample, k) => {
    if (image.data.constructor !== first.data.constructor || image.channels !== first.channels) {
      throw new Error(
        `${fn}: samples[${k}].image: expected a ${first.data.constructor.name} with ${first.channels} channels like samples[0], ` +
          `got a ${image.data.constructor.name} with ${image.channels}`,
      );
    }
  });
}

/** The size `[w, h]` (integer pixels) a sample is scaled to. */
function scaledSize(image: HwcImage, resize: MosaicResize, W: number, H: number): [number, number] {
  if (resize === 'none') return [image.width, image.height];
  if (resize === 'stretch') return [W, H];
  const s = Math.min(W / image.width, H / image.height);
  return [Math.max(1, Math.round(image.width * s)), Math.max(1, Math.round(image.height * s))];
}
