import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, expectFinite, expectNoTensorLeak, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { encodeYolov1Targets, resolveYolov1Config, yolov1Loss, type LossResult } from '../src/index.js';
import { randomPred, raggedGt } from '@yolo-loss/test-utils';

const options = { gridSize: 4, numClasses: 3, boxesPerCell: 2 } as const;
const shape: [number, number, number, number] = [3, 4, 4, 13];
const tol = { abs: 1e-5, rel: 1e-5 };

async function terms(r: LossResult): Promise<number[]> {
  const list = [r.total, r.box, r.obj, r.noobj, r.cls];
  const out = await Promise.all(list.map(async (t) => (await values(t))[0]!));
  tf.dispose(list);
  return out;
}

describe('yolov1Loss', () => {
  it.each(['paper', 'darknet'] as const)('%s: total is the sum of the terms, result terms are scalars', async (preset) => {
    const pred = randomPred(shape, 3);
    const r = yolov1Loss(pred, raggedGt, { ...options, preset });
    expect(r.total.shape).toEqual([]);
    const [total, ...parts] = await terms(r);
    expectAllClose([total!], [parts.reduce((a, b) => a + b, 0)], tol, 'total');
    pred.dispose();
  });

  it('reports plain-number stats without reading the device', () => {
    const pred = randomPred([1, 4, 4, 13], 4);
    const gt = [[
      { x: 0.3, y: 0.3, w: 0.2, h: 0.2, classId: 0 },
      { x: 0.31, y: 0.32, w: 0.3, h: 0.2, classId: 1 },
      { x: 0.8, y: 0.8, w: 0.2, h: 0.2, classId: 2 },
    ]];
    const r = yolov1Loss(pred, gt, options);
    expect(r.stats).toEqual({ numImages: 1, numGt: 3, numTargets: 2, droppedTargets: 1 });
    tf.dispose([pred, r.total, r.box, r.obj, r.noobj, r.cls]);
  });

  it("'mean' divides the per-image sums by N (empty images included), 'sum' adds them", async () => {
    const pred = randomPred(shape, 5);
    const mean = await terms(yolov1Loss(pred, raggedGt, { ...options, reduction: 'mean' }));
    const sum = await terms(yolov1Loss(pred, raggedGt, { ...options, reduction: 'sum' }));
    expectAllClose(mean, sum.map((v) => v / 3), tol, 'mean = sum / N');
    // per-image sums add up to the batch sum
    let perImage = [0, 0, 0, 0, 0];
    for (let n = 0; n < 3; n++) {
      const one = tf.slice(pred, [n, 0, 0, 0], [1, 4, 4, 13]);
      const t = await terms(yolov1Loss(one, [raggedGt[n]!], { ...options, reduction: 'sum' }));
      perImage = perImage.map((v, i) => v + t[i]!);
      one.dispose();
    }
    expectAllClose(sum, perImage, { abs: 1e-4, rel: 1e-5 }, 'batch = Σ images');
    pred.dispose();
  });

  it('accepts the padded forms, an array of one tensor, and pre-encoded targets, with the same result', async () => {
    const pred = randomPred(shape, 6);
    const ref = await terms(yolov1Loss(pred, raggedGt, options));
    const rows = raggedGt.map((img) => {
      const r = img.map((b) => [b.x, b.y, b.w, b.h, b.classId]);
      while (r.length < 4) r.push([0, 0, 0, 0, -1]);
      return r;
    });
    const flat = Float32Array.from(rows.flat(2));
    const config = resolveYolov1Config(options);
    const variants = [
      yolov1Loss(pred, rows, options),
      yolov1Loss([pred], raggedGt, options),
      yolov1Loss(pred, encodeYolov1Targets(flat, config, 3), config),
    ];
    for (const [i, r] of variants.entries()) expectAllClose(await terms(r), ref, tol, `variant ${i}`);
    pred.dispose();
  });

  it('gives finite values and gradients for extreme predictions', async () => {
    for (const preset of ['paper', 'darknet'] as const) {
      const pred = randomPred(shape, 7, 80);
      const v = tf.variable(pred);
      const { value, grads } = tf.variableGrads(() => yolov1Loss(v, raggedGt, { ...options, preset }).total, [v]);
      await expectFinite(value, `${preset} loss`);
      for (const g of Object.values(grads)) await expectFinite(g, `${preset} grad`);
      tf.dispose([value, ...Object.values(grads), pred, v]);
    }
  });

  it('leaves no tensors behind over 50 loss + gradient steps', async () => {
    const v = tf.variable(randomPred([2, 4, 4, 13], 8));
    const gt = [raggedGt[0]!, raggedGt[2]!];
    await expectNoTensorLeak(() => {
      const { value, grads } = tf.variableGrads(() => yolov1Loss(v, gt, options).total, [v]);
      tf.dispose([value, ...Object.values(grads)]);
    }, 50);
    v.dispose();
  });
});

describe('yolov1Loss input validation', () => {
  const pred = (): tf.Tensor4D => randomPred([1, 4, 4, 13], 9);

  it.each([
    [{ x: Number.NaN, y: 0.5, w: 0.1, h: 0.1, classId: 0 }, /x.*image 0, box 1/],
    [{ x: 0.5, y: 1.5, w: 0.1, h: 0.1, classId: 0 }, /y.*image 0, box 1/],
    [{ x: 0.5, y: 0.5, w: 0, h: 0.1, classId: 0 }, /w.*image 0, box 1/],
    [{ x: 0.5, y: 0.5, w: 0.1, h: -1, classId: 0 }, /h.*image 0, box 1/],
    [{ x: 0.5, y: 0.5, w: 0.1, h: 0.1, classId: 3 }, /classId.*image 0, box 1/],
    [{ x: 0.5, y: 0.5, w: 0.1, h: 0.1, classId: 0.5 }, /classId.*image 0, box 1/],
  ])('rejects the bad box %j naming image and box', (bad, message) => {
    const p = pred();
    expect(() => yolov1Loss(p, [[{ x: 0.2, y: 0.2, w: 0.1, h: 0.1, classId: 0 }, bad]], options)).toThrow(message);
    p.dispose();
  });

  it('rejects predictions of the wrong shape, rank or dtype, naming the expected shape', () => {
    const wrong = [tf.zeros([1, 4, 4, 12]), tf.zeros([1, 4, 5, 13]), tf.zeros([4, 4, 13]), tf.zeros([1, 4, 4, 13], 'int32')];
    for (const t of wrong) expect(() => yolov1Loss(t as tf.Tensor4D, [[]], options)).toThrow(/\[N, 4, 4, 13\]/);
    tf.dispose(wrong);
  });

  it('rejects a batch size that differs from the number of GT lists', () => {
    const p = pred();
    expect(() => yolov1Loss(p, [[], []], options)).toThrow(/2 images.*batch size 1/);
    expect(() => yolov1Loss(p, encodeYolov1Targets([[], []], options), options)).toThrow(/batch 2/);
    p.dispose();
  });

  it('rejects a bad config key', () => {
    const p = pred();
    expect(() => yolov1Loss(p, [[]], { ...options, lambdaCoord: -2 })).toThrow(/lambdaCoord/);
    p.dispose();
  });
});
