// The demo's anchors (version-table.mjs) are the dimension clusters of its default training set
// (seed 1 → data seed 3, 1 024 images), recomputed with `kmeansAnchors` of @yolo-loss/data
// (whose own tests check the k-means itself), and reach every anchor-based version in pixels.
import { kmeansAnchors } from '@yolo-loss/data';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../src/dataset.mjs';
import { ANCHOR_KMEANS, ANCHORS_PX, ANCHORS_V2_PX, IMAGE_SIZE, prepareVersion } from '../src/version-table.mjs';

describe('demo anchors', () => {
  it('are the clusters of the default training set, in pixels for every anchor-based version', () => {
    const data = generateDataset({ count: 1024, seed: 3, size: IMAGE_SIZE });
    /** @type {[number, number][]} */
    const sizes = data.boxes.flat().map((b) => [b.w * IMAGE_SIZE, b.h * IMAGE_SIZE]);
    const six = kmeansAnchors(sizes, 6, ANCHOR_KMEANS);
    expect(six.converged).toBe(true);
    six.anchors.forEach(([w, h], i) => {
      expect(ANCHORS_PX[i][0]).toBeCloseTo(w, 1);
      expect(ANCHORS_PX[i][1]).toBeCloseTo(h, 1);
    });
    expect(six.meanIou).toBeCloseTo(0.888, 3);
    const three = kmeansAnchors(sizes, 3, ANCHOR_KMEANS);
    three.anchors.forEach(([w, h], i) => {
      expect(ANCHORS_V2_PX[i][0]).toBeCloseTo(w, 1);
      expect(ANCHORS_V2_PX[i][1]).toBeCloseTo(h, 1);
    });
    expect(three.meanIou).toBeCloseTo(0.809, 3);
    /** @type {[string, [number, number][]][]} */
    const anchorVersions = [['yolov2', ANCHORS_V2_PX], ['yolov3', ANCHORS_PX], ['yolov4', ANCHORS_PX]];
    for (const [name, anchors] of anchorVersions) {
      // the version's own config keys, beyond those every version has
      const config = /** @type {Record<string, unknown>} */ (prepareVersion(name).config);
      expect(config.anchorUnits).toBe('pixels');
      expect(config.anchors).toEqual(anchors);
    }
  }, 60_000); // generating 1 024 images takes seconds on a loaded machine
});
