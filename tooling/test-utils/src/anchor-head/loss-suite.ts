import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoTensorLeak } from '../leaks.js';
import type { FixtureGtBox } from '../loss-fixtures.js';
import { disposeResult, randomGt, randomHeads } from '../random-inputs.js';
import { expectFinite, values } from '../tensor-values.js';
import type { GroundTruthLike } from '../suite-types.js';
import { gridsOf, inHeadOrder, type AnchorHeadKit, type AnchorHeadSuiteOptions, type HeadShape } from './kit.js';

/**
 * A two-head layout on the non-square input of {@link nonSquareLayout} (96×32, one class, four
 * anchors): the version's masks and keys, its heads, and the slots its ground truth must get.
 */
export interface NonSquareCase<O> {
  /** What the case adds to the title, e.g. `'custom anchors'`. */
  what: string;
  /** `masks` (two anchors per head) and any key of the version, on top of {@link nonSquareLayout}. */
  options: O;
  /** One shape per mask, in mask order (`[1, H, W, 12]`). */
  shapes: readonly HeadShape[];
  groundTruth: FixtureGtBox[][];
  /** The expected `stats.responsible` rows `[head, image, row, col, anchor]`. */
  responsible: number[][];
}

/** What differs between the versions in the shared loss tests. */
export interface AnchorHeadLossSuite<O> {
  /** Option sets (on top of the small config) that must give finite losses and gradients for extreme predictions. */
  extremeSweep: readonly O[];
  /** Option sets for the 500-box image (the ignore rule batched over predictions × boxes). */
  ignoreRuleSweep: readonly O[];
  nonSquare: NonSquareCase<O>;
}

/** The non-square layout of {@link NonSquareCase}: 96×32 input, one class, four anchors (pixels). */
export const nonSquareLayout: AnchorHeadSuiteOptions = {
  inputSize: [96, 32],
  numClasses: 1,
  anchors: [
    [8, 8],
    [16, 12],
    [30, 20],
    [60, 30],
  ],
};

// The small config of the loss tests: 64×64 input, 2 classes, 3 anchors per head (21 channels).
const smallOptions = { inputSize: [64, 64], numClasses: 2 } as const;
const smallShapes: HeadShape[] = [
  [2, 2, 2, 21],
  [2, 4, 4, 21],
  [2, 8, 8, 21],
];
const oneImageShapes: HeadShape[] = [
  [1, 2, 2, 21],
  [1, 4, 4, 21],
  [1, 8, 8, 21],
];

/** The loss terms (read back) and finite gradients of `total` for every head. */
async function lossAndGrads<O extends AnchorHeadSuiteOptions, T>(
  kit: AnchorHeadKit<O, T>,
  heads: tf.Tensor[],
  groundTruth: GroundTruthLike | T,
  options: O,
): Promise<{ total: number; terms: number[] }> {
  const r = kit.loss(heads, groundTruth, options);
  const total = (await values(r.total))[0]!;
  const terms = await Promise.all([r.box, r.obj, r.noobj, r.cls].map(async (t) => (await values(t))[0]!));
  disposeResult(r);
  const grads = tf.grads((...xs: tf.Tensor[]) => kit.loss(xs, groundTruth, options).total)(heads);
  for (const [i, g] of grads.entries()) await expectFinite(g, `grad head ${i}`);
  tf.dispose(grads);
  return { total, terms };
}

/**
 * The loss tests every anchor-head version shares: term sums and reductions, extreme inputs,
 * every ground-truth form, a 500-box image, a two-head non-square layout, and no tensor leak.
 * Registers one vitest `describe` named `<version> loss`.
 */
