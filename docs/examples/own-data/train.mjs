// The training loop and the loss over a whole split: the same for every version, through its
// version object.
import * as tf from '@tensorflow/tfjs-core';
import { asArray } from '../detector.mjs';
import { batchTensor, flipBoxes, shuffled } from './dataset.mjs';

/**
 * Trains `model` for `steps` minibatch steps with Adam: each epoch visits the training samples
 * in a new random order, each sample mirrored left–right with probability ½ (`flip`).
 *
 * @param {object} run
 * @param {import('@yolo-loss/heads').YoloVersion} run.version
 * @param {object} run.config - the version's resolved config.
 * @param {import('@tensorflow/tfjs-layers').LayersModel} run.model
 * @param {import('./dataset.mjs').Sample[]} run.train
 * @param {number} run.steps
 * @param {number} run.batchSize
 * @param {number} run.learningRate
 * @param {boolean} run.flip
 * @param {() => number} run.rng
 * @param {(step: number, loss: number) => void} [run.onStep]
 * @returns {Promise<number[]>} the loss of every step.
 */
export async function trainModel({
  version,
  config,
  model,
  train,
  steps,
  batchSize,
  learningRate,
  flip,
  rng,
  onStep,
}) {
  const optimizer = tf.train.adam(learningRate);
  const size = Math.min(batchSize, train.length);
  const history = [];
  let order = [];
  for (let step = 0; step < steps; step++) {
    if (order.length < size) order = shuffled(train.length, rng);
    const batch = order.splice(0, size).map((i) => train[i]);
    const flips = batch.map(() => flip && rng() < 0.5);
    const x = batchTensor(batch, config.inputSize, flips);
    const groundTruth = batch.map((s, n) => (flips[n] ? flipBoxes(s.boxes) : s.boxes));
    const cost = optimizer.minimize(
      () => version.loss(asArray(model.apply(x, { training: true })), groundTruth, config).total,
      true,
    );
    // One read per step, for the log; a production loop would read every few steps.
    const loss = (await cost.data())[0];
    tf.dispose([x, cost]);
    history.push(loss);
    onStep?.(step, loss);
  }
  optimizer.dispose();
  return history;
}

/**
 * The loss of `model` on some samples (no augmentation), in batches: the batch losses averaged
 * with the batch sizes as weights.
 *
 * @returns {Promise<number>}
 */
export async function datasetLoss(version, config, model, samples, batchSize) {
  let sum = 0;
  for (let at = 0; at < samples.length; at += batchSize) {
    const batch = samples.slice(at, at + batchSize);
    const total = tf.tidy(() => {
      const outputs = asArray(model.predict(batchTensor(batch, config.inputSize)));
      return version.loss(
        outputs,
        batch.map((s) => s.boxes),
        config,
      ).total;
    });
    sum += (await total.data())[0] * batch.length;
    total.dispose();
  }
  return sum / samples.length;
}
