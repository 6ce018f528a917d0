// What each loss version trains: its heads on the shared backbone, its `paper` preset with the
// demo's data set (3 classes, 96×96 input, anchors fitted to its 14–48 px objects), and adapters to the
// package's loss and decoder. The packages are imported lazily, so a version whose package
// does not export its loss or decoder yet is reported and skipped instead of crashing the demo.
/** @import * as tf from '@tensorflow/tfjs-core' */

export const NUM_CLASSES = 3;
export const IMAGE_SIZE = 96;

/** Decoder settings for evaluation: a low score threshold, so the whole PR curve counts. */
const EVAL = { scoreThreshold: 0.01, maxDetections: 100 };

/**
 * @typedef {import('./dataset.mjs').GtBox} GtBox
 * @typedef {import('./map.mjs').Detection} Detection
 */

/**
 * Anchors of the two-head versions (v3, v4), input pixels; 0–2 at stride 8, 3–5 at stride 16.
 * "Dimension clusters": `kmeansAnchors` (1 − IoU k-means, `anchors.mjs`) on the (w, h) of the
 * 2 578 boxes of the default training set (seed 1), rounded to 0.1 px; `test/anchors.test.mjs`
 * recomputes them. Mean best-anchor IoU 0.888 (the hand-picked 11…46 px: 0.866).
 * @type {[number, number][]}
 */
export const ANCHORS_PX = [[15.7, 15.4], [19.4, 19.6], [24.2, 24], [29.7, 29.7], [36.3, 36.1], [43.6, 44.2]];

/**
 * YOLOv2's anchors, in grid cells of 16 px: k = 3 on the same boxes (17.7, 26.9, 39.9 px), rounded to 0.001 cell.
 * Mean best-anchor IoU 0.809 (the hand-picked 0.8, 1.5, 2.5 cells: 0.751).
 * @type {[number, number][]}
 */
export const ANCHORS_V2_CELLS = [[1.106, 1.1], [1.683, 1.678], [2.486, 2.498]];

/**
 * A low objectness prior (σ(−4) ≈ 0.02) on every anchor's `to` channel.
 * @param {number} anchors
 * @param {number} numClasses
 * @param {number} [value] - the bias
 * @returns {[number, number][]} `[channel, bias]` pairs
 */
function objectnessBiases(anchors, numClasses, value = -4) {
  return Array.from({ length: anchors }, (_, a) => [a * (5 + numClasses) + 4, value]);
}

/**
 * @typedef {object} VersionSpec
 * @property {string} name - package-style name, e.g. 'yolov3'
 * @property {string} title - what the console and report call it
 * @property {string} pkg - the npm package
 * @property {string} lossName - the package's loss function, e.g. 'yolov3Loss'
 * @property {string} decodeName - the package's decoder, e.g. 'decodeYolov3'
 * @property {boolean} [single] - the loss takes one prediction tensor, not a list (v1, v2)
 * @property {import('./model.mjs').HeadSpec[]} heads - model heads, in the order the loss wants
 *   its predictions
 * @property {Record<string, unknown>} config - options passed to the loss and decoder
 *   (`preset: 'paper'` + overrides)
 * @property {Record<string, unknown>} decodeOptions - the package decoder's post-processing options
 * @property {boolean} [freebies] - the detector "bag of freebies" (Mosaic, cosine LR) applies
 * @property {number} [mosaicFraction] - share of the images of a batch that are Mosaics (with
 *   `freebies`, unless `--no-mosaic`)
 * @property {number} steps - default training steps (the demo's time budget split by what each
 *   version needs to pass mAP@0.5 ≥ 0.5 or gets close, see docs/demo.md)
 * @property {number} stepCost - time of one step relative to YOLOv1's on the CPU backend (the
 *   longest jobs start first; measured with the fused v3/v4 losses, docs/demo.md)
 */

/**
 * The loss terms of one batch, scalars (every package's `LossResult` has them).
 * @typedef {{ total: tf.Scalar, box: tf.Scalar, obj: tf.Scalar, noobj: tf.Scalar, cls: tf.Scalar }} LossTerms
 */

/**
 * What a package's `<version>Assignment` reads back: per version, which slot is responsible
 * for which ground-truth box.
 * @typedef {import('@yolo-loss/yolov1').Yolov1Assignment | import('@yolo-loss/yolov2').Yolov2Assignment
 *   | import('@yolo-loss/yolov3').Yolov3Assignment | import('@yolo-loss/yolov4').Yolov4Assignment} Assignment
 */

/**
 * A version's functions as the demo calls them, predictions in the order of its `heads`.
 * @typedef {object} VersionImpl
 * @property {(preds: tf.Tensor4D[], gt: GtBox[][]) => LossTerms} loss
 * @property {(preds: tf.Tensor4D[]) => Promise<Detection[][]>} decode
 * @property {((preds: tf.Tensor4D | tf.Tensor4D[], gt: GtBox[][], config: Record<string, unknown>) => Promise<Assignment>) | undefined} assignment
 *   the package's assignment read-back, where it exports one (a single tensor for v1/v2)
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
 * A package export that is a function, as the signature the demo calls it with: the package is
 * imported by name at run time, so its types are not known here; undefined for anything else.
 * @template {(...args: never[]) => unknown} F
 * @param {unknown} value
 * @returns {F | undefined}
 */
function asFunction(value) {
  return typeof value === 'function' ? /** @type {F} */ (value) : undefined;
}

/**
 * Loads a version's loss and decoder (and, where exported, its assignment read-back) from its
 * package.
 * @param {VersionSpec} spec
 * @param {(pkg: string) => Promise<Record<string, unknown>>} [importer] - how to import a
 *   package (a bundled page passes static imports)
 * @returns {Promise<VersionImpl | { missing: string }>}
 */
export async function loadVersion(spec, importer = (pkg) => import(/* @vite-ignore */ pkg)) {
  let mod;
  try {
    mod = await importer(spec.pkg);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { missing: `${spec.pkg} could not be loaded (${message.split('\n')[0]})` };
  }
  /** @typedef {tf.Tensor4D | tf.Tensor4D[]} Preds - one tensor for a `single` version, else a list */
  /** @type {((preds: Preds, gt: GtBox[][], config: Record<string, unknown>) => LossTerms) | undefined} */
  const lossFn = asFunction(mod[spec.lossName]);
  /** @type {((preds: Preds, options: Record<string, unknown>) => Promise<Detection[][]>) | undefined} */
  const decodeFn = asFunction(mod[spec.decodeName]);
  /** @type {VersionImpl['assignment']} */
  const assignment = asFunction(mod[`${spec.name}Assignment`]);
  if (!lossFn || !decodeFn) {
    const absent = [spec.lossName, spec.decodeName].filter((n) => typeof mod[n] !== 'function');
    return { missing: `${spec.pkg} does not export ${absent.join(' and ')} yet` };
  }
  /** @param {tf.Tensor4D[]} preds */
  const arg = (preds) => (spec.single ? preds[0] : preds);
  return {
    loss: (preds, gt) => lossFn(arg(preds), gt, spec.config),
    decode: (preds) => decodeFn(arg(preds), { ...spec.config, ...spec.decodeOptions }),
    assignment,
  };
}
