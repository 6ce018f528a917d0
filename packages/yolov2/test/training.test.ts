import * as tf from '@tensorflow/tfjs-core';
import { testBackend, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { yolov2Loss } from '../src/index.js';
import { randomPred, raggedGt } from '@yolo-loss/test-utils';

// Training is slow on the software WebGPU adapter: CPU project only.
describe.runIf(testBackend() === 'cpu')('yolov2 training', () => {
  it.each(['paper', 'darknet'] as const)('%s: adam on a free prediction tensor lowers the loss at least 10×', async (preset) => {
    const options = { preset, gridSize: 4, numClasses: 3, anchors: [[0.8, 1.2], [2, 1.5], [3.5, 3]] as [number, number][] };
    const init = randomPred([3, 4, 4, 24], 11, 0.5);
    const head = tf.variable(init);
    const optimizer = tf.train.adam(0.05);
    const lossValue = async (): Promise<number> => {
      const r = yolov2Loss(head, raggedGt, options);
      const v = (await values(r.total))[0]!;
      tf.dispose([r.total, r.box, r.obj, r.noobj, r.cls]);
      return v;
    };
    const first = await lossValue();
    for (let step = 0; step < 300; step++) {
      const cost = optimizer.minimize(() => yolov2Loss(head, raggedGt, options).total, true, [head]);
      cost?.dispose();
    }
    const last = await lossValue();
    expect(Number.isFinite(last)).toBe(true);
    expect(last).toBeLessThan(first / 10);
    tf.dispose([init, head]);
    optimizer.dispose();
  });
});
