// The demo's CPU Adam (src/adam.mjs) against tf.train.adam: same variables, gradients and
// learning-rate schedule for a few steps, same weights (float rounding aside).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerGradients } from '@yolo-loss/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuAdam, tfjsAdam } from '../src/adam.mjs';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerGradients();
});

/**
 * Trains two variables on a small least-squares problem and returns their values.
 * @param {import('../src/adam.mjs').Optimizer} optimizer
 * @param {string} prefix - of the variables' names
 * @returns {[number[][], number[]]}
 */
function run(optimizer, prefix) {
  const w = tf.variable(tf.tensor2d([[0.5, -1.2, 0.3], [2, 0.1, -0.7]]), true, `${prefix}/w`);
  const b = tf.variable(tf.tensor1d([0.2, -0.4, 0]), true, `${prefix}/b`);
  const x = tf.tensor2d([[1, 2], [-1, 0.5], [0.3, -2], [1.5, 1]]);
  const y = tf.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]]);
  for (let step = 0; step < 12; step++) {
    optimizer.learningRate = step < 6 ? 0.05 : 0.01;
    tf.tidy(() => optimizer.minimize(() => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, w), b), y)))));
  }
  /** @type {[number[][], number[]]} */
  const out = [w.arraySync(), b.arraySync()];
  tf.dispose([w, b, x, y]);
  optimizer.dispose();
  return out;
}

describe('cpuAdam', () => {
  it('follows tf.train.adam', () => {
    const [w1, b1] = run(cpuAdam(0.05), 'ours');
    const [w2, b2] = run(tfjsAdam(0.05), 'tfjs');
    expect(w1.flat().some((v, i) => v !== [[0.5, -1.2, 0.3], [2, 0.1, -0.7]].flat()[i])).toBe(true);
    w1.flat().forEach((v, i) => expect(v).toBeCloseTo(w2.flat()[i], 5));
    b1.forEach((v, i) => expect(v).toBeCloseTo(b2[i], 5));
  });
});
