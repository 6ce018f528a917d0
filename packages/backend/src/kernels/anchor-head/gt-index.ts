/**
 * The ignore rule's ground truth, bucketed so that a row tests only the boxes it can overlap
 * enough: each image's valid boxes ordered by the cell of a `grid × grid` lattice over the image
 * that holds their centre (row-major), with each cell's start. Built on the CPU from the packed
 * ground truth (no device read) and shared by the CPU and WGSL kernels.
 *
 * Why a window of cells is enough: for boxes `a`, `b` with widths `wa`, `wb` and centre distance
 * `dx` along x, the intersection width `iw` is at most `(wa + wb)/2 − |dx|`, and
 * `IoU ≤ iw / max(wa, wb)` (the intersection is at most `iw · min(ha, hb)` and the larger area is
 * at least `max(wa, wb) · min(ha, hb)`). So `IoU > t` needs `|dx| < (wa + wb)/2 − t·max(wa, wb)`,
 * which together with `wb < wa/t` (from `t·max(wa, wb) < iw ≤ min(wa, wb)`) is at most
 * `wa · spread(t)`, {@link cullSpread}; the same along y. The float32 IoU of the kernels is within
 * 17 ulp (relative) of the exact IoU of the same float32 corners once the areas are far from
 * underflow, so the window is taken for a threshold 1e-4 (relative) lower and widened by
 * {@link CULL_SLACK}: a culled row finds the same answer as one that tests every box.
 */

/** Cells per side of the lattice: about one box per cell, between 1 and {@link MAX_GRID}. */
const MAX_GRID = 24;

/** Absolute widening of a row's window (image widths): covers float32 rounding of centres and sizes. */
export const CULL_SLACK = 1e-4;

/**
 * Rows whose box is narrower or lower than this (image sizes) test every box of their image: far
 * from float32 underflow above it (areas ≥ 1e-24), where the error bound of the window holds.
 */
export const CULL_MIN_EXTENT = 1e-12;

/** Rows whose box is wider or taller than this test every box (the window would cover the image anyway). */
export const CULL_MAX_EXTENT = 1e5;

/** The batch's ground truth for the ignore rule, ordered by lattice cell per image. */
export interface GroundTruthIndex {
  /** `[N·G, 4]`: per image `n`, from slot `n·G`, its valid boxes `x1, y1, x2, y2` in cell order, then zeros. */
  boxes: Float32Array;
  /** `[N, grid² + 1]`: slot (in `boxes`) where each cell's boxes begin; entry `grid²` ends the image's boxes. */
  bins: Int32Array;
  /** Cells per side of the lattice. */
  grid: number;
}

/**
 * How far (in multiples of the row box's width or height) the centre of a box with IoU above
 * `threshold` can be from the row box's centre, for the threshold lowered by 1e-4 (relative);
 * `Infinity` where nothing can be culled (`threshold ≤ 0`: every box counts, overlapping or not).
 */
export function cullSpread(threshold: number): number {
  const t = cullThreshold(threshold);
  if (!(t > 0)) return Infinity;
  return t >= 0.5 ? 1 - t : 0.5 / t - 0.5;
}

/** The threshold the window is derived for: 1e-4 (relative) below the ignore threshold (float32 IoU error ≤ 17 ulp). */
export function cullThreshold(threshold: number): number {
  return threshold * (1 - 1e-4);
}

/**
 * Orders the packed ground truth of a batch by lattice cell (see the module comment).
 *
 * @param gt - `[N, G, 5]` `x1, y1, x2, y2, valid` (`FusedHeadTargets.gt`).
 * @param maxBoxes - `G`.
 */
export function indexGroundTruth(gt: Float32Array, maxBoxes: number): GroundTruthIndex {
  const batch = maxBoxes > 0 ? gt.length / (5 * maxBoxes) : 0;
  let mostValid = 0;
  for (let n = 0; n < batch; n++) {
    let valid = 0;
    for (let g = 0; g < maxBoxes; g++) if (gt[(n * maxBoxes + g) * 5 + 4] !== 0) valid++;
    mostValid = Math.max(mostValid, valid);
  }
  const grid = Math.min(MAX_GRID, Math.max(1, Math.round(Math.sqrt(mostValid))));
  const cells = grid * grid;
  // never empty: WebGPU binds every input as a buffer
  const boxes = new Float32Array(Math.max(batch * maxBoxes, 1) * 4);
  const bins = new Int32Array(Math.max(batch, 1) * (cells + 1));
  const cellOf = new Int32Array(maxBoxes);
  const next = new Int32Array(cells);
  for (let n = 0; n < batch; n++) {
    const counts = bins.subarray(n * (cells + 1), (n + 1) * (cells + 1));
    for (let g = 0; g < maxBoxes; g++) {
      const q = (n * maxBoxes + g) * 5;
      if (gt[q + 4] === 0) {
        cellOf[g] = -1;
        continue;
      }
      const cx = binOf((gt[q]! + gt[q + 2]!) / 2, grid);
      const cy = binOf((gt[q + 1]! + gt[q + 3]!) / 2, grid);
      cellOf[g] = cy * grid + cx;
      counts[cellOf[g]! + 1]!++;
    }
    // counts → starts (absolute slots), then place each box at its cell's next free slot
    counts[0] = n * maxBoxes;
    for (let c = 1; c <= cells; c++) counts[c]! += counts[c - 1]!;
    next.set(counts.subarray(0, cells));
    for (let g = 0; g < maxBoxes; g++) {
      const cell = cellOf[g]!;
      if (cell < 0) continue;
      const slot = next[cell]!++;
      const q = (n * maxBoxes + g) * 5;
      for (let i = 0; i < 4; i++) boxes[slot * 4 + i] = gt[q + i]!;
    }
  }
  return { boxes, bins, grid };
}

/**
 * The lattice cell along one axis of an image coordinate: `floor(v · grid)`, clamped to the
 * lattice (monotone in `v`, so a window `[lo, hi]` holds the cells of every centre inside it).
 */
export function binOf(v: number, grid: number): number {
  if (!(v > 0)) return 0;
  return Math.min(Math.floor(v * grid), grid - 1);
}
