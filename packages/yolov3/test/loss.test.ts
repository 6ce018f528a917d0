import * as tf from '@tensorflow/tfjs-core';
import { expectFinite, expectNoTensorLeak, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { encodeYolov3Targets, yolov3Loss, type GtBox, type Yolov3Options } from '../src/index.js';
import { disposeResult, randomGt, randomHeads } from '@yolo-loss/test-utils';

const small: Yolov3Options = { inputSize: [64, 64], numClasses: 2 };
const shapes = [
  [2, 2, 2, 21],
  [2, 4, 4, 21],
  [2, 8, 8, 21],
] as const;

async function lossAndGrads(
  heads: tf.Tensor[],
  gt: Parameters<typeof yolov3Loss>[1],
  options: Yolov3Options,
) {
  const r = yolov3Loss(heads, gt, options);
  const total = (await values(r.total))[0]!;
  const terms = await Promise.all(
    [r.box, r.obj, r.noobj, r.cls].map(async (t) => (await values(t))[0]!),
  );
  disposeResult(r);
  const grads = tf.grads((...xs: tf.Tensor[]) => yolov3Loss(xs, gt, options).total)(heads);
  for (const [i, g] of grads.entries()) await expectFinite(g, `grad head ${i}`);
  const flat = await Promise.all(grads.map((g) => values(g)));
  tf.dispose(grads);
  return { total, terms, grads: flat };
}

describe('yolov3 loss', () => {
  for (const preset of ['paper', 'darknet'] as const) {
    it(`${preset}: total = box + obj + noobj + cls, 'mean' = 'sum' / N`, async () => {
      const heads = randomHeads(shapes);
      const gt = randomGt(2, 4, 2);
      const mean = await lossAndGrads(heads, gt, { ...small, preset });
      const sum = await lossAndGrads(heads, gt, { ...small, preset, reduction: 'sum' });
      expect(mean.total).toBeCloseTo(
        mean.terms.reduce((a, b) => a + b, 0),
        3,
      );
      expect(sum.total / 2).toBeCloseTo(mean.total, 3);
      tf.dispose(heads);
    });
  }

  it('zero-size predicted boxes, huge tw/th and extreme logits give finite losses and gradients', async () => {
    const heads = randomHeads(shapes).map((h, i) => {
      const [n, hh, w, ch] = h.shape;
      const data = new Float32Array(n * hh * w * ch);
      for (let k = 0; k < data.length; k++) {
        const channel = (k % ch) % 7;
        data[k] =
          channel === 2
            ? i === 0
              ? -100
              : 50
            : channel === 3
              ? i === 1
                ? 50
                : -100
              : channel === 4
                ? 80
                : -80;
      }
      h.dispose();
      return tf.tensor4d(data, [n, hh, w, ch]);
    });
    const gt = randomGt(2, 5, 2);
    for (const preset of ['paper', 'darknet'] as const) {
      for (const ignoreBasis of ['prior', 'prediction'] as const) {
        for (const xyLoss of ['sse-logit', 'sse-sigmoid', 'bce'] as const) {
          const r = await lossAndGrads(heads, gt, { ...small, preset, ignoreBasis, xyLoss });
          expect(Number.isFinite(r.total)).toBe(true);
        }
      }
    }
    tf.dispose(heads);
  });

  it('padded ground truth (number[][][] and Float32Array) equals the ragged lists', async () => {
    const heads = randomHeads(shapes);
    const gt = randomGt(2, 3, 2);
    gt[1] = gt[1]!.slice(0, 1);
    const rows = gt.map((img) => [
      ...img.map((b) => [b.x, b.y, b.w, b.h, b.classId]),
      [0, 0, 0, 0, -1],
      [0.5, 0.5, 0, 0, 0],
    ]);
    while (rows[1]!.length < rows[0]!.length) rows[1]!.push([0, 0, 0, 0, -1]);
    const flat = Float32Array.from(rows.flat(2));
    const a = await lossAndGrads(heads, gt, { ...small, preset: 'darknet' });
    const b = await lossAndGrads(heads, rows, { ...small, preset: 'darknet' });
    const c = await lossAndGrads(
      heads,
      encodeYolov3Targets(flat, {
        ...small,
        preset: 'darknet',
        batchSize: 2,
        gridSizes: [
          [2, 2],
          [4, 4],
          [8, 8],
        ],
      }),
      { ...small, preset: 'darknet' },
    );
    expect(b.total).toBeCloseTo(a.total, 4);
    expect(c.total).toBeCloseTo(a.total, 4);
    const rFlat = yolov3Loss(heads, rows, { ...small, preset: 'darknet' });
    expect(rFlat.stats.numGt).toBe(4);
    disposeResult(rFlat);
    tf.dispose(heads);
  });

  it('an image with 500 boxes works (ignore rule batched over predictions × boxes)', async () => {
    const heads = randomHeads(
      [
        [1, 2, 2, 21],
        [1, 4, 4, 21],
        [1, 8, 8, 21],
      ],
      3,
    );
    const gt = randomGt(1, 500, 2, 11);
    for (const ignoreBasis of ['prior', 'prediction'] as const) {
      const r = await lossAndGrads(heads, gt, { ...small, ignoreBasis });
      expect(Number.isFinite(r.total)).toBe(true);
    }
    const r = yolov3Loss(heads, gt, small);
    expect(r.stats.numGt).toBe(500);
    expect(r.stats.numTargets + r.stats.droppedTargets).toBe(500);
    disposeResult(r);
    tf.dispose(heads);
  });

  it('works with non-square inputs, two heads and custom anchors', async () => {
    const options: Yolov3Options = {
      inputSize: [96, 32],
      numClasses: 1,
      anchors: [
        [8, 8],
        [16, 12],
        [30, 20],
        [60, 30],
      ],
      masks: [
        [2, 3],
        [0, 1],
      ],
    };
    const heads = randomHeads([
      [1, 1, 3, 12],
      [1, 2, 6, 12],
    ]);
    const gt: GtBox[][] = [
      [
        { x: 0.9, y: 0.1, w: 0.5, h: 0.8, classId: 0 },
        { x: 0.1, y: 0.9, w: 0.05, h: 0.2, classId: 0 },
      ],
    ];
    const r = yolov3Loss(heads, gt, options);
    expect(r.stats.responsible.map((s) => [...s])).toEqual([
      [0, 0, 0, 2, 1],
      [1, 0, 1, 0, 0],
    ]);
    disposeResult(r);
    await lossAndGrads(heads, gt, options);
    tf.dispose(heads);
  });

  it('paper keeps the first GT of a slot, darknet the last (with the union of classes)', () => {
    const heads = randomHeads([
      [1, 2, 2, 21],
      [1, 4, 4, 21],
      [1, 8, 8, 21],
    ]);
    const gt: GtBox[][] = [
      [
        { x: 0.3, y: 0.3, w: 0.5, h: 0.5, classId: 0 },
        { x: 0.31, y: 0.32, w: 0.52, h: 0.5, classId: 1 },
      ],
    ];
    const paper = encodeYolov3Targets(gt, {
      ...small,
      gridSizes: [
        [2, 2],
        [4, 4],
        [8, 8],
      ],
    });
    const darknet = encodeYolov3Targets(gt, {
      ...small,
      preset: 'darknet',
      gridSizes: [
        [2, 2],
        [4, 4],
        [8, 8],
      ],
    });
    expect(paper.responsibleGt).toEqual([0]);
    expect(paper.dropped).toEqual([[0, 1, 2, 2, 2, 2]]);
    expect(darknet.responsibleGt).toEqual([1]);
    expect(darknet.responsible).toEqual(paper.responsible);
    const [h, n, row, col, a] = darknet.responsible[0]!;
    const head = darknet.heads[h]!;
    const idx = ((n * head.gridH + row) * head.gridW + col) * head.numAnchors + a;
    expect(Array.from(darknet.heads[h]!.classTarget.slice(idx * 2, idx * 2 + 2))).toEqual([1, 1]);
    expect(Array.from(paper.heads[h]!.classTarget.slice(idx * 2, idx * 2 + 2))).toEqual([1, 0]);
    // darknet's box target is the last GT's: t̂w = log(0.52·64 / 33)
    expect(darknet.heads[h]!.boxTarget[0]![idx * 4 + 2]).toBeCloseTo(Math.log((0.52 * 64) / 33), 5);
    expect(paper.heads[h]!.boxTarget[0]![idx * 4 + 2]).toBeCloseTo(Math.log((0.5 * 64) / 33), 5);
    tf.dispose(heads);
  });

  it('leaves no tensors behind', async () => {
    const heads = randomHeads(shapes);
    const gt = randomGt(2, 4, 2);
    await expectNoTensorLeak(async () => {
      const r = yolov3Loss(heads, gt, { ...small, ignoreBasis: 'prediction' });
      await values(r.total);
      disposeResult(r);
      const g = tf.grads((...xs: tf.Tensor[]) => yolov3Loss(xs, gt, small).total)(heads);
      tf.dispose(g);
    }, 3);
    tf.dispose(heads);
  });
});
