// The demo's anchors (versions.mjs) are the dimension clusters of its default training set
// (seed 1 → data seed 3, 1 024 images), recomputed with `kmeansAnchors` of @yolo-loss/data
// (whose own tests check the k-means itself).
import { kmeansAnchors } from '@yolo-loss/data';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../src/dataset.mjs';
import { ANCHOR_KMEANS, ANCHORS_PX, ANCHORS_V2_CELLS, IMAGE_SIZE, VERSIONS } from '../src/versions.mjs';

describe('demo anchors', () => {
  it('are the clusters of the default training set', () => {
    const data = generateDataset({ count: 1024, seed: 3, size: IMAGE_SIZE });
    const sizes = data.boxes.flat().map((b) => [b.w * IMAGE_SIZE, b.h * IMAGE_SIZE]);
    const six = kmeansAnchors(sizes, 6, ANCHOR_KMEANS);
    expect(six.converged).toBe(true);
    six.anchors.forEach(([w, h], i) => {
      expect(ANCHORS_PX[i][0]).toBeCloseTo(w, 1);
      expect(ANCHORS_PX[i][1]).toBeCloseTo(h, 1);
    });
    expect(six.meanIou).toBeCloseTo(0.888, 3);
    const three = kmeansAnchors(sizes, 3, ANCHOR_KMEANS).anchors;
    three.forEach(([w, h], i) => {
      expect(ANCHORS_V2_CELLS[i][0] * 16).toBeCloseTo(w, 0);
      expect(ANCHORS_V2_CELLS[i][1] * 16).toBeCloseTo(h, 0);
    });
    expect(VERSIONS.yolov3.config.anchors).toBe(ANCHORS_PX);
    expect(VERSIONS.yolov4.config.anchors).toBe(ANCHORS_PX);
    expect(VERSIONS.yolov2.config.anchors).toBe(ANCHORS_V2_CELLS);
  }, 60_000); // generating 1 024 images takes seconds on a loaded machine
});
