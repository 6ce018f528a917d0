import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose } from '../expect-close.js';
import { expectNoTensorLeak } from '../leaks.js';
import { readTerms } from '../loss-terms.js';
import { randomPred, raggedGt } from '../random-inputs.js';
import { expectFinite } from '../tensor-values.js';
import type { GridHeadKit, GridHeadSuiteOptions } from './kit.js';

const tol = { abs: 1e-5, rel: 1e-5 };

// Bad boxes (the second box of image 0) and the field each error must name.
const badBoxes = [
  [{ x: Number.NaN, y: 0.5, w: 0.1, h: 0.1, classId: 0 }, /x.*image 0, box 1/],
  [{ x: Infinity, y: 0.5, w: 0.1, h: 0.1, classId: 0 }, /x.*image 0, box 1/],
  [{ x: 0.5, y: 1.5, w: 0.1, h: 0.1, classId: 0 }, /y.*image 0, box 1/],
  [{ x: 0.5, y: -0.1, w: 0.1, h: 0.1, classId: 0 }, /y.*image 0, box 1/],
  [{ x: 0.5, y: 0.5, w: 0, h: 0.1, classId: 0 }, /w.*image 0, box 1/],
  [{ x: 0.5, y: 0.5, w: 0.1, h: -1, classId: 0 }, /h.*image 0, box 1/],
  [{ x: 0.5, y: 0.5, w: 0.1, h: 2, classId: 0 }, /h.*image 0, box 1/],
  [{ x: 0.5, y: 0.5, w: 0.1, h: 0.1, classId: 3 }, /classId.*image 0, box 1/],
  [{ x: 0.5, y: 0.5, w: 0.1, h: 0.1, classId: 0.5 }, /classId.*image 0, box 1/],
  [{ x: 0.5, y: 0.5, w: 0.1, h: 0.1, classId: -1 }, /classId.*image 0, box 1/],
] as const;

/** What differs between the one-head versions in the shared loss tests. */
export interface GridHeadLossSuite {
  /**
   * Per preset, the prediction range (±) that must still give finite values and gradients (YOLOv2's
   * paper size term `(p_w·e^{tw} − ŵ)²` leaves float32 past tw ≈ 43).
   */
  extremeScale: Readonly<Record<'paper' | 'darknet', number>>;
}

/**
 * The loss tests YOLOv1 and YOLOv2 share (4×4 grid, 3 classes, the ragged batch of
 * `raggedGt`): term sums, both reductions, every ground-truth form, extreme predictions, no
 * leak, and the input checks. Two `describe`s: `<version>Loss` and `<version>Loss input validation`.
 */
