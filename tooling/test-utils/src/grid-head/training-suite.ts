import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { readTerms } from '../loss-terms.js';
import { randomPred, raggedGt } from '../random-inputs.js';
import { testBackend } from '../test-backend.js';
import type { GridHeadKit, GridHeadSuiteOptions } from './kit.js';

/**
 * Optimisation sanity check for both presets: 300 Adam steps on a free prediction tensor (the
 * small config, the ragged batch) lower the loss at least 10×. CPU project only (slow on the
 * software WebGPU adapter). One `describe`, `<version> training`.
 */
export function describeGridHeadTraining<O extends GridHeadSuiteOptions, T>(kit: GridHeadKit<O, T>): void {
  describe.runIf(testBackend() === 'cpu')(`${kit.version} training`, () => {
    it.each(['paper', 'darknet'] as const)(`${kit.version} %s: adam on a free prediction tensor lowers the loss at least 10×`, async (preset) => {
      const options = { ...kit.small, preset };
      const init = randomPred([3, 4, 4, kit.channels], 11, 0.5);
      const head = tf.variable(init);
      const optimizer = tf.train.adam(0.05);
      const lossValue = async (): Promise<number> => (await readTerms(kit.loss(head, raggedGt, options)))[0]!;
      const first = await lossValue();
      for (let step = 0; step < 300; step++) {
        const cost = optimizer.minimize(() => kit.loss(head, raggedGt, options).total as tf.Scalar, true, [head]);
        cost?.dispose();
      }
      const last = await lossValue();
      expect(Number.isFinite(last)).toBe(true);
      expect(last).toBeLessThan(first / 10);
      tf.dispose([init, head]);
      optimizer.dispose();
    });
  });
}
