// A tfjs-layers model trained with the YOLOv3 loss in a `model.fit`-style custom loop:
// epochs, an optimizer, `onEpochEnd` logging. model.fit itself cannot take ragged ground truth,
// so the loop calls the loss directly — the usual pattern for detection losses in tfjs.
//
//   node docs/examples/layers-model.mjs [--steps 60]
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { disposeBackend, initBackend } from '@yolo-loss/backend';
import { yolov3Loss, resolveYolov3Config } from '@yolo-loss/yolov3';
import { stepsFromArgv, syntheticBatch } from './synthetic-batch.mjs';

await initBackend();
const numClasses = 2;
// Two heads for a 32×32 input: stride 16 (2×2 grid) gets the large anchors, stride 8 (4×4) the small.
const config = resolveYolov3Config({
  preset: 'paper',
  numClasses,
  inputSize: [32, 32],
  anchors: [[6, 6], [9, 9], [12, 12], [16, 16]],
  masks: [[2, 3], [0, 1]],
});
const channels = 2 * (5 + numClasses);

// Functional tfjs-layers model with two outputs, NHWC.
const input = tfl.input({ shape: [32, 32, 3] });
const c1 = tfl.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(input);
const c2 = tfl.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(c1);
const c3 = tfl.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(c2);
const small = tfl.layers.conv2d({ filters: channels, kernelSize: 1, name: 'head_stride8' }).apply(c3);
const c4 = tfl.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(c3);
const large = tfl.layers.conv2d({ filters: channels, kernelSize: 1, name: 'head_stride16' }).apply(c4);
const model = tfl.model({ inputs: input, outputs: [large, small] }); // order of config.masks

const { images, groundTruth } = syntheticBatch();
const optimizer = tf.train.adam(3e-3);
const callbacks = {
  onEpochEnd: (epoch, logs) => {
    if (epoch % 10 === 0) console.log(`epoch ${epoch}: loss ${logs.loss.toFixed(4)}`);
  },
};

const epochs = stepsFromArgv(150);
const history = [];
for (let epoch = 0; epoch < epochs; epoch++) {
  const cost = optimizer.minimize(() => {
    const heads = model.apply(images, { training: true });
    return yolov3Loss(heads, groundTruth, config).total;
  }, true);
  const loss = (await cost.data())[0];
  cost.dispose();
  history.push(loss);
  callbacks.onEpochEnd(epoch, { loss });
}
console.log(JSON.stringify({ first: history[0], last: history.at(-1), tensors: tf.memory().numTensors }));
// Release the WebGPU device, if one was created, so the script ends cleanly.
await disposeBackend();
