// Mosaic augmentation (YOLOv4's "bag of freebies" for the detector): four training images
// are cut at a random centre point and tiled into one, so each training image shows objects
// in new contexts, at the image borders, and partly cut off.

/**
 * @typedef {{ x: number, y: number, w: number, h: number, classId: number }} GtBox
 * @typedef {{ image: Float32Array, gt: GtBox[] }} Sample
 */

/**
 * Builds one mosaic from four samples. The output is `size × size`; a random centre
 * `(xc, yc)` in the middle 40 % splits it into four quadrants, and quadrant k shows the
 * corner of sample k that touches the centre (top-left quadrant ← bottom-right corner of the
 * first sample, and so on), at the original scale. Boxes are shifted and clipped to their
 * quadrant; a box that keeps less than `minVisible` of its area, or is under 3 px wide or
 * high, is dropped.
 * @param {Sample[]} samples - exactly four
 * @param {number} size
 * @param {{ next: () => number }} rng
 * @param {{ minVisible?: number }} [options]
 * @returns {Sample}
 */
export function mosaic(samples, size, rng, { minVisible = 0.4 } = {}) {
  if (samples.length !== 4) throw new Error(`mosaic: expected 4 samples, got ${samples.length}`);
  const xc = Math.round(size * (0.3 + 0.4 * rng.next()));
  const yc = Math.round(size * (0.3 + 0.4 * rng.next()));
  const image = new Float32Array(size * size * 3);
  /** @type {GtBox[]} */
  const gt = [];
  // destination rectangle [x0, x1) × [y0, y1) and the source offset (src = dst − offset)
  const quads = [
    { x0: 0, y0: 0, x1: xc, y1: yc, ox: xc - size, oy: yc - size },
    { x0: xc, y0: 0, x1: size, y1: yc, ox: xc, oy: yc - size },
    { x0: 0, y0: yc, x1: xc, y1: size, ox: xc - size, oy: yc },
    { x0: xc, y0: yc, x1: size, y1: size, ox: xc, oy: yc },
  ];
  quads.forEach((q, k) => {
    const src = samples[k].image;
    for (let r = q.y0; r < q.y1; r++) {
      const sr = r - q.oy;
      const rowStart = (sr * size + (q.x0 - q.ox)) * 3;
      image.set(src.subarray(rowStart, rowStart + (q.x1 - q.x0) * 3), (r * size + q.x0) * 3);
    }
    for (const b of samples[k].gt) {
      const bx0 = (b.x - b.w / 2) * size + q.ox;
      const by0 = (b.y - b.h / 2) * size + q.oy;
      const bx1 = bx0 + b.w * size;
      const by1 = by0 + b.h * size;
      const cx0 = Math.max(bx0, q.x0);
      const cy0 = Math.max(by0, q.y0);
      const cx1 = Math.min(bx1, q.x1);
      const cy1 = Math.min(by1, q.y1);
      const w = cx1 - cx0;
      const h = cy1 - cy0;
      if (w < 3 || h < 3 || w * h < minVisible * (bx1 - bx0) * (by1 - by0)) continue;
      gt.push({ x: (cx0 + w / 2) / size, y: (cy0 + h / 2) / size, w: w / size, h: h / size, classId: b.classId });
    }
  });
  return { image, gt };
}
