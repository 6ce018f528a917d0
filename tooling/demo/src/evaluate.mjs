// Validation: run the trained model on the validation images, decode with the version object's
// `decode` (score threshold + NMS), then COCO mAP with `evaluateDetections` of
// @yolo-loss/geometry (pycocotools' COCOeval protocol), and for the report the per-class
// precision–recall curves and a confusion matrix.
import * as tf from '@tensorflow/tfjs-core';
import { evaluateDetections } from '@yolo-loss/geometry';
import { confusionMatrix } from './confusion.mjs';
import { packBatch } from './model.mjs';
import { EVAL_DECODE } from './version-table.mjs';

/** @typedef {import('@yolo-loss/geometry').Detection} Detection */

/** The score threshold of the report's detection drawings and confusion matrix. */
export const REPORT_SCORE = 0.3;

/**
 * The model's detections on `data`, decoded by the version object.
 * @param {{ model: { apply: (x: tf.Tensor4D) => tf.Tensor4D[] },
 *           version: import('@yolo-loss/heads').YoloVersion, config: import('./version-table.mjs').VersionConfig,
 *           data: import('./dataset.mjs').Dataset, batchSize?: number }} options
 * @returns {Promise<Detection[][]>} per image
 */
export async function detect({ model, version, config, data, batchSize = 32 }) {
  /** @type {Detection[][]} */
  const detections = [];
  for (let i = 0; i < data.images.length; i += batchSize) {
    const outputs = tf.tidy(() => model.apply(packBatch(data.images.slice(i, i + batchSize), data.size)));
    try {
      detections.push(...(await version.decode(outputs, { ...config, ...EVAL_DECODE })));
    } finally {
      tf.dispose(outputs);
    }
  }
  return detections;
}

/**
 * COCO metrics of the model on `data`.
 * @param {{ model: { apply: (x: tf.Tensor4D) => tf.Tensor4D[] },
 *           version: import('@yolo-loss/heads').YoloVersion, config: import('./version-table.mjs').VersionConfig,
 *           data: import('./dataset.mjs').Dataset, numClasses: number, full?: boolean }} options -
 *   `full`: also the precision–recall curves and the confusion matrix (the final evaluation);
 *   without it just the summary (the evaluations during training)
 * @returns {Promise<{ coco: import('@yolo-loss/geometry').DetectionMetrics, detections: Detection[][],
 *   confusion: number[][] | undefined, seconds: number }>} `coco.curves` and `confusion` only with `full`
 */
export async function evaluate({ model, version, config, data, numClasses, full = false }) {
  const start = performance.now();
  const detections = await detect({ model, version, config, data });
  const imageSizes = data.images.map(() => /** @type {[number, number]} */ ([data.size, data.size]));
  const coco = evaluateDetections(detections, data.boxes, { imageSizes, numClasses, curves: full });
  const confusion = full ? confusionMatrix(detections, data.boxes, { numClasses, iouThreshold: 0.5, scoreThreshold: REPORT_SCORE }) : undefined;
  return { coco, detections, confusion, seconds: (performance.now() - start) / 1000 };
}
