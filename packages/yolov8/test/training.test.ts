import * as tf from '@tensorflow/tfjs-core';
import { randomGt, randomHeads, testBackend, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { yolov8Loss, type Yolov8Options } from '../src/index.js';

// Optimisation sanity check: CPU project only (slow on software WebGPU; the numbers are the same).
describe.runIf(testBackend() === 'cpu')('yolov8 training', () => {
  it('a few hundred Adam steps on free predictions lower the loss at least 10×', async () => {
    const options: Yolov8Options = { inputSize: [64, 48], numClasses: 3, regMax: 8 };
    const vars = randomHeads(
      [
        [2, 6, 8, 35],
        [2, 3, 4, 35],
      ],
      5,
      1,
    ).map((t) => {
      const v = tf.variable(t);
      t.dispose();
      return v;
    });
    const gt = randomGt(2, 4, 3, 21, 0.1, 0.6);
    const optimizer = tf.train.adam(0.05);
    const loss = () => yolov8Loss(vars, gt, options).total;
    const first = (await values(tf.tidy(loss)))[0]!;
    let last = first;
    for (let step = 0; step < 300; step++) {
      const cost = optimizer.minimize(loss, true);
      if (step === 299) last = (await values(cost!))[0]!;
      cost?.dispose();
    }
    console.info(`[yolov8 training] ${first.toFixed(3)} → ${last.toFixed(4)} (÷${(first / last).toFixed(0)})`);
    expect(last).toBeLessThan(first / 10);
    optimizer.dispose();
    tf.dispose(vars);
  });
});
