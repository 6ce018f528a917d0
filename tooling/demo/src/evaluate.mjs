// Validation: run the trained model on the validation images, decode with the version's own
// decoder (score threshold + NMS from @yolo-loss/geometry), then mAP@0.5 and mAP@0.5:0.95.
import * as tf from '@tensorflow/tfjs-core';
import { meanAveragePrecision } from './map.mjs';
import { packBatch } from './model.mjs';

/**
 * @param {{ model: { apply: (x: tf.Tensor4D) => tf.Tensor4D[] },
 *           decode: import('./versions.mjs').VersionImpl['decode'],
 *           data: import('./dataset.mjs').Dataset, numClasses: number, batchSize?: number }} options
 */
export async function evaluate({ model, decode, data, numClasses, batchSize = 32 }) {
  const start = performance.now();
  const detections = [];
  for (let i = 0; i < data.images.length; i += batchSize) {
    const preds = tf.tidy(() => model.apply(packBatch(data.images.slice(i, i + batchSize), data.size)));
    try {
      detections.push(...(await decode(preds)));
    } finally {
      tf.dispose(preds);
    }
  }
  const metrics = meanAveragePrecision(detections, data.boxes, numClasses);
  return { ...metrics, detections, seconds: (performance.now() - start) / 1000 };
}
