import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoTensorLeak } from '../leaks.js';
import { randomGt, randomHeads } from '../random-inputs.js';
import { expectFinite, values } from '../tensor-values.js';
import { testBackend } from '../test-backend.js';
import { inHeadOrder, type AnchorHeadKit, type AnchorHeadSuiteOptions, type HeadShape } from './kit.js';

/**
 * Optimisation sanity check for both presets: 300 Adam steps on free head tensors (64×48 input,
 * 3 classes, a fixed batch) lower the loss at least 10×. CPU project only (slow on software
 * WebGPU, and the numbers are the same). One `describe`, `<version> training`.
 */
export function describeAnchorHeadTraining<O extends AnchorHeadSuiteOptions, T>(kit: AnchorHeadKit<O, T>): void {
  const shapes = inHeadOrder<HeadShape>(kit, [
    [2, 2, 2, 24],
    [2, 3, 4, 24],
    [2, 6, 8, 24],
  ]);
  describe.runIf(testBackend() === 'cpu')(`${kit.version} training`, () => {
    for (const preset of ['paper', 'darknet'] as const) {
      it(`${kit.version} ${preset}: a few hundred Adam steps on a fixed batch lower the loss at least 10×`, async () => {
        const small: AnchorHeadSuiteOptions = { preset, inputSize: [64, 48], numClasses: 3 };
        const options = small as O;
        const vars = randomHeads(shapes, 5, 1).map((t) => {
          const v = tf.variable(t);
          t.dispose();
          return v;
        });
        const gt = randomGt(2, 4, 3, 21);
        const optimizer = tf.train.adam(0.05);
        const loss = () => kit.loss(vars, gt, options).total as tf.Scalar;
        const first = (await values(tf.tidy(loss)))[0]!;
        let last = first;
        for (let step = 0; step < 300; step++) {
          const cost = optimizer.minimize(loss, true);
          if (step === 299) last = (await values(cost!))[0]!;
          cost?.dispose();
        }
        console.info(`[${kit.version} training] ${preset}: ${first.toFixed(2)} → ${last.toFixed(4)} (÷${(first / last).toFixed(0)})`);
        expect(last).toBeLessThan(first / 10);
        optimizer.dispose();
        tf.dispose(vars);
      });
    }
  });
}

/** The full-size default layout of a version and how many leak-checked steps each preset runs. */
export interface FullSizeSuite {
  /** `[W, H]` of the default input (only for the title: the presets hold it). */
  inputSize: readonly [number, number];
  /** The default (square) grid of each head, in mask order: heads `[2, g, g, 3·(5 + 80)]`. */
  grids: readonly number[];
  /** Steps after the warm-up per preset (kept small: this runs in CI on both backends). */
  steps: Readonly<Record<'paper' | 'darknet', number>>;
}

/**
 * The full default layout (80 classes, batch 2, 20 boxes per image) for both presets: finite
 * gradients, and no tensor leak over the given steps; logs the time per step (never asserted).
 * One `describe`, `<version> full-size default`.
 */
export function describeAnchorHeadFullSize<O extends AnchorHeadSuiteOptions, T>(
  kit: AnchorHeadKit<O, T>,
  suite: FullSizeSuite,
): void {
  const [W, H] = suite.inputSize;
  const steps = `${suite.steps.paper} (paper) / ${suite.steps.darknet} (darknet) steps`;
  describe(`${kit.version} full-size default`, () => {
    it(`${kit.version}: loss + gradient at ${W}×${H}, C=80, batch 2, 20 boxes per image, no leak over ${steps}`, async () => {
      const heads = randomHeads(
        suite.grids.map((g): HeadShape => [2, g, g, 255]),
        9,
      );
      const gt = randomGt(2, 20, 80, 13);
      for (const preset of ['paper', 'darknet'] as const) {
        const options = { preset } as O;
        const g = tf.grads((...xs: tf.Tensor[]) => kit.loss(xs, gt, options).total)(heads);
        for (const [i, t] of g.entries()) await expectFinite(t, `grad head ${i}`);
        tf.dispose(g);
        const t0 = performance.now();
        await expectNoTensorLeak(async () => {
          const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => kit.loss(xs, gt, options).total)(heads);
          expect(Number.isFinite((await values(value))[0])).toBe(true);
          await values(grads[2]!);
          tf.dispose([value, ...grads]);
        }, suite.steps[preset]);
        console.info(
          `[${kit.version} ${testBackend()}] ${preset}: ${((performance.now() - t0) / (suite.steps[preset] + 1)).toFixed(0)} ms per loss + gradient step`,
        );
      }
      tf.dispose(heads);
    });
  });
}
