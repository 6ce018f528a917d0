import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, expectFinite, expectNoTensorLeak, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { encodeYolov2Targets, resolveYolov2Config, yolov2Assignment, yolov2Loss, type LossResult } from '../src/index.js';
import { randomPred, raggedGt } from '@yolo-loss/test-utils';

const anchors: [number, number][] = [[0.8, 1.2], [2, 1.5], [3.5, 3]];
const options = { gridSize: 4, numClasses: 3, anchors } as const;
const shape: [number, number, number, number] = [3, 4, 4, 24];
const tol = { abs: 1e-5, rel: 1e-5 };

async function terms(r: LossResult): Promise<number[]> {
  const list = [r.total, r.box, r.obj, r.noobj, r.cls];
  const out = await Promise.all(list.map(async (t) => (await values(t))[0]!));
  tf.dispose(list);
  return out;
}

describe('yolov2Loss', () => {
  it.each(['paper', 'darknet'] as const)('%s: total is the sum of the terms, result terms are scalars', async (preset) => {
    const pred = randomPred(shape, 3);
    const r = yolov2Loss(pred, raggedGt, { ...options, preset });
    expect(r.total.shape).toEqual([]);
    const [total, ...parts] = await terms(r);
    expectAllClose([total!], [parts.reduce((a, b) => a + b, 0)], tol, 'total');
    pred.dispose();
  });

  it('slot conflicts: paper keeps the first GT, darknet the last; stats count the dropped one', async () => {
    const pred = randomPred([1, 4, 4, 24], 4);
    const gt = [[
      { x: 0.3, y: 0.3, w: 0.2, h: 0.3, classId: 0 },
      { x: 0.31, y: 0.32, w: 0.21, h: 0.3, classId: 1 },
      { x: 0.8, y: 0.8, w: 0.6, h: 0.6, classId: 2 },
    ]];
    for (const [preset, keep, drop] of [['paper', 0, 1], ['darknet', 1, 0]] as const) {
      const r = yolov2Loss(pred, gt, { ...options, preset });
      expect(r.stats).toEqual({ numImages: 1, numGt: 3, numTargets: 2, droppedTargets: 1 });
      tf.dispose([r.total, r.box, r.obj, r.noobj, r.cls]);
      const a = await yolov2Assignment(pred, gt, { ...options, preset });
      expect(a.responsible.map((s) => s.box)).toEqual([keep, 2]);
      expect(a.dropped.map((s) => s.box)).toEqual([drop]);
    }
    pred.dispose();
  });

  it("'mean' divides the per-image sums by N (empty images included), 'sum' adds them", async () => {
    const pred = randomPred(shape, 5);
    const mean = await terms(yolov2Loss(pred, raggedGt, { ...options, reduction: 'mean' }));
    const sum = await terms(yolov2Loss(pred, raggedGt, { ...options, reduction: 'sum' }));
    expectAllClose(mean, sum.map((v) => v / 3), tol, 'mean = sum / N');
    let perImage = [0, 0, 0, 0, 0];
    for (let n = 0; n < 3; n++) {
      const one = tf.slice(pred, [n, 0, 0, 0], [1, 4, 4, 24]);
      const t = await terms(yolov2Loss(one, [raggedGt[n]!], { ...options, reduction: 'sum' }));
      perImage = perImage.map((v, i) => v + t[i]!);
      one.dispose();
    }
    expectAllClose(sum, perImage, { abs: 1e-4, rel: 1e-5 }, 'batch = Σ images');
    pred.dispose();
  });

  it('accepts the padded forms, an array of one tensor, and pre-encoded targets, with the same result', async () => {
    const pred = randomPred(shape, 6);
    const ref = await terms(yolov2Loss(pred, raggedGt, options));
    const rows = raggedGt.map((img) => {
      const r = img.map((b) => [b.x, b.y, b.w, b.h, b.classId]);
      while (r.length < 4) r.push([0, 0, 0, 0, -1]);
      return r;
    });
    const config = resolveYolov2Config(options);
    const variants = [
      yolov2Loss(pred, rows, options),
      yolov2Loss([pred], raggedGt, options),
      yolov2Loss(pred, encodeYolov2Targets(Float32Array.from(rows.flat(2)), config, 3), config),
    ];
    for (const [i, r] of variants.entries()) expectAllClose(await terms(r), ref, tol, `variant ${i}`);
    expect(() => yolov2Loss(pred, encodeYolov2Targets(raggedGt, options), { ...options, preset: 'darknet' })).toThrow(/slotConflict/);
    pred.dispose();
  });

  // paper: (p_w·e^{tw} − ŵ_c)² exceeds float32 for tw > ~43, so its bound is ±40 (see README).
  it.each([['paper', 40], ['darknet', 80]] as const)('%s: finite values and gradients for predictions up to ±%d', async (preset, scale) => {
    {
      const pred = randomPred(shape, 7, scale);
      const v = tf.variable(pred);
      const { value, grads } = tf.variableGrads(() => yolov2Loss(v, raggedGt, { ...options, preset }).total, [v]);
      await expectFinite(value, `${preset} loss`);
      for (const g of Object.values(grads)) await expectFinite(g, `${preset} grad`);
      tf.dispose([value, ...Object.values(grads), pred, v]);
    }
  });

  it('paper: a responsible tw beyond float32 range gives an infinite loss, never NaN', async () => {
    const pred = randomPred(shape, 7, 80);
    const v = tf.variable(pred);
    const { value, grads } = tf.variableGrads(() => yolov2Loss(v, raggedGt, options).total, [v]);
    expect(Number.isNaN((await values(value))[0])).toBe(false);
    for (const g of Object.values(grads)) expect((await values(g)).some(Number.isNaN)).toBe(false);
    tf.dispose([value, ...Object.values(grads), pred, v]);
  });

  it('leaves no tensors behind over 50 loss + gradient steps', async () => {
    const v = tf.variable(randomPred([2, 4, 4, 24], 8));
    const gt = [raggedGt[0]!, raggedGt[2]!];
    await expectNoTensorLeak(() => {
      const { value, grads } = tf.variableGrads(() => yolov2Loss(v, gt, options).total, [v]);
      tf.dispose([value, ...Object.values(grads)]);
    }, 50);
    v.dispose();
  });
});

