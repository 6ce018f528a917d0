// What the demo trains per loss version, as data: the package's version object, the config keys
// the demo sets on top of the `paper` preset (grid, anchors, masks, strides), the objectness prior
// of the model's heads, the step budget and the training recipe. Everything else — the loss, the
// targets, decoding, the output shapes the model is built from — goes through the version object
// (`YoloVersion` of @yolo-loss/heads), one code path for all of them: `prepareVersion`.
import { yolov1 } from '@yolo-loss/yolov1';
import { yolov2 } from '@yolo-loss/yolov2';
import { yolov3 } from '@yolo-loss/yolov3';
import { yolov4 } from '@yolo-loss/yolov4';
import { yolov5 } from '@yolo-loss/yolov5';
import { yolov8 } from '@yolo-loss/yolov8';

export const NUM_CLASSES = 3;
export const IMAGE_SIZE = 96;

/** Decoder settings for evaluation: a low score threshold, so the whole PR curve counts. */
export const EVAL_DECODE = { scoreThreshold: 0.01, nmsThreshold: 0.45, maxDetections: 100 };

/**
 * How the demo's anchors were fitted: `kmeansAnchors` of `@yolo-loss/data` (1 − IoU k-means)
 * started at the area quantiles, so the result needs no seed, for at most 100 rounds.
 * @type {import('@yolo-loss/data').KmeansAnchorsOptions}
 */
export const ANCHOR_KMEANS = { init: 'area-quantiles', iterations: 100 };

/**
 * Anchors of the two-head versions (v3, v4), input pixels; 0–2 for the stride-8 output, 3–5 for
 * stride 16. "Dimension clusters": `kmeansAnchors(sizes, 6, ANCHOR_KMEANS)` on the (w, h) of the
 * 2 578 boxes of the default training set (seed 1), rounded to 0.1 px; `test/anchors.test.mjs`
 * recomputes them. Mean best-anchor IoU 0.888 (the hand-picked 11…46 px: 0.866).
 * @type {[number, number][]}
 */
export const ANCHORS_PX = [[15.7, 15.4], [19.4, 19.6], [24.2, 24], [29.7, 29.7], [36.3, 36.1], [43.6, 44.2]];

/**
 * YOLOv2's anchors, input pixels: k = 3 on the same boxes, rounded to 0.1 px (1.11, 1.68, 2.49
 * cells of 16 px). Mean best-anchor IoU 0.809 (the hand-picked 0.8, 1.5, 2.5 cells: 0.751).
 * @type {[number, number][]}
 */
export const ANCHORS_V2_PX = [[17.7, 17.6], [26.9, 26.9], [39.8, 40]];

/**
 * The objectness (`to`) channel of each of `anchors` anchors in a `[.., A·(5 + C)]` output.
 * @param {number} anchors
 * @returns {number[]}
 */
const anchorObjectness = (anchors) => Array.from({ length: anchors }, (_, a) => a * (5 + NUM_CLASSES) + 4);

/**
 * @typedef {object} VersionEntry
 * @property {import('@yolo-loss/heads').YoloVersion} version - the package's version object
 * @property {string} title - what the console and report call it
 * @property {string} [preset] - the preset the options go on top of (default `'paper'`; YOLOv5 and
 *   YOLOv8 have only `'ultralytics'`)
 * @property {object} options - config keys set on top of the preset (numClasses and inputSize
 *   are added by `prepareVersion`); anchors in pixels (`anchorUnits: 'pixels'`) for every
 *   anchor-based version
 * @property {{ channels: number[], value: number }} objectnessPrior - initial bias of the
 *   objectness channels of every output (a low prior keeps early training stable; YOLOv1's are
 *   the confidences of its B predictors)
 * @property {'steps' | 'cosine'} schedule - learning-rate schedule after the warm-up: Darknet's
 *   `policy=steps` or cosine annealing (YOLOv4's "bag of freebies")
 * @property {number} mosaicFraction - share of the images of a batch that are Mosaics (0: none)
 * @property {number} steps - default training steps (each version's share of the time budget,
 *   enough for COCO mAP@0.5 ≥ 0.5 with a margin, see docs/demo.md)
 * @property {number} stepCost - time of one step relative to YOLOv1's on the CPU backend (the
 *   longest jobs start first; measured with the fused v3/v4 losses, docs/demo.md)
 */

