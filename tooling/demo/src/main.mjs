#!/usr/bin/env node
// `npm run demo` (until the training demo lands): pick WebGPU or CPU, compute an
// objectness-style loss on a small prediction grid, take its gradient, print both.
import * as tf from '@tensorflow/tfjs-core';
import { bceWithLogits, initBackend } from '@yolo-loss/backend';

const info = await initBackend(); // prints which backend and why
const logits = tf.variable(tf.randomNormal([2, 13, 13, 3], 0, 2, 'float32', 7), true, 'objectness');
const targets = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([2, 13, 13, 3], 0, 1, 'float32', 8), 0.97), 'float32'));

const { value, grads } = tf.variableGrads(() => tf.div(tf.sum(bceWithLogits(logits, targets)), 2));
const g = grads.objectness;
const [loss, gradNorm, gradMax] = await Promise.all([
  value.data(),
  tf.tidy(() => tf.norm(g)).data(),
  tf.tidy(() => tf.max(tf.abs(g))).data(),
]);
console.log(`backend        ${info.backend}${info.fellBack ? ` (fell back: ${info.reason})` : ''}`);
console.log(`loss           ${loss[0].toFixed(6)}  (BCE-with-logits objectness, 2×13×13×3 predictions, batch mean)`);
console.log(`gradient       shape [${g.shape.join(', ')}], ‖g‖ = ${gradNorm[0].toExponential(4)}, max |g| = ${gradMax[0].toExponential(4)}`);
tf.dispose([logits, targets, value, g]);
