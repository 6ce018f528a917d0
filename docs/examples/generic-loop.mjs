// One training loop for every YOLO version: the same code trains YOLOv1, v2, v3, v4, v5 and v8 through
// their version objects — resolve a config from numClasses and inputSize, build a model from
// outputShapes, minimise loss(...).total, decode. There is no branch on the version anywhere.
//
//   node docs/examples/generic-loop.mjs [--steps 80]
import * as tf from '@tensorflow/tfjs-core';
import { disposeBackend, initBackend } from '@yolo-loss/backend';
import { yolov1 } from '@yolo-loss/yolov1';
import { yolov2 } from '@yolo-loss/yolov2';
import { yolov3 } from '@yolo-loss/yolov3';
import { yolov4 } from '@yolo-loss/yolov4';
import { yolov5 } from '@yolo-loss/yolov5';
import { yolov8 } from '@yolo-loss/yolov8';
import { asArray, buildDetector } from './detector.mjs';
import { stepsFromArgv, syntheticBatch } from './synthetic-batch.mjs';

/**
 * Trains one version on a batch and decodes it afterwards.
 * @param {import('@yolo-loss/heads').YoloVersion} version
 */
async function train(version, images, groundTruth, steps) {
  const config = version.resolveConfig({ numClasses: 2, inputSize: [128, 128] });
  const model = buildDetector(config.inputSize, version.outputShapes(config));
  const optimizer = tf.train.adam(2e-3);
  const history = [];
  for (let step = 0; step < steps; step++) {
    const cost = optimizer.minimize(() => version.loss(asArray(model.apply(images)), groundTruth, config).total, true);
    history.push((await cost.data())[0]);
    cost.dispose();
  }
  const outputs = asArray(model.predict(images));
  const detections = await version.decode(outputs, { ...config, scoreThreshold: 0.01, maxDetections: 10 });
  tf.dispose(outputs);
  optimizer.dispose();
  model.dispose();
  return { version: version.name, first: history[0], last: history.at(-1), detections: detections.map((d) => d.length) };
}

await initBackend();
const { images, groundTruth } = syntheticBatch(128, 4);
const steps = stepsFromArgv(80);
const results = [];
for (const version of [yolov1, yolov2, yolov3, yolov4, yolov5, yolov8]) {
  const r = await train(version, images, groundTruth, steps);
  console.log(`${r.version}: loss ${r.first.toFixed(3)} → ${r.last.toFixed(3)}, detections per image ${r.detections.join(', ')}`);
  results.push(r);
}
images.dispose();
console.log(JSON.stringify({ results, tensors: tf.memory().numTensors }));
await disposeBackend();