export function describeAnchorHeadLoss<O extends AnchorHeadSuiteOptions, T>(
  kit: AnchorHeadKit<O, T>,
  suite: AnchorHeadLossSuite<O>,
): void {
  const small = smallOptions as O;
  const shapes = inHeadOrder(kit, smallShapes);
  const grids = gridsOf(shapes);

  describe(`${kit.version} loss`, () => {
    for (const preset of ['paper', 'darknet'] as const) {
      it(`${kit.version} ${preset}: total = box + obj + noobj + cls, 'mean' = 'sum' / N`, async () => {
        const heads = randomHeads(shapes);
        const gt = randomGt(2, 4, 2);
        const mean = await lossAndGrads(kit, heads, gt, { ...small, preset });
        const sum = await lossAndGrads(kit, heads, gt, { ...small, preset, reduction: 'sum' });
        expect(mean.total).toBeCloseTo(
          mean.terms.reduce((a, b) => a + b, 0),
          3,
        );
        expect(sum.total / 2).toBeCloseTo(mean.total, 3);
        tf.dispose(heads);
      });
    }

    it(`${kit.version}: zero-size predicted boxes, huge tw/th and extreme logits give finite losses and gradients`, async () => {
      // per head i: tw −100 on head 0 (else 50), th 50 on head 1 (else −100), objectness 80, the rest −80
      const heads = randomHeads(shapes).map((h, i) => {
        const [n, hh, w, ch] = h.shape;
        const data = new Float32Array(n * hh * w * ch);
        for (let k = 0; k < data.length; k++) {
          const channel = (k % ch) % 7;
          data[k] =
            channel === 2 ? (i === 0 ? -100 : 50) : channel === 3 ? (i === 1 ? 50 : -100) : channel === 4 ? 80 : -80;
        }
        h.dispose();
        return tf.tensor4d(data, [n, hh, w, ch]);
      });
      const gt = randomGt(2, 5, 2);
      for (const options of suite.extremeSweep) {
        const r = await lossAndGrads(kit, heads, gt, { ...small, ...options });
        expect(Number.isFinite(r.total), JSON.stringify(options)).toBe(true);
      }
      tf.dispose(heads);
    });

    for (const preset of ['paper', 'darknet'] as const) {
      it(`${kit.version} ${preset}: padded ground truth (number[][][] and Float32Array) equals the ragged lists`, async () => {
        const heads = randomHeads(shapes);
        const gt = randomGt(2, 3, 2);
        gt[1] = gt[1]!.slice(0, 1);
        // padding rows: class −1, and a zero-size box
        const rows = gt.map((img) => [
          ...img.map((b) => [b.x, b.y, b.w, b.h, b.classId]),
          [0, 0, 0, 0, -1],
          [0.5, 0.5, 0, 0, 0],
        ]);
        while (rows[1]!.length < rows[0]!.length) rows[1]!.push([0, 0, 0, 0, -1]);
        const flat = Float32Array.from(rows.flat(2));
        const options = { ...small, preset };
        const a = await lossAndGrads(kit, heads, gt, options);
        const b = await lossAndGrads(kit, heads, rows, options);
        const c = await lossAndGrads(kit, heads, kit.encodeTargets(flat, { ...options, batchSize: 2, gridSizes: grids }), options);
        expect(b.total).toBeCloseTo(a.total, 4);
        expect(c.total).toBeCloseTo(a.total, 4);
        const rFlat = kit.loss(heads, rows, options);
        expect(rFlat.stats.numGt).toBe(4);
        disposeResult(rFlat);
        tf.dispose(heads);
      });
    }

    it(`${kit.version}: an image with 500 boxes works (ignore rule batched over predictions × boxes)`, async () => {
      const heads = randomHeads(inHeadOrder(kit, oneImageShapes), 3);
      const gt = randomGt(1, 500, 2, 11);
      for (const options of suite.ignoreRuleSweep) {
        const r = await lossAndGrads(kit, heads, gt, { ...small, ...options });
        expect(Number.isFinite(r.total), JSON.stringify(options)).toBe(true);
      }
      const r = kit.loss(heads, gt, small);
      expect(r.stats.numGt).toBe(500);
      // every GT claims its best anchor (kept or dropped); extra anchors add claims
      if (kit.claimsExtraAnchors) expect(r.stats.numTargets + r.stats.droppedTargets).toBeGreaterThanOrEqual(500);
      else expect(r.stats.numTargets + r.stats.droppedTargets).toBe(500);
      disposeResult(r);
      tf.dispose(heads);
    });

    it(`${kit.version}: works with non-square inputs and two heads (${suite.nonSquare.what})`, async () => {
      const { groundTruth, responsible } = suite.nonSquare;
      const options = { ...(nonSquareLayout as O), ...suite.nonSquare.options };
      const heads = randomHeads(suite.nonSquare.shapes);
      const r = kit.loss(heads, groundTruth, options);
      expect(r.stats.responsible.map((s) => [...s])).toEqual(responsible);
      disposeResult(r);
      await lossAndGrads(kit, heads, groundTruth, options);
      tf.dispose(heads);
    });

    it(`${kit.version}: leaves no tensors behind`, async () => {
      const heads = randomHeads(shapes);
      const gt = randomGt(2, 4, 2);
      await expectNoTensorLeak(async () => {
        // darknet: the prediction-basis ignore rule and the slot sharing / merging paths
        const r = kit.loss(heads, gt, { ...small, preset: 'darknet' });
        await values(r.total);
        disposeResult(r);
        const g = tf.grads((...xs: tf.Tensor[]) => kit.loss(xs, gt, small).total)(heads);
        tf.dispose(g);
      }, 3);
      tf.dispose(heads);
    });
  });
}
