// One version end to end: data, model, training, validation. Runs in a worker thread (CPU:
// versions train in parallel, one per core) or in the main thread (WebGPU: one device).
import * as tf from '@tensorflow/tfjs-core';
import { generateDataset } from './dataset.mjs';
import { evaluate } from './evaluate.mjs';
import { installFastKernels } from './fast-kernels.mjs';
import { createModel } from './model.mjs';
import { train } from './train.mjs';
import { loadVersion, NUM_CLASSES, VERSIONS } from './versions.mjs';

/** Data sets are cached per thread: every version trains and validates on the same images. */
const cache = new Map();
export function datasets({ seed, trainCount, valCount, size }) {
  const key = `${seed}/${trainCount}/${valCount}/${size}`;
  if (!cache.has(key)) {
    cache.set(key, {
      train: generateDataset({ count: trainCount, seed: seed * 2 + 1, size }),
      val: generateDataset({ count: valCount, seed: seed * 2 + 2, size }),
    });
  }
  return cache.get(key);
}

/** The validation set alone (the main thread draws its images in the report). */
export function validationSet({ seed, valCount, size }) {
  return generateDataset({ count: valCount, seed: seed * 2 + 2, size });
}

/**
 * @param {{ version: string, seed: number, steps: number, batchSize: number, lr: number,
 *           mosaic: boolean, cosine: boolean, trainCount: number, valCount: number, size: number,
 *           keepDetections: number }} options
 * @param {(step: number, terms: Record<string, number>) => void} onStep
 * @returns {Promise<object>} history, metrics, timings, and the detections of the first
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
