// Dimension clusters (src/anchors.mjs): the 1 − IoU k-means, and the anchors in versions.mjs
// recomputed from the default training set (seed 1 → data seed 3, 1 024 images).
import { describe, expect, it } from 'vitest';
import { centredIou, kmeansAnchors } from '../src/anchors.mjs';
import { generateDataset } from '../src/dataset.mjs';
import { ANCHORS_PX, ANCHORS_V2_CELLS, IMAGE_SIZE, VERSIONS } from '../src/versions.mjs';

describe('kmeansAnchors', () => {
  it('IoU of centred boxes', () => {
    expect(centredIou([2, 2], [2, 2])).toBe(1);
    expect(centredIou([2, 2], [1, 1])).toBeCloseTo(0.25);
    expect(centredIou([4, 1], [1, 4])).toBeCloseTo(1 / 7);
  });

  it('finds well-separated clusters', () => {
    /** @type {[number, number][]} */
    const sizes = [[10, 10], [11, 9], [9, 11], [40, 40], [42, 38], [38, 42], [20, 80], [22, 78]];
    const { anchors, meanIou } = kmeansAnchors(sizes, 3);
    expect(anchors.map(([w, h]) => [Math.round(w), Math.round(h)])).toEqual([[10, 10], [40, 40], [21, 79]]);
    expect(meanIou).toBeGreaterThan(0.9);
  });

  it('the demo anchors are the clusters of the default training set', () => {
    const data = generateDataset({ count: 1024, seed: 3, size: IMAGE_SIZE });
    /** @type {[number, number][]} */
    const sizes = data.boxes.flat().map((b) => [b.w * IMAGE_SIZE, b.h * IMAGE_SIZE]);
    const six = kmeansAnchors(sizes, 6).anchors;
    six.forEach(([w, h], i) => {
      expect(ANCHORS_PX[i][0]).toBeCloseTo(w, 1);
      expect(ANCHORS_PX[i][1]).toBeCloseTo(h, 1);
    });
    const three = kmeansAnchors(sizes, 3).anchors;
    three.forEach(([w, h], i) => {
      expect(ANCHORS_V2_CELLS[i][0] * 16).toBeCloseTo(w, 0);
      expect(ANCHORS_V2_CELLS[i][1] * 16).toBeCloseTo(h, 0);
    });
    expect(VERSIONS.yolov3.config.anchors).toBe(ANCHORS_PX);
    expect(VERSIONS.yolov4.config.anchors).toBe(ANCHORS_PX);
    expect(VERSIONS.yolov2.config.anchors).toBe(ANCHORS_V2_CELLS);
  }, 60_000); // generating 1 024 images takes seconds on a loaded machine
});
