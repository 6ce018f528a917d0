// Anchor sizes fitted to the training boxes, for whichever version is being trained.
import { boxSizes, kmeansAnchors } from '@yolo-loss/data';

/**
 * The config keys that give a version anchors fitted to the data: k-means (IoU distance) on
 * the training boxes' sizes in input pixels, as many anchors as the version's default config
 * has, in input pixels (with `anchorUnits: 'pixels'` where the version has that key; YOLOv5's
 * anchors are always pixels).
 *
 * `kmeansAnchors` returns them sorted by area, smallest first: the order Darknet's `masks`
 * expect (YOLOv3's and YOLOv4's default masks give the smallest three to the finest output), so
 * the default masks stay right. A version without anchors (YOLOv1) has no `anchors` in its
 * config and gets no keys: the question is asked of the config, not of the version's name.
 *
 * @param {{ anchors?: readonly (readonly [number, number])[], anchorUnits?: string }} defaults - the version's resolved default config.
 * @param {{ boxes: import('./dataset.mjs').GtBox[] }[]} train - training samples (boxes normalised to the input).
 * @param {[number, number]} inputSize - `[width, height]`.
 * @param {number} seed - seed of k-means++'s start.
 * @returns {{ options: { anchors?: [number, number][], anchorUnits?: 'pixels' }, meanIou?: number }}
 */
export function fittedAnchors(defaults, train, inputSize, seed) {
  const k = defaults.anchors?.length ?? 0;
  if (k === 0) return { options: {} };
  const { anchors, meanIou } = kmeansAnchors(
    boxSizes(
      train.map((s) => s.boxes),
      inputSize,
    ),
    k,
    { seed },
  );
  return { options: { anchors, ...('anchorUnits' in defaults ? { anchorUnits: 'pixels' } : {}) }, meanIou };
}
