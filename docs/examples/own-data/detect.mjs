// Detection on letterboxed images, mapped back to the original images, and COCO evaluation.
import * as tf from '@tensorflow/tfjs-core';
import { letterbox, unletterboxBoxes } from '@yolo-loss/data';
import { readImage } from '@yolo-loss/data/node';
import { evaluateDetections } from '@yolo-loss/geometry';
import { asArray } from '../detector.mjs';
import { batchTensor } from './dataset.mjs';

/**
 * Runs the model on samples and decodes: detections per image, normalised to the ORIGINAL image
 * (`unletterboxBoxes` undoes the letterbox and clips to the image).
 *
 * @param {import('@yolo-loss/heads').YoloVersion} version
 * @param {object} config - the version's resolved config.
 * @param {import('@tensorflow/tfjs-layers').LayersModel} model
 * @param {import('./dataset.mjs').Sample[]} samples
 * @param {object} decodeOptions - `scoreThreshold`, `nmsThreshold`, `maxDetections`, …
 * @param {number} batchSize
 * @returns {Promise<import('@yolo-loss/geometry').Detection[][]>}
 */
export async function detectSamples(version, config, model, samples, decodeOptions, batchSize) {
  const detections = [];
  for (let at = 0; at < samples.length; at += batchSize) {
    const batch = samples.slice(at, at + batchSize);
    const x = batchTensor(batch, config.inputSize);
    const outputs = asArray(model.predict(x));
    const perImage = await version.decode(outputs, { ...config, ...decodeOptions });
    tf.dispose([x, ...outputs]);
    detections.push(...perImage.map((d, n) => unletterboxBoxes(d, batch[n].info)));
  }
  return detections;
}

/**
 * COCO box metrics of detections against the samples' original boxes, in each original image's
 * pixel size (so AP small/medium/large use the real object sizes).
 *
 * @returns {import('@yolo-loss/geometry').DetectionMetrics}
 */
export function evaluateSamples(detections, samples, numClasses) {
  return evaluateDetections(
    detections,
    samples.map((s) => s.groundTruth),
    { imageSizes: samples.map((s) => s.info.originalSize), numClasses },
  );
}

/**
 * Detects objects in one image file: read, letterbox, predict, decode, map back.
 *
 * @returns {Promise<{ width: number, height: number, detections: import('@yolo-loss/geometry').Detection[], outputs: Float32Array[] }>}
 *   detections normalised to the image, and the raw model outputs (to compare two models).
 */
export async function detectImageFile(version, config, model, path, decodeOptions) {
  const image = await readImage(path);
  const lb = letterbox(image, [], config.inputSize); // lb: the input image, and scale and pad to undo
  const x = batchTensor([{ pixels: lb.image.data }], config.inputSize);
  const outputs = asArray(model.predict(x));
  const [detections] = await version.decode(outputs, { ...config, ...decodeOptions });
  const raw = await Promise.all(outputs.map((t) => t.data()));
  tf.dispose([x, ...outputs]);
  return {
    width: image.width,
    height: image.height,
    detections: unletterboxBoxes(detections, lb),
    outputs: raw,
  };
}
