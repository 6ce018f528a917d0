// A plain tfjs-core model — variables and functional ops only — trained with the YOLOv4 loss
// through `tf.variableGrads` and `optimizer.applyGradients`.
//
//   node docs/examples/core-variables.mjs [--steps 60]
import * as tf from '@tensorflow/tfjs-core';
import { disposeBackend, initBackend } from '@yolo-loss/backend';
import { yolov4Loss, resolveYolov4Config, decodeYolov4 } from '@yolo-loss/yolov4';
import { stepsFromArgv, syntheticBatch } from './synthetic-batch.mjs';

await initBackend();
const numClasses = 2;
const config = resolveYolov4Config({
  preset: 'paper',
  numClasses,
  inputSize: [32, 32],
  anchors: [[6, 6], [9, 9], [12, 12], [16, 16]],
  masks: [[0, 1], [2, 3]], // head 0: stride 8 (4×4), head 1: stride 16 (2×2)
  scaleXY: [1.1, 1.05],
});
const channels = 2 * (5 + numClasses);

const init = (shape, name) => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / (shape[0] * shape[1] * shape[2])), 'float32', name.length), true, name);
const weights = {
  conv1: init([3, 3, 3, 16], 'conv1'),
  conv2: init([3, 3, 16, 32], 'conv2'),
  conv3: init([3, 3, 32, 32], 'conv3'),
  head8: init([1, 1, 32, channels], 'head8'),
  conv4: init([3, 3, 32, 32], 'conv4'),
  head16: init([1, 1, 32, channels], 'head16'),
};
function model(x) {
  const conv = (t, w, stride) => tf.relu(tf.conv2d(t, w, stride, 'same'));
  const f8 = conv(conv(conv(x, weights.conv1, 2), weights.conv2, 2), weights.conv3, 2);
  const f16 = conv(f8, weights.conv4, 2);
  return [tf.conv2d(f8, weights.head8, 1, 'same'), tf.conv2d(f16, weights.head16, 1, 'same')];
}

const { images, groundTruth } = syntheticBatch();
const optimizer = tf.train.adam(1e-3);
const steps = stepsFromArgv(150);
const history = [];
for (let step = 0; step < steps; step++) {
  const { value, grads } = tf.variableGrads(() => yolov4Loss(model(images), groundTruth, config).total);
  optimizer.applyGradients(grads);
  history.push((await value.data())[0]);
  tf.dispose([value, ...Object.values(grads)]);
  if (step % 10 === 0) console.log(`step ${step}: loss ${history.at(-1).toFixed(4)}`);
}
const heads = tf.tidy(() => model(images));
const detections = await decodeYolov4(heads, { ...config, scoreThreshold: 0.3 });
tf.dispose(heads);
console.log(`image 0: ${detections[0].length} detections, ground truth ${groundTruth[0].length} boxes`);
console.log(JSON.stringify({ first: history[0], last: history.at(-1), tensors: tf.memory().numTensors }));
// Release the WebGPU device, if one was created, so the script ends cleanly.
await disposeBackend();
