// One version end to end: data, model, training, validation. Runs in a worker thread (CPU:
// versions train in parallel, one per core) or in the main thread (WebGPU: one device).
import * as tf from '@tensorflow/tfjs-core';
import { generateDataset } from './dataset.mjs';
import { evaluate } from './evaluate.mjs';
import { installFastKernels } from './fast-kernels.mjs';
import { createModel } from './model.mjs';
import { train } from './train.mjs';
import { loadVersion, NUM_CLASSES, VERSIONS } from './versions.mjs';

/**
 * @typedef {import('./dataset.mjs').Dataset} Dataset
 * @typedef {{ seed: number, trainCount: number, valCount: number, size: number }} DataOptions
 */

/**
 * One version's training run: what it learnt and how long it took.
 * @typedef {object} TrainedResult
 * @property {string} version
 * @property {undefined} [skipped]
 * @property {string} backend
 * @property {boolean} mosaic - Mosaic was used
 * @property {boolean} cosine - the cosine schedule was used
 * @property {number} parameters
 * @property {number} steps
 * @property {number} seconds - training time
 * @property {number} evalSeconds
 * @property {number} finalLoss - mean total loss of the last 5 % of the steps
 * @property {import('./train.mjs').History} history
 * @property {number} map50
 * @property {number} map50_95
 * @property {(number | null)[]} perClass50 - AP@0.5 per class; null without ground truth
 * @property {import('./map.mjs').Detection[][]} detections - of the first validation images
 */

/**
 * A version that did not train (its package does not export what the demo needs).
 * @typedef {{ version: string, skipped: string }} SkippedResult
 */

/** @typedef {TrainedResult | SkippedResult} RunResult */

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
 * @param {{ version: string, seed: number, steps: number, batchSize: number, lr: number,
 *           mosaic: boolean, cosine: boolean, trainCount: number, valCount: number, size: number,
 *           keepDetections: number }} options
 * @param {(step: number, terms: Record<string, number>) => void} onStep
 * @returns {Promise<RunResult>} history, metrics, timings, and the detections of the first
 *   `keepDetections` validation images
 */
export async function runVersion(options, onStep) {
  const spec = VERSIONS[options.version];
  if (tf.getBackend() === 'cpu') installFastKernels();
  const impl = await loadVersion(spec);
  if ('missing' in impl) return { version: spec.name, skipped: impl.missing };
  const { train: trainData, val } = datasets(options);
  const freebies = Boolean(spec.freebies);
  const mosaicOn = freebies && options.mosaic;
  const cosineOn = freebies && options.cosine;
  const model = createModel({ seed: options.seed * 7 + 3, heads: spec.heads });
  try {
    const result = await train({
      model,
      loss: impl.loss,
      data: trainData,
      steps: options.steps,
      batchSize: options.batchSize,
      lr: options.lr,
      cosine: cosineOn,
      mosaicFraction: mosaicOn ? spec.mosaicFraction ?? 0.5 : 0,
      seed: options.seed * 13 + 5,
      onStep,
    });
    const metrics = await evaluate({ model, decode: impl.decode, data: val, numClasses: NUM_CLASSES });
    return {
      version: spec.name,
      backend: tf.getBackend(),
      mosaic: mosaicOn,
      cosine: cosineOn,
      parameters: model.parameterCount,
      steps: options.steps,
      seconds: result.seconds,
      evalSeconds: metrics.seconds,
      finalLoss: result.finalLoss,
      history: result.history,
      map50: metrics.map50,
      map50_95: metrics.map50_95,
      perClass50: metrics.perClass50,
      detections: metrics.detections.slice(0, options.keepDetections),
    };
  } finally {
    model.dispose();
  }
}