export function describeGridHeadLoss<O extends GridHeadSuiteOptions, T>(kit: GridHeadKit<O, T>, suite: GridHeadLossSuite): void {
  const { version, small: options, channels: ch } = kit;
  const shape: [number, number, number, number] = [3, 4, 4, ch];

  describe(`${version}Loss`, () => {
    it.each(['paper', 'darknet'] as const)(`${version} %s: total is the sum of the terms, result terms are scalars`, async (preset) => {
      const pred = randomPred(shape, 3);
      const r = kit.loss(pred, raggedGt, { ...options, preset });
      expect(r.total.shape).toEqual([]);
      const [total, ...parts] = await readTerms(r);
      expectAllClose([total!], [parts.reduce((a, b) => a + b, 0)], tol, 'total');
      pred.dispose();
    });

    it(`${version}: 'mean' divides the per-image sums by N (empty images included), 'sum' adds them`, async () => {
      const pred = randomPred(shape, 5);
      const mean = await readTerms(kit.loss(pred, raggedGt, { ...options, reduction: 'mean' }));
      const sum = await readTerms(kit.loss(pred, raggedGt, { ...options, reduction: 'sum' }));
      expectAllClose(mean, sum.map((v) => v / 3), tol, 'mean = sum / N');
      // per-image sums add up to the batch sum
      let perImage = [0, 0, 0, 0, 0];
      for (let n = 0; n < 3; n++) {
        const one = tf.slice(pred, [n, 0, 0, 0], [1, 4, 4, ch]);
        const t = await readTerms(kit.loss(one, [raggedGt[n]!], { ...options, reduction: 'sum' }));
        perImage = perImage.map((v, i) => v + t[i]!);
        one.dispose();
      }
      expectAllClose(sum, perImage, { abs: 1e-4, rel: 1e-5 }, 'batch = Σ images');
      pred.dispose();
    });

    it(`${version}: accepts the padded forms, an array of one tensor, and pre-encoded targets, with the same result`, async () => {
      const pred = randomPred(shape, 6);
      const ref = await readTerms(kit.loss(pred, raggedGt, options));
      const rows = raggedGt.map((img) => {
        const r = img.map((b) => [b.x, b.y, b.w, b.h, b.classId]);
        while (r.length < 4) r.push([0, 0, 0, 0, -1]);
        return r;
      });
      const flat = Float32Array.from(rows.flat(2));
      const config = kit.resolve(options) as O;
      const variants = [
        kit.loss(pred, rows, options),
        kit.loss([pred], raggedGt, options),
        kit.loss(pred, kit.encodeTargets(flat, config, 3), config),
      ];
      for (const [i, r] of variants.entries()) expectAllClose(await readTerms(r), ref, tol, `variant ${i}`);
      pred.dispose();
    });

    it.each([
      ['paper', suite.extremeScale.paper],
      ['darknet', suite.extremeScale.darknet],
    ] as const)(`${version} %s: finite values and gradients for predictions up to ±%d`, async (preset, scale) => {
      const pred = randomPred(shape, 7, scale);
      const v = tf.variable(pred);
      const { value, grads } = tf.variableGrads(() => kit.loss(v, raggedGt, { ...options, preset }).total as tf.Scalar, [v]);
      await expectFinite(value, `${preset} loss`);
      for (const g of Object.values(grads)) await expectFinite(g, `${preset} grad`);
      tf.dispose([value, ...Object.values(grads), pred, v]);
    });

    it(`${version}: leaves no tensors behind over 50 loss + gradient steps`, async () => {
      const v = tf.variable(randomPred([2, 4, 4, ch], 8));
      const gt = [raggedGt[0]!, raggedGt[2]!];
      await expectNoTensorLeak(() => {
        const { value, grads } = tf.variableGrads(() => kit.loss(v, gt, options).total as tf.Scalar, [v]);
        tf.dispose([value, ...Object.values(grads)]);
      }, 50);
      v.dispose();
    });
  });

  describe(`${version}Loss input validation`, () => {
    const pred = (): tf.Tensor4D => randomPred([1, 4, 4, ch], 9);

    it.each(badBoxes)(`${version}: rejects the bad box %j naming image and box`, (bad, message) => {
      const p = pred();
      expect(() => kit.loss(p, [[{ x: 0.2, y: 0.2, w: 0.1, h: 0.1, classId: 0 }, bad]], options)).toThrow(message);
      p.dispose();
    });

    it(`${version}: rejects predictions of the wrong shape, rank or dtype, naming the expected shape`, () => {
      const wrong = [
        tf.zeros([1, 4, 4, ch - 1]),
        tf.zeros([1, 4, 4, ch + 1]),
        tf.zeros([1, 4, 5, ch]),
        tf.zeros([1, 5, 4, ch]),
        tf.zeros([4, 4, ch]),
        tf.zeros([1, 4, 4, ch], 'int32'),
      ];
      const expected = new RegExp(`\\[N, 4, 4, ${ch}\\]`);
      for (const t of wrong) expect(() => kit.loss(t as tf.Tensor4D, [[]], options)).toThrow(expected);
      tf.dispose(wrong);
    });

    it(`${version}: rejects a batch size that differs from the number of GT lists`, () => {
      const p = pred();
      expect(() => kit.loss(p, [[], []], options)).toThrow(/2 images.*batch size 1/);
      expect(() => kit.loss(p, kit.encodeTargets([[], []], options), options)).toThrow(/batch 2/);
      p.dispose();
    });

    it(`${version}: rejects a bad config key`, () => {
      const p = pred();
      expect(() => kit.loss(p, [[]], { ...options, lambdaCoord: -2 })).toThrow(/lambdaCoord/);
      p.dispose();
    });
  });
}
