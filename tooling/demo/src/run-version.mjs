// One version end to end: data, model, training, validation. Runs in a worker thread (CPU:
// versions train in parallel, one per core) or in the main thread (WebGPU: one device). Every
// version takes the same path through its version object (version-table.mjs: prepareVersion).
import * as tf from '@tensorflow/tfjs-core';
import { generateDataset } from './dataset.mjs';
import { evaluate } from './evaluate.mjs';
import { installFastKernels } from './fast-kernels.mjs';
import { createModel } from './model.mjs';
import { train } from './train.mjs';
import { NUM_CLASSES, prepareVersion } from './version-table.mjs';

/**
 * @typedef {import('./dataset.mjs').Dataset} Dataset
 * @typedef {{ seed: number, trainCount: number, valCount: number, size: number }} DataOptions
 */

/**
 * @typedef {import('@yolo-loss/geometry').DetectionMetrics} DetectionMetrics
 * @typedef {Omit<DetectionMetrics, 'perClass' | 'curves'>} CocoSummary
 */

/**
 * One version's training run: what it learnt and how long it took.
 * @typedef {object} RunResult
 * @property {string} version - the version object's name, e.g. 'yolov3'
 * @property {string} title - what the console and report call it
 * @property {number} outputs - model outputs (heads)
 * @property {string} backend
 * @property {boolean} mosaic - Mosaic was used
 * @property {import('./version-table.mjs').VersionEntry['schedule']} schedule - the learning-rate
 *   schedule used
 * @property {number} parameters
 * @property {number} steps
 * @property {number} seconds - training time (without the evaluations during training)
 * @property {number} evalSeconds - the final evaluation
 * @property {number} evalDuringTrainingSeconds - the evaluations every `evalEvery` steps
 * @property {number} finalLoss - mean total loss of the last 5 % of the steps
 * @property {import('./train.mjs').History} history
 * @property {CocoSummary} coco - COCO metrics of the final model
 * @property {import('@yolo-loss/geometry').ClassMetrics[]} perClass - AP and AP@0.5 per class
 * @property {{ recallPoints: number[], perClass: { classId: number, precision: number[], recall: number }[] }} prCurves -
 *   per class at IoU 0.5: interpolated precision at each recall point, and the final recall
 * @property {number[][]} confusion - `(C + 1) × (C + 1)`, rows true class, columns predicted
 *   (background last), at the report's score threshold
 * @property {{ step: number, map50: number, map: number }[]} mapHistory - COCO mAP@0.5 and
 *   mAP@[.5:.95] during training and at the end
 * @property {import('@yolo-loss/geometry').Detection[][]} detections - of the first validation images
 */

/**
 * Data sets are cached per thread: every version trains and validates on the same images.
 * @type {Map<string, { train: Dataset, val: Dataset }>}
 */
const cache = new Map();

/**
 * The training and validation sets of a seed (cached).
 * @param {DataOptions} options
 * @returns {{ train: Dataset, val: Dataset }}
 */
export function datasets({ seed, trainCount, valCount, size }) {
  const key = `${seed}/${trainCount}/${valCount}/${size}`;
  let sets = cache.get(key);
  if (!sets) {
    sets = {
      train: generateDataset({ count: trainCount, seed: seed * 2 + 1, size }),
      val: generateDataset({ count: valCount, seed: seed * 2 + 2, size }),
    };
    cache.set(key, sets);
  }
  return sets;
}

/**
 * The validation set alone (the main thread draws its images in the report).
 * @param {Omit<DataOptions, 'trainCount'>} options
 */
export function validationSet({ seed, valCount, size }) {
  return generateDataset({ count: valCount, seed: seed * 2 + 2, size });
}

/**
 * The summary numbers of `evaluateDetections` (everything but the per-class lists and curves).
 * @param {DetectionMetrics} coco
 * @returns {CocoSummary}
 */
function summary({ perClass: _perClass, curves: _curves, ...rest }) {
  return rest;
}

/**
 * @param {{ version: string, seed: number, steps: number, batchSize: number, lr: number,
 *           mosaic: boolean, cosine: boolean, evalEvery: number, trainCount: number,
 *           valCount: number, size: number, keepDetections: number }} options - `mosaic`,
 *   `cosine`: allow the version's Mosaic and cosine schedule (the CLI's `--no-mosaic`,
 *   `--no-cosine`); `evalEvery`: evaluate on the validation set every this many steps (0: only
 *   at the end)
 * @param {(step: number, terms: Record<string, number>) => void} onStep
 * @returns {Promise<RunResult>} history, metrics, timings, and the detections of the first
 *   `keepDetections` validation images
 */
export async function runVersion(options, onStep) {
  const v = prepareVersion(options.version);
  if (tf.getBackend() === 'cpu') installFastKernels();
  const { train: trainData, val } = datasets(options);
  const mosaicFraction = options.mosaic ? v.mosaicFraction : 0;
  const schedule = v.schedule === 'cosine' && !options.cosine ? 'steps' : v.schedule;
  const model = createModel({ seed: options.seed * 7 + 3, heads: v.heads });
  /** @param {boolean} full */
  const evaluation = (full) => evaluate({ model, version: v.version, config: v.config, data: val, numClasses: NUM_CLASSES, full });
  /** @type {RunResult['mapHistory']} */
  const mapHistory = [];
  let evalSeconds = 0;
  try {
    const result = await train({
      model,
      loss: (outputs, groundTruth) => v.version.loss(outputs, groundTruth, v.config),
      data: trainData,
      steps: options.steps,
      batchSize: options.batchSize,
      lr: options.lr,
      schedule,
      mosaicFraction,
      seed: options.seed * 13 + 5,
      onStep,
      checkpoint:
        options.evalEvery > 0
          ? {
              every: options.evalEvery,
              run: async (step) => {
                const m = await evaluation(false);
                mapHistory.push({ step, map50: m.coco.map50, map: m.coco.map });
                evalSeconds += m.seconds;
              },
            }
          : undefined,
    });
    const final = await evaluation(true);
    mapHistory.push({ step: options.steps, map50: final.coco.map50, map: final.coco.map });
    const { curves } = final.coco;
    if (!curves || !final.confusion) throw new Error(`${v.name}: the final evaluation gave no precision–recall curves or confusion matrix`);
    const atHalf = curves.iouThresholds.indexOf(0.5);
    return {
      version: v.name,
      title: v.title,
      outputs: v.heads.length,
      backend: tf.getBackend(),
      mosaic: mosaicFraction > 0,
      schedule,
      parameters: model.parameterCount,
      steps: options.steps,
      seconds: result.seconds,
      evalSeconds: final.seconds,
      evalDuringTrainingSeconds: evalSeconds,
      finalLoss: result.finalLoss,
      history: result.history,
      coco: summary(final.coco),
      perClass: final.coco.perClass,
      prCurves: {
        recallPoints: curves.recallPoints,
        perClass: curves.perClass.map((c) => ({ classId: c.classId, precision: c.precision[atHalf], recall: c.recall[atHalf] })),
      },
      confusion: final.confusion,
      mapHistory,
      detections: final.detections.slice(0, options.keepDetections),
    };
  } finally {
    model.dispose();
  }
}
