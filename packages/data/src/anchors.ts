import { describe } from './describe.js';
import { draw, seededRandom, type Random } from './random.js';
import type { GtBox, Size } from './types.js';
import { checkGtBoxes, checkInteger, checkOptions, checkSize } from './validate.js';

/**
 * How {@link kmeansAnchors} picks its first centroids:
 * - `'kmeans++'`: one box uniformly at random, then each next one with probability proportional
 *   to (1 − IoU with its nearest chosen centroid)² (k-means++ with the IoU distance);
 * - `'random'`: k random boxes (a seeded shuffle, skipping sizes already taken), as Darknet's
 *   `calc_anchors` does from `srand(time(0))`;
 * - `'area-quantiles'`: the boxes at the k area quantiles `⌊(i + ½)·n / k⌋` of the boxes sorted
 *   by area (no randomness; `seed` is unused).
 */
export type KmeansInit = 'kmeans++' | 'random' | 'area-quantiles';

/** Options of {@link kmeansAnchors}. */
export interface KmeansAnchorsOptions {
  /** Initialisation (default `'kmeans++'`). */
  init?: KmeansInit;
  /** Seed of the initialisation's random choices (integer, default 0). */
  seed?: number;
  /** Most assignment/update rounds (default 1000, Darknet's cap). */
  iterations?: number;
}

/** What {@link kmeansAnchors} returns. */
export interface KmeansAnchorsResult {
  /** The k centroids `[w, h]`, in the unit of the input sizes (input pixels), sorted by area, smallest first. */
  anchors: [number, number][];
  /** Mean over the boxes of the best IoU with an anchor (both centred at one point), in [0, 1]. Darknet prints it ×100 as "avg IoU". */
  meanIou: number;
  /** Assignment rounds run. */
  iterations: number;
  /** Whether the last round changed no assignment (false when `iterations` ran out first). */
  converged: boolean;
}

/**
 * YOLOv2's "dimension clusters": anchor sizes fitted to the training boxes by k-means on
 * `(w, h)` with the distance `d = 1 − IoU(box, centroid)`, the two boxes centred at one point
 * (`IoU = min(w₁,w₂)·min(h₁,h₂) / (w₁h₁ + w₂h₂ − min(w₁,w₂)·min(h₁,h₂))`), so large boxes do
 * not dominate as they would with a Euclidean distance.
 *
 * Each round assigns every box to its nearest centroid (the lowest index wins a tie), then
 * moves each centroid to the mean `(w, h)` of its boxes (a centroid with no box stays); it
 * stops when no assignment changes or after `options.iterations` rounds. This is the loop of
 * AlexeyAB Darknet's `detector calc_anchors` (`do_kmeans`), computed in float64, with these
 * differences: the initialisation is seeded (`options.seed`) instead of `srand(time(0))`, and
 * defaults to k-means++ rather than Darknet's k random boxes (`init: 'random'` is the Darknet
 * choice, here never picking one size twice); `meanIou` is Darknet's "avg IoU" as a fraction.
 * Darknet's `-width -height` scaling is {@link boxSizes}.
 *
 * @param sizes - `[w, h]` of every training box, in input pixels (any unit works: the IoU
 *   does not depend on it, and the anchors come out in the same unit). All > 0.
 * @param k - number of anchors, an integer in [1, number of distinct sizes].
 * @param options - {@link KmeansAnchorsOptions}.
 * @returns the anchors sorted by area and the mean best IoU.
 */
export function kmeansAnchors(
  sizes: readonly (readonly [number, number])[],
  k: number,
  options?: KmeansAnchorsOptions,
): KmeansAnchorsResult {
  const fn = 'kmeansAnchors';
  checkOptions(options, `${fn}: options`);
  const { w, h } = checkSizes(sizes, fn);
  checkInteger(k, `${fn}: k`, 1);
  const distinct = new Set(Array.from(w, (wi, i) => `${wi},${h[i]}`)).size;
  if (k > distinct) {
    throw new Error(
      `${fn}: k: asked for ${k} anchors, but the ${w.length} boxes have only ${distinct} distinct sizes`,
    );
  }
  const init = options?.init ?? 'kmeans++';
  if (init !== 'kmeans++' && init !== 'random' && init !== 'area-quantiles') {
    throw new Error(
      `${fn}: options.init: expected 'kmeans++', 'random' or 'area-quantiles', got ${describe(init)}`,
    );
  }
  const seed = options?.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed))
    throw new Error(`${fn}: options.seed: expected an integer, got ${describe(seed)}`);
  const maxRounds = checkInteger(options?.iterations ?? 1000, `${fn}: options.iterations`, 1);

  const rng = seededRandom(seed);
  const start =
    init === 'kmeans++'
      ? kmeansPlusPlus(w, h, k, rng)
      : init === 'random'
        ? randomBoxes(w, h, k, rng)
        : areaQuantiles(w, h, k);
  const cw = Float64Array.from(start, (i) => w[i]!);
  const ch = Float64Array.from(start, (i) => h[i]!);

  const n = w.length;
  const assign = new Int32Array(n).fill(-1);
  let rounds = 0;
  let converged = false;
  while (rounds < maxRounds) {
    rounds++;
    let changed = false;
    for (let i = 0; i < n; i++) {
      const best = nearest(w[i]!, h[i]!, cw, ch);
      if (assign[i] !== best) {
        assign[i] = best;
        changed = true;
      }
    }
    if (!changed) {
      converged = true;
      break;
    }
    const sw = new Float64Array(k);
    const sh = new Float64Array(k);
    const count = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const c = assign[i]!;
      sw[c] = sw[c]! + w[i]!;
      sh[c] = sh[c]! + h[i]!;
      count[c] = count[c]! + 1;
    }
    for (let c = 0; c < k; c++) {
      if (count[c]! > 0) {
        cw[c] = sw[c]! / count[c]!;
        ch[c] = sh[c]! / count[c]!;
      }
    }
  }

  const anchors = Array.from(cw, (cwi, c): [number, number] => [cwi, ch[c]!]).sort(
    (a, b) => a[0] * a[1] - b[0] * b[1],
  );
  return { anchors, meanIou: meanBestIou(w, h, anchors), iterations: rounds, converged };
}