describe('yolov2Loss input validation', () => {
  const pred = (): tf.Tensor4D => randomPred([1, 4, 4, 24], 9);

  it.each([
    [{ x: Infinity, y: 0.5, w: 0.1, h: 0.1, classId: 0 }, /x.*image 0, box 1/],
    [{ x: 0.5, y: -0.1, w: 0.1, h: 0.1, classId: 0 }, /y.*image 0, box 1/],
    [{ x: 0.5, y: 0.5, w: 0, h: 0.1, classId: 0 }, /w.*image 0, box 1/],
    [{ x: 0.5, y: 0.5, w: 0.1, h: 2, classId: 0 }, /h.*image 0, box 1/],
    [{ x: 0.5, y: 0.5, w: 0.1, h: 0.1, classId: -1 }, /classId.*image 0, box 1/],
  ])('rejects the bad box %j naming image and box', (bad, message) => {
    const p = pred();
    expect(() => yolov2Loss(p, [[{ x: 0.2, y: 0.2, w: 0.1, h: 0.1, classId: 0 }, bad]], options)).toThrow(message);
    p.dispose();
  });

  it('rejects predictions of the wrong shape, rank or dtype, naming the expected shape', () => {
    const wrong = [tf.zeros([1, 4, 4, 25]), tf.zeros([1, 5, 4, 24]), tf.zeros([4, 4, 24]), tf.zeros([1, 4, 4, 24], 'int32')];
    for (const t of wrong) expect(() => yolov2Loss(t as tf.Tensor4D, [[]], options)).toThrow(/\[N, 4, 4, 24\]/);
    tf.dispose(wrong);
  });

  it('rejects a batch size that differs from the number of GT lists', () => {
    const p = pred();
    expect(() => yolov2Loss(p, [[], []], options)).toThrow(/2 images.*batch size 1/);
    p.dispose();
  });
});
