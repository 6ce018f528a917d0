import * as tf from '@tensorflow/tfjs-core';
import { disposeResult, expectAllClose, expectFinite, expectNoTensorLeak, randomGt, randomHeads, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { encodeYolov8Targets, yolov8Loss, type GtBox, type LossResult, type Yolov8Options } from '../src/index.js';

const small: Yolov8Options = { inputSize: [64, 64], numClasses: 3, regMax: 8 };
const shapes = (n: number) =>
  [
    [n, 8, 8, 35],
    [n, 4, 4, 35],
    [n, 2, 2, 35],
  ] as const;
const tolerance = { abs: 1e-5, rel: 1e-4 };

async function terms(r: LossResult): Promise<Record<'total' | 'box' | 'cls' | 'dfl' | 'obj' | 'noobj', number>> {
  const keys = ['total', 'box', 'cls', 'dfl', 'obj', 'noobj'] as const;
  const v = await Promise.all(keys.map(async (k) => (await values(r[k]))[0]!));
  disposeResult(r);
  return Object.fromEntries(keys.map((k, i) => [k, v[i]!])) as Record<(typeof keys)[number], number>;
}

describe('yolov8 loss', () => {
  for (const implementation of ['fused', 'composed'] as const) {
    it(`${implementation}: total = box + cls + dfl, obj = noobj = 0; 'sum' = N × 'mean'`, async () => {
      const outputs = randomHeads(shapes(3), 2, 2);
      const gt = randomGt(3, 4, 3, 9);
      const sum = await terms(yolov8Loss(outputs, gt, { ...small, implementation }));
      const mean = await terms(yolov8Loss(outputs, gt, { ...small, implementation, reduction: 'mean' }));
      expect(sum.total).toBeCloseTo(sum.box + sum.cls + sum.dfl, 3);
      expect([sum.obj, sum.noobj, mean.obj, mean.noobj]).toEqual([0, 0, 0, 0]);
      expectAllClose([sum.total, sum.box, sum.cls, sum.dfl], [3 * mean.total, 3 * mean.box, 3 * mean.cls, 3 * mean.dfl], tolerance, 'sum = 3 × mean');
      tf.dispose(outputs);
    });
  }

  it('padded ground truth (number[][][], Float32Array) and encoded targets equal the ragged lists', async () => {
    const outputs = randomHeads(shapes(2), 4, 2);
    const gt: GtBox[][] = [randomGt(1, 3, 3, 5)[0]!, randomGt(1, 1, 3, 6)[0]!];
    const row = (b: GtBox) => [b.x, b.y, b.w, b.h, b.classId];
    const padded = gt.map((image) => [...image.map(row), ...Array.from({ length: 3 - image.length }, () => [0, 0, 0, 0, -1])]);
    const expected = await terms(yolov8Loss(outputs, gt, small));
    for (const [name, input] of [
      ['number[][][]', padded],
      ['Float32Array', Float32Array.from(padded.flat(2))],
      ['encoded', encodeYolov8Targets(gt, small)],
    ] as const) {
      const got = await terms(yolov8Loss(outputs, input, small));
      expect({ name, ...got }).toEqual({ name, ...expected });
    }
    tf.dispose(outputs);
  });

  it('a batch without boxes: box = dfl = 0, cls = λclass · Σ softplus over every anchor and class; the DFL logits get no gradient', async () => {
    const outputs = randomHeads(shapes(2), 6, 2);
    for (const implementation of ['fused', 'composed'] as const) {
      const got = await terms(yolov8Loss(outputs, [[], []], { ...small, implementation, reduction: 'mean' }));
      // S = max(0, 1) = 1: the class BCE against 0 summed, times the gain
      let expected = 0;
      for (const o of outputs) {
        const v = await values(o);
        for (let i = 0; i < v.length; i++) if (i % 35 >= 32) expected += Math.log1p(Math.exp(v[i]!));
      }
      expectAllClose([got.box, got.dfl, got.cls], [0, 0, 0.5 * expected], tolerance, `${implementation} terms`);
      const grads = tf.grads((...xs: tf.Tensor[]) => yolov8Loss(xs, [[], []], { ...small, implementation }).total)(outputs);
      for (const g of grads) {
        const v = await values(g);
        expect(v.filter((_, i) => i % 35 < 32).every((x) => x === 0)).toBe(true);
      }
      tf.dispose(grads);
    }
    tf.dispose(outputs);
  });

  it('a box with no anchor point inside adds nothing and is counted in stats.droppedTargets', async () => {
    const outputs = randomHeads(shapes(1), 8, 2);
    const base: GtBox[] = [{ x: 0.3, y: 0.4, w: 0.3, h: 0.3, classId: 1 }];
    // 0.64 px wide around (2, 2) px: the anchor points of every output are multiples of 4 px
    const tiny: GtBox = { x: 2 / 64, y: 2 / 64, w: 0.01, h: 0.01, classId: 2 };
    const with_ = yolov8Loss(outputs, [[...base, tiny]], small);
    expect(with_.stats).toEqual({ numGt: 2, numTargets: with_.stats.numTargets, droppedTargets: 1 });
    expect(await terms(with_)).toEqual(await terms(yolov8Loss(outputs, [base], small)));
    tf.dispose(outputs);
  });

  it('saturated logits (±80) and 100 boxes per image: finite terms and gradients', async () => {
    for (const [scale, count] of [
      [80, 5],
      [2, 100],
    ] as const) {
      const outputs = randomHeads(shapes(2), 10, scale);
      const gt = randomGt(2, count, 3, 12, 0.01, 0.9);
      for (const implementation of ['fused', 'composed'] as const) {
        const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => yolov8Loss(xs, gt, { ...small, implementation }).total)(outputs);
        await expectFinite(value, `${implementation} ±${scale}, ${count} boxes: total`);
        for (const [i, g] of grads.entries()) await expectFinite(g, `${implementation} ±${scale}, ${count} boxes: gradient ${i}`);
        tf.dispose([value, ...grads]);
      }
      tf.dispose(outputs);
    }
  });

  it('leaves no tensors behind over repeated loss + gradient steps', async () => {
    const outputs = randomHeads(shapes(2), 14, 2);
    const gt = randomGt(2, 4, 3, 15);
    for (const implementation of ['fused', 'composed'] as const) {
      await expectNoTensorLeak(async () => {
        const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => yolov8Loss(xs, gt, { ...small, implementation }).total)(outputs);
        await values(value);
        tf.dispose([value, ...grads]);
        disposeResult(yolov8Loss(outputs, gt, { ...small, implementation }));
      }, 3);
    }
    tf.dispose(outputs);
  });
});
