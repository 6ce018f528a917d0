// What each loss version trains: its heads on the shared backbone, its `paper` preset with the
// demo's data set (3 classes, 96×96 input, anchors fitted to its 14–48 px objects), and adapters to the
// package's loss and decoder. The packages are imported lazily, so a version whose package
// does not export its loss or decoder yet is reported and skipped instead of crashing the demo.

export const NUM_CLASSES = 3;
export const IMAGE_SIZE = 96;

/** Decoder settings for evaluation: a low score threshold, so the whole PR curve counts. */
const EVAL = { scoreThreshold: 0.01, maxDetections: 100 };

/**
 * How the demo's anchors were fitted: `kmeansAnchors` of `@yolo-loss/data` (1 − IoU k-means)
 * started at the area quantiles, so the result needs no seed, for at most 100 rounds.
 */
export const ANCHOR_KMEANS = { init: 'area-quantiles', iterations: 100 };

/**
 * Anchors of the two-head versions (v3, v4), input pixels; 0–2 at stride 8, 3–5 at stride 16.
 * "Dimension clusters": `kmeansAnchors(sizes, 6, ANCHOR_KMEANS)` on the (w, h) of the
 * 2 578 boxes of the default training set (seed 1), rounded to 0.1 px; `test/anchors.test.mjs`
 * recomputes them. Mean best-anchor IoU 0.888 (the hand-picked 11…46 px: 0.866).
 */
export const ANCHORS_PX = [[15.7, 15.4], [19.4, 19.6], [24.2, 24], [29.7, 29.7], [36.3, 36.1], [43.6, 44.2]];

/**
 * YOLOv2's anchors, in grid cells of 16 px: k = 3 on the same boxes (17.7, 26.9, 39.9 px), rounded to 0.001 cell.
 * Mean best-anchor IoU 0.809 (the hand-picked 0.8, 1.5, 2.5 cells: 0.751).
 */
export const ANCHORS_V2_CELLS = [[1.106, 1.1], [1.683, 1.678], [2.486, 2.498]];

/** A low objectness prior (σ(−4) ≈ 0.02) on every anchor's `to` channel. */
function objectnessBiases(anchors, numClasses, value = -4) {
  return Array.from({ length: anchors }, (_, a) => [a * (5 + numClasses) + 4, value]);
}

/**
 * @typedef {object} VersionSpec
 * @property {string} name - package-style name, e.g. 'yolov3'
 * @property {string} title - what the console and report call it
 * @property {string} pkg - the npm package
 * @property {{ stride: 8 | 16, channels: number, biases?: [number, number][] }[]} heads - model heads,
 *   in the order the loss wants its predictions
 * @property {object} config - options passed to the loss and decoder (`preset: 'paper'` + overrides)
 * @property {object} decodeOptions - the package decoder's post-processing options
 * @property {boolean} [freebies] - the detector "bag of freebies" (Mosaic, cosine LR) applies
 * @property {number} [mosaicFraction] - share of the images of a batch that are Mosaics (with
 *   `freebies`, unless `--no-mosaic`)
 * @property {number} steps - default training steps (the demo's time budget split by what each
 *   version needs to pass mAP@0.5 ≥ 0.5 or gets close, see docs/demo.md)
 * @property {number} stepCost - time of one step relative to YOLOv1's on the CPU backend (the
 *   longest jobs start first; measured with the fused v3/v4 losses, docs/demo.md)
 */

