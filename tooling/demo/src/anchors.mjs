// "Dimension clusters" (YOLOv2 §2, YOLOv3 §2.1): anchor sizes fitted to the training boxes by
// k-means on (w, h) with the distance d = 1 − IoU(box, centroid), both boxes centred at the
// origin, so large boxes do not dominate as they would with a Euclidean distance.

/**
 * IoU of two boxes that share their centre.
 * @param {readonly [number, number]} a - (w, h)
 * @param {readonly [number, number]} b - (w, h)
 */
export function centredIou([w1, h1], [w2, h2]) {
  const inter = Math.min(w1, w2) * Math.min(h1, h2);
  return inter / (w1 * h1 + w2 * h2 - inter);
}

/**
 * k-means with the 1 − IoU distance. Deterministic: the centroids start at the k quantiles of
 * the box areas (no random restarts needed for a one-mode size distribution), and each update
 * is the mean (w, h) of a cluster, as in Darknet's `calc_anchors`.
 * @param {[number, number][]} sizes - (w, h) of the training boxes, any unit
 * @param {number} k
 * @param {{ iterations?: number }} [options]
 * @returns {{ anchors: [number, number][], meanIou: number }} anchors sorted by area; meanIou is
 *   the average IoU of a box with its closest anchor
 */
export function kmeansAnchors(sizes, k, { iterations = 100 } = {}) {
  if (sizes.length < k) throw new Error(`kmeansAnchors: ${sizes.length} boxes for ${k} clusters`);
  const byArea = [...sizes].sort((a, b) => a[0] * a[1] - b[0] * b[1]);
  /** @type {[number, number][]} */
  let centroids = Array.from({ length: k }, (_, i) => [...byArea[Math.floor(((i + 0.5) * byArea.length) / k)]]);
  const assign = new Int32Array(sizes.length).fill(-1);
  for (let it = 0; it < iterations; it++) {
    let changed = false;
    sizes.forEach((s, i) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (centredIou(s, centroids[c]) > centredIou(s, centroids[best])) best = c;
      if (assign[i] !== best) [assign[i], changed] = [best, true];
    });
    if (!changed) break;
    centroids = centroids.map((old, c) => {
      let w = 0, h = 0, n = 0;
      sizes.forEach((s, i) => { if (assign[i] === c) [w, h, n] = [w + s[0], h + s[1], n + 1]; });
      return n ? [w / n, h / n] : old;
    });
  }
  const anchors = centroids.sort((a, b) => a[0] * a[1] - b[0] * b[1]);
  const meanIou = sizes.reduce((acc, s) => acc + Math.max(...anchors.map((a) => centredIou(s, a))), 0) / sizes.length;
  return { anchors, meanIou };
}
