import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { Tolerance } from '../expect-close.js';
import { expectFusedMatchesComposed } from '../implementation-parity.js';
import { randomGt, randomHeads, raggedGt } from '../random-inputs.js';
import type { AnchorHeadKit, AnchorHeadSuiteOptions, HeadShape } from './kit.js';

const tolerance: Tolerance = { abs: 1e-5, rel: 1e-4 };
// 64×48 input, 3 classes, small anchors so that every head gets responsible slots (24 channels)
const small: AnchorHeadSuiteOptions = {
  inputSize: [64, 48],
  numClasses: 3,
  anchors: [[3, 4], [5, 9], [10, 7], [9, 19], [19, 14], [18, 36], [36, 28], [48, 40], [60, 44]],
};
const shapes: HeadShape[] = [
  [3, 6, 8, 24],
  [3, 3, 4, 24],
  [3, 2, 2, 24],
];

/**
 * The fused kernels against the composed ops (the reference) on the test backend, for every
 * `[title, options]` variant the version lists, a ragged and an empty batch, and extreme
 * predictions; and the error for an unknown implementation. One `describe`, `<version> fused ≡ composed`.
 */
export function describeFusedMatchesComposed<O extends AnchorHeadSuiteOptions, T>(
  kit: AnchorHeadKit<O, T>,
  variants: readonly (readonly [string, O])[],
): void {
  const base = small as O;
  const loss = (heads: tf.Tensor[], gt: Parameters<typeof kit.loss>[1], options?: O & { implementation?: string }) =>
    kit.loss(heads, gt, options);

  describe(`${kit.version} fused ≡ composed`, () => {
    for (const [name, options] of variants) {
      it(`${kit.version} ${name}: random predictions, 6 boxes per image`, async () => {
        const heads = randomHeads(shapes, 11, 3);
        await expectFusedMatchesComposed(loss, heads, randomGt(3, 6, 3, 5), { ...base, ...options }, tolerance, name);
        tf.dispose(heads);
      });
    }

    it(`${kit.version}: a ragged batch (an image without boxes) and a batch without any box`, async () => {
      const heads = randomHeads(shapes, 4, 2);
      await expectFusedMatchesComposed(loss, heads, raggedGt, { ...base, preset: 'darknet' }, tolerance, 'ragged');
      await expectFusedMatchesComposed(loss, heads, [[], [], []], { ...base }, tolerance, 'no boxes');
      tf.dispose(heads);
    });

    it(`${kit.version}: extreme predictions: every channel in ±80 (saturated logits, tw/th past the exponent clamp)`, async () => {
      const heads = randomHeads(shapes, 9, 80);
      await expectFusedMatchesComposed(loss, heads, randomGt(3, 4, 3, 2), { ...base, preset: 'darknet' }, tolerance, 'extreme');
      tf.dispose(heads);
    });

    it(`${kit.version}: an unknown implementation is an error naming options.implementation and the allowed values`, () => {
      const heads = randomHeads(shapes, 1, 1);
      expect(() => kit.loss(heads, raggedGt, { ...base, implementation: 'gpu' })).toThrow(
        /options\.implementation must be 'auto', 'fused' or 'composed', got "gpu"/,
      );
      tf.dispose(heads);
    });
  });
}
