/** One output's grid: `gridH × gridW` cells of `stride` input pixels. */
export interface LevelGrid {
  gridH: number;
  gridW: number;
  stride: number;
}

/** The anchor points of every output, in ultralytics' order: row-major within an output, outputs concatenated. */
export interface AnchorLayout {
  levels: readonly LevelGrid[];
  /** Anchors `A` over all outputs (per image). */
  count: number;
  /** `[A, 2]`: each anchor's point `(col + ½, row + ½)` in its output's grid units. */
  points: Float32Array;
  /** `[A]`: each anchor's stride in pixels. */
  strides: Float32Array;
}

/**
 * Every anchor point of the outputs (cell centres, ultralytics' `make_anchors` with offset ½),
 * row-major (y, then x) within an output, outputs in order.
 */
export function anchorLayout(levels: readonly LevelGrid[]): AnchorLayout {
  const count = levels.reduce((n, l) => n + l.gridH * l.gridW, 0);
  const points = new Float32Array(2 * count);
  const strides = new Float32Array(count);
  let a = 0;
  for (const { gridH, gridW, stride } of levels) {
    for (let row = 0; row < gridH; row++) {
      for (let col = 0; col < gridW; col++, a++) {
        points[2 * a] = col + 0.5;
        points[2 * a + 1] = row + 0.5;
        strides[a] = stride;
      }
    }
  }
  return { levels, count, points, strides };
}

/**
 * How many anchor points of the outputs lie strictly inside the pixel box (`x1 < px < x2`,
 * `y1 < py < y2`: the assigner's in-box test; an anchor point `(col + ½)·stride` is exact in
 * float32, so the test on float32 distances `> 1e-9` is this strict comparison).
 */
export function anchorsInBox(levels: readonly LevelGrid[], x1: number, y1: number, x2: number, y2: number): number {
  let n = 0;
  for (const { gridH, gridW, stride } of levels) {
    n += cellsStrictlyInside(x1, x2, gridW, stride) * cellsStrictlyInside(y1, y2, gridH, stride);
  }
  return n;
}

/** Cells `c` in `[0, size)` whose centre lies strictly between the pixels: `lo < (c + ½)·stride < hi`. */
function cellsStrictlyInside(lo: number, hi: number, size: number, stride: number): number {
  const centre = (c: number): number => (c + 0.5) * stride;
  let first = Math.max(0, Math.floor(lo / stride - 0.5));
  while (first > 0 && centre(first - 1) > lo) first--;
  while (first < size && centre(first) <= lo) first++;
  let last = Math.min(size - 1, Math.ceil(hi / stride - 0.5));
  while (last < size - 1 && centre(last + 1) < hi) last++;
  while (last >= 0 && centre(last) >= hi) last--;
  return Math.max(0, last - first + 1);
}