/** @type {Record<string, VersionSpec>} */
export const VERSIONS = {
  yolov1: {
    name: 'yolov1',
    title: 'YOLOv1',
    steps: 350,
    stepCost: 1.0,
    pkg: '@yolo-loss/yolov1',
    // S = 6 (stride 16), B = 2 predictors per cell
    heads: [{ stride: 16, channels: 2 * 5 + NUM_CLASSES, biases: [[4, -2], [9, -2]] }],
    config: { preset: 'paper', gridSize: 6, boxesPerCell: 2, numClasses: NUM_CLASSES },
    decodeOptions: { ...EVAL, iouThreshold: 0.45 },
    lossName: 'yolov1Loss',
    decodeName: 'decodeYolov1',
    single: true,
  },
  yolov2: {
    name: 'yolov2',
    title: 'YOLOv2',
    steps: 400,
    stepCost: 1.05,
    pkg: '@yolo-loss/yolov2',
    heads: [{ stride: 16, channels: 3 * (5 + NUM_CLASSES), biases: objectnessBiases(3, NUM_CLASSES) }],
        config: { preset: 'paper', gridSize: 6, numClasses: NUM_CLASSES, anchors: ANCHORS_V2_CELLS },
    decodeOptions: { ...EVAL, iouThreshold: 0.45 },
    lossName: 'yolov2Loss',
    decodeName: 'decodeYolov2',
    single: true,
  },
  yolov3: {
    name: 'yolov3',
    title: 'YOLOv3',
    steps: 850,
    stepCost: 1.5,
    pkg: '@yolo-loss/yolov3',
    // heads in the order of `masks`: stride 16 (large anchors), stride 8 (small), as in yolov3.cfg
    heads: [
      { stride: 16, channels: 3 * (5 + NUM_CLASSES), biases: objectnessBiases(3, NUM_CLASSES) },
      { stride: 8, channels: 3 * (5 + NUM_CLASSES), biases: objectnessBiases(3, NUM_CLASSES) },
    ],
    config: {
      preset: 'paper',
      numClasses: NUM_CLASSES,
      inputSize: [IMAGE_SIZE, IMAGE_SIZE],
      anchors: ANCHORS_PX,
      masks: [[3, 4, 5], [0, 1, 2]],
    },
    decodeOptions: { ...EVAL, nmsThreshold: 0.45 },
    lossName: 'yolov3Loss',
    decodeName: 'decodeYolov3',
  },
  yolov4: {
    name: 'yolov4',
    title: 'YOLOv4',
    steps: 550,
    stepCost: 1.25,
    pkg: '@yolo-loss/yolov4',
    // heads in the order of `masks`: stride 8 (small anchors) first, as in yolov4.cfg
    heads: [
      { stride: 8, channels: 3 * (5 + NUM_CLASSES), biases: objectnessBiases(3, NUM_CLASSES) },
      { stride: 16, channels: 3 * (5 + NUM_CLASSES), biases: objectnessBiases(3, NUM_CLASSES) },
    ],
    config: {
      preset: 'paper',
      numClasses: NUM_CLASSES,
      inputSize: [IMAGE_SIZE, IMAGE_SIZE],
      anchors: ANCHORS_PX,
      masks: [[0, 1, 2], [3, 4, 5]],
      scaleXY: [1.2, 1.1],
    },
    decodeOptions: { ...EVAL, nmsThreshold: 0.45 },
    lossName: 'yolov4Loss',
    decodeName: 'decodeYolov4',
    freebies: true,
    // a quarter of each batch are Mosaics (half cost ≈ 0.1 mAP@0.5 in a run this short)
    mosaicFraction: 0.25,
  },
};

/**
 * Loads a version's loss and decoder (and, where exported, its assignment read-back) from its
 * package.
 * @param {VersionSpec} spec
 * @param {(pkg: string) => Promise<object>} [importer] - how to import a package (a bundled
 *   page passes static imports)
 * @returns {Promise<{ loss: (preds: any[], gt: any) => any, decode: (preds: any[]) => Promise<any[][]>,
 *   assignment?: (preds: any, gt: any, config: object) => Promise<object> } | { missing: string }>}
 */
export async function loadVersion(spec, importer = (pkg) => import(/* @vite-ignore */ pkg)) {
  let mod;
  try {
    mod = await importer(spec.pkg);
  } catch (error) {
    return { missing: `${spec.pkg} could not be loaded (${error.message.split('\n')[0]})` };
  }
  const lossFn = mod[spec.lossName];
  const decodeFn = mod[spec.decodeName];
  const absent = [spec.lossName, spec.decodeName].filter((n) => typeof mod[n] !== 'function');
  if (absent.length) return { missing: `${spec.pkg} does not export ${absent.join(' and ')} yet` };
  const arg = (preds) => (spec.single ? preds[0] : preds);
  return {
    loss: (preds, gt) => lossFn(arg(preds), gt, spec.config),
    decode: (preds) => decodeFn(arg(preds), { ...spec.config, ...spec.decodeOptions }),
    assignment: typeof mod[`${spec.name}Assignment`] === 'function' ? mod[`${spec.name}Assignment`] : undefined,
  };
}