/**
 * The `[w, h]` of every ground-truth box in input pixels: `[w · width, h · height]` (Darknet's
 * `calc_anchors -width -height`), ready for {@link kmeansAnchors}.
 *
 * @param groundTruth - one `GtBox[]` per image (normalised to the image).
 * @param inputSize - `[width, height]` of the network input, pixels.
 * @returns one `[w, h]` per box, images in order.
 */
export function boxSizes(
  groundTruth: readonly (readonly GtBox[])[],
  inputSize: Size,
): [number, number][] {
  if (!Array.isArray(groundTruth))
    throw new Error(
      `boxSizes: groundTruth: expected GtBox[][] (one list per image), got ${describe(groundTruth)}`,
    );
  const [width, height] = checkSize(inputSize, 'boxSizes: inputSize');
  return groundTruth.flatMap((boxes: readonly GtBox[], i) =>
    checkGtBoxes(boxes, `boxSizes: groundTruth[${i}]`).map((b): [number, number] => [
      b.w * width,
      b.h * height,
    ]),
  );
}

/** IoU of two boxes `(w, h)` centred at one point. @internal */
export function centredIou(w1: number, h1: number, w2: number, h2: number): number {
  const inter = Math.min(w1, w2) * Math.min(h1, h2);
  return inter / (w1 * h1 + w2 * h2 - inter);
}

function nearest(wi: number, hi: number, cw: Float64Array, ch: Float64Array): number {
  let best = 0;
  let bestIou = centredIou(wi, hi, cw[0]!, ch[0]!);
  for (let c = 1; c < cw.length; c++) {
    const iou = centredIou(wi, hi, cw[c]!, ch[c]!);
    if (iou > bestIou) {
      best = c;
      bestIou = iou;
    }
  }
  return best;
}

function meanBestIou(
  w: Float64Array,
  h: Float64Array,
  anchors: readonly (readonly [number, number])[],
): number {
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    let best = 0;
    for (const [aw, ah] of anchors) best = Math.max(best, centredIou(w[i]!, h[i]!, aw, ah));
    sum += best;
  }
  return sum / w.length;
}

function checkSizes(sizes: unknown, fn: string): { w: Float64Array; h: Float64Array } {
  if (!Array.isArray(sizes) || sizes.length === 0) {
    throw new Error(
      `${fn}: sizes: expected a non-empty array of [w, h] pairs (pixels), got ${describe(sizes)}`,
    );
  }
  const w = new Float64Array(sizes.length);
  const h = new Float64Array(sizes.length);
  sizes.forEach((s: unknown, i) => {
    if (!Array.isArray(s) || s.length !== 2)
      throw new Error(`${fn}: sizes[${i}]: expected [w, h], got ${describe(s)}`);
    (['w', 'h'] as const).forEach((key, j) => {
      const v: unknown = s[j];
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
        throw new Error(
          `${fn}: sizes[${i}][${j}] (${key}): expected a finite number > 0, got ${describe(v)}`,
        );
      }
    });
    w[i] = s[0] as number;
    h[i] = s[1] as number;
  });
  return { w, h };
}

function kmeansPlusPlus(w: Float64Array, h: Float64Array, k: number, rng: Random): number[] {
  const n = w.length;
  const chosen = [Math.floor(draw(rng, 'kmeansAnchors') * n)];
  const d2 = new Float64Array(n).fill(Infinity);
  while (chosen.length < k) {
    const last = chosen[chosen.length - 1]!;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = 1 - centredIou(w[i]!, h[i]!, w[last]!, h[last]!);
      d2[i] = Math.min(d2[i]!, d * d);
      total += d2[i]!;
    }
    const r = draw(rng, 'kmeansAnchors') * total;
    let acc = 0;
    let pick = -1;
    for (let i = 0; i < n; i++) {
      acc += d2[i]!;
      if (acc > r && d2[i]! > 0) {
        pick = i;
        break;
      }
    }
    // Rounding can leave r at the very end of the sum: take the last box with a weight.
    for (let i = n - 1; pick < 0; i--) if (d2[i]! > 0) pick = i;
    chosen.push(pick);
  }
  return chosen;
}

function randomBoxes(w: Float64Array, h: Float64Array, k: number, rng: Random): number[] {
  const order = Array.from(w, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(draw(rng, 'kmeansAnchors') * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const seen = new Set<string>();
  const chosen: number[] = [];
  for (const i of order) {
    const key = `${w[i]},${h[i]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    chosen.push(i);
    if (chosen.length === k) break;
  }
  return chosen;
}

function areaQuantiles(w: Float64Array, h: Float64Array, k: number): number[] {
  const byArea = Array.from(w, (_, i) => i).sort((a, b) => w[a]! * h[a]! - w[b]! * h[b]!);
  return Array.from({ length: k }, (_, c) => byArea[Math.floor(((c + 0.5) * byArea.length) / k)]!);
}
