import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { Tolerance } from '../expect-close.js';
import { expectFusedMatchesComposed } from '../implementation-parity.js';
import { randomGt, randomHeads, raggedGt } from '../random-inputs.js';
import type { GridHeadKit, GridHeadSuiteOptions } from './kit.js';

const tolerance: Tolerance = { abs: 1e-5, rel: 1e-4 };

/** One variant of a one-head fused suite: a title, config keys, and the `[H, W, channels]` they imply (default: the kit's small 4×4 layout). */
export type GridHeadFusedVariant<O> = readonly [title: string, options: O, layout?: readonly [number, number, number]];

/**
 * The fused kernel against the composed ops (the reference) on the test backend, for every
 * variant the version lists (random predictions in ±3, 6 boxes per image on a 4×4 grid: many
 * collisions), a ragged and an empty batch, extreme predictions (every channel in ±80), targets
 * encoded ahead and a resolved config; and the errors for an unknown implementation. Each check
 * compares the five terms and the gradient at abs 1e-5 / rel 1e-4 and counts the tensors the fused
 * call leaves. One `describe`, `<version> fused ≡ composed`.
 */
export function describeGridHeadFusedMatchesComposed<O extends GridHeadSuiteOptions, T>(
  kit: GridHeadKit<O, T>,
  variants: readonly GridHeadFusedVariant<O>[],
): void {
  const small = kit.small;
  const loss = (heads: tf.Tensor[], gt: Parameters<typeof kit.loss>[1], options?: O & { implementation?: string }) =>
    kit.loss(heads as tf.Tensor4D[], gt, options);
  const pred = (batch: number, seed: number, scale: number, layout: readonly [number, number, number] = [4, 4, kit.channels]) =>
    randomHeads([[batch, ...layout]], seed, scale);

  describe(`${kit.version} fused ≡ composed`, () => {
    for (const [index, [title, options, layout]] of variants.entries()) {
      it(`${kit.version} ${title}: random predictions, 6 boxes per image`, async () => {
        const heads = pred(3, 11 + index, 3, layout);
        const config = { ...small, ...options };
        const gt = randomGt(3, 6, config.numClasses ?? 3, 5 + index);
        await expectFusedMatchesComposed(loss, heads, gt, config, tolerance, title);
        tf.dispose(heads);
      });
    }

    it(`${kit.version}: a ragged batch (an image without boxes) and a batch without any box`, async () => {
      const heads = pred(3, 4, 2);
      await expectFusedMatchesComposed(loss, heads, raggedGt, { ...small, preset: 'darknet' }, tolerance, 'ragged darknet');
      await expectFusedMatchesComposed(loss, heads, raggedGt, { ...small, preset: 'paper' }, tolerance, 'ragged paper');
      await expectFusedMatchesComposed(loss, heads, [[], [], []], { ...small }, tolerance, 'no boxes');
      tf.dispose(heads);
    });

    for (const preset of ['paper', 'darknet'] as const) {
      it(`${kit.version} ${preset}: extreme predictions, every channel in ±80 (saturated σ and softmax)`, async () => {
        const heads = pred(3, 9, 80);
        await expectFusedMatchesComposed(loss, heads, randomGt(3, 4, 3, 2), { ...small, preset }, tolerance, `extreme ${preset}`);
        tf.dispose(heads);
      });
    }

    it(`${kit.version}: targets encoded ahead of the step, and a resolved config`, async () => {
      const heads = pred(3, 21, 2);
      const options = { ...small, preset: 'darknet' } as O;
      const targets = kit.encodeTargets(raggedGt, options);
      await expectFusedMatchesComposed(loss, heads, targets, options, tolerance, 'encoded targets');
      await expectFusedMatchesComposed(loss, heads, raggedGt, kit.resolve(options) as O, tolerance, 'resolved config');
      tf.dispose(heads);
    });

    it(`${kit.version}: an unknown implementation is an error naming options.implementation and the allowed values`, () => {
      const heads = pred(3, 1, 1);
      expect(() => kit.loss(heads[0]!, raggedGt, { ...small, implementation: 'gpu' })).toThrow(
        /options\.implementation must be 'auto', 'fused' or 'composed', got "gpu"/,
      );
      expect(() => kit.loss(heads[0]!, raggedGt, { ...(kit.resolve(small) as O), implementation: 1 as never })).toThrow(
        /options\.implementation must be/,
      );
      tf.dispose(heads);
    });
  });
}