/** @type {Record<string, VersionEntry>} */
export const VERSIONS = {
  yolov1: {
    version: yolov1,
    title: 'YOLOv1',
    // S = 6 (stride 16), B = 2 predictors per cell
    options: { gridSize: 6, boxesPerCell: 2 },
    objectnessPrior: { channels: [4, 9], value: -2 },
    schedule: 'steps',
    mosaicFraction: 0,
    steps: 350,
    stepCost: 1.0,
  },
  yolov2: {
    version: yolov2,
    title: 'YOLOv2',
    options: { gridSize: 6, anchors: ANCHORS_V2_PX, anchorUnits: 'pixels' },
    objectnessPrior: { channels: anchorObjectness(3), value: -4 },
    schedule: 'steps',
    mosaicFraction: 0,
    steps: 400,
    stepCost: 1.05,
  },
  yolov3: {
    version: yolov3,
    title: 'YOLOv3',
    // outputs in the order of `masks`: stride 16 (large anchors), stride 8 (small), as in yolov3.cfg
    options: { anchors: ANCHORS_PX, anchorUnits: 'pixels', masks: [[3, 4, 5], [0, 1, 2]], strides: [16, 8] },
    objectnessPrior: { channels: anchorObjectness(3), value: -4 },
    schedule: 'steps',
    mosaicFraction: 0,
    steps: 850,
    stepCost: 1.5,
  },
  yolov4: {
    version: yolov4,
    title: 'YOLOv4',
    // outputs in the order of `masks`: stride 8 (small anchors) first, as in yolov4.cfg
    options: {
      anchors: ANCHORS_PX,
      anchorUnits: 'pixels',
      masks: [[0, 1, 2], [3, 4, 5]],
      strides: [8, 16],
      scaleXY: [1.2, 1.1],
    },
    objectnessPrior: { channels: anchorObjectness(3), value: -4 },
    // the detector "bag of freebies" outside the loss: cosine annealing and Mosaic in a quarter
    // of each batch (half cost ≈ 0.1 mAP@0.5 in a run this short)
    schedule: 'cosine',
    mosaicFraction: 0.25,
    steps: 550,
    stepCost: 1.25,
  },
  yolov5: {
    version: yolov5,
    title: 'YOLOv5',
    preset: 'ultralytics',
    // outputs finest grid first (ultralytics' P3, P4 order): stride 8 with the small anchors
    options: { anchors: ANCHORS_PX, masks: [[0, 1, 2], [3, 4, 5]] },
    objectnessPrior: { channels: anchorObjectness(3), value: -4 },
    schedule: 'cosine',
    mosaicFraction: 0.25,
    steps: 900,
    stepCost: 1.3,
  },  yolov8: {
    version: yolov8,
    title: 'YOLOv8',
    preset: 'ultralytics',
    // the package's three outputs, strides 8, 16, 32 (12, 6 and 3 cells at 96 px); no anchors
    options: {},
    // YOLOv8 has no objectness: the prior goes on its class logits (after the 4·regMax DFL bins)
    objectnessPrior: { channels: Array.from({ length: NUM_CLASSES }, (_, c) => 4 * 16 + c), value: -4 },
    schedule: 'cosine',
    mosaicFraction: 0.25,
    steps: 1500,
    stepCost: 1.6,
  },

};

/**
 * A version's resolved config (every version's has at least these keys).
 * @typedef {Readonly<import('@yolo-loss/heads').YoloConfig>} VersionConfig
 */

/**
 * A version ready to train: its resolved config and the model heads its output shapes call for.
 * The same for every version.
 * @param {string} name - a key of {@link VERSIONS}
 * @param {{ preset?: string }} [overrides] - config keys on top of the table's (the playground
 *   picks the preset)
 * @returns {VersionEntry & { name: string, config: VersionConfig,
 *   heads: { stride: number, channels: number, biases: [number, number][] }[] }}
 */
export function prepareVersion(name, overrides = {}) {
  const entry = VERSIONS[name];
  if (!entry) throw new Error(`unknown version ${JSON.stringify(name)} (${Object.keys(VERSIONS).join(', ')})`);
  const { version, options, objectnessPrior } = entry;
  const config = version.resolveConfig({
    preset: entry.preset ?? 'paper',
    ...options,
    numClasses: NUM_CLASSES,
    inputSize: [IMAGE_SIZE, IMAGE_SIZE],
    ...overrides,
  });
  // [height, width, channels] per output, in the order loss and decode take them
  const heads = version.outputShapes(config).map(([height, , channels]) => ({
    stride: IMAGE_SIZE / height,
    channels,
    biases: objectnessPrior.channels.map((c) => /** @type {[number, number]} */ ([c, objectnessPrior.value])),
  }));
  return { ...entry, name: version.name, config, heads };
}
