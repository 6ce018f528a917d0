import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, expectFinite, expectNoTensorLeak, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import {
  boxCiou,
  ciou,
  ciouLoss,
  diou,
  giou,
  giouLoss,
  iou,
  iouLoss,
  pairwiseIou,
  stopGradient,
  xyxyToXywh,
  type IouKind,
} from '../src/index.js';

const VALUE = { iou, giou, diou, ciou };
const KINDS: IouKind[] = ['iou', 'giou', 'diou', 'ciou'];
const TOL = { abs: 1e-6, rel: 1e-5 };

const preds = [
  [0.1, 0.1, 0.4, 0.5],
  [0.3, 0.2, 0.9, 0.6],
  [0.5, 0.5, 0.5, 0.7],
];
const truths = [
  [0.2, 0.1, 0.5, 0.4],
  [0, 0, 1, 1],
];

describe('broadcasting [..., 4]', () => {
  it.each(KINDS)('%s: predictions [P, 1, 4] × ground truth [1, G, 4] → [P, G], as pairwiseIou', async (kind) => {
    const p = tf.tensor3d(preds.map((b) => [b]));
    const g = tf.tensor3d([truths]);
    const [p2, g2] = [tf.tensor2d(preds), tf.tensor2d(truths)];
    // pairwiseIou adds eps only to DIoU/CIoU's squared diagonal (torchvision's pairwise
    // functions): with eps 0 everywhere the two differ by at most ~1e-7 here.
    const got = VALUE[kind](p, g, { eps: 0 });
    const pw = pairwiseIou(p2, g2, { kind });
    expect(got.shape).toEqual([3, 2]);
    expect(pw.shape).toEqual([3, 2]);
    expectAllClose(await values(got), await values(pw), TOL, kind);
    tf.dispose([p, g, p2, g2, got, pw]);
  });

  it('reduces broadcast gradients back to each input shape', async () => {
    const p = tf.tensor3d(preds.map((b) => [b]));
    const g = tf.tensor3d([truths]);
    const [dp, dg] = tf.grads((x: tf.Tensor, y: tf.Tensor) => ciouLoss(x, y, { reduction: 'sum', eps: 0 }))([p, g]);
    expect(dp!.shape).toEqual([3, 1, 4]);
    expect(dg!.shape).toEqual([1, 2, 4]);
    await expectFinite(dp!, 'dp');
    await expectFinite(dg!, 'dg');
    tf.dispose([p, g, dp!, dg!]);
  });

  it('accepts a single box [4] against many [N, 4]', async () => {
    const one = tf.tensor1d([0, 0, 1, 1]);
    const many = tf.tensor2d(truths);
    const v = iou(one, many, { eps: 0 });
    expect(v.shape).toEqual([2]);
    expectAllClose(await values(v), [0.09, 1], TOL, 'iou');
    tf.dispose([one, many, v]);
  });
});

describe('format and options', () => {
  it("'xywh' gives the same values as 'xyxy'", async () => {
    const a = tf.tensor2d(preds);
    const b = tf.tensor2d([truths[0]!, truths[1]!, truths[0]!]);
    const [aw, bw] = [xyxyToXywh(a), xyxyToXywh(b)];
    for (const kind of KINDS) {
      const x = VALUE[kind](a, b);
      const y = VALUE[kind](aw, bw, { format: 'xywh' });
      expectAllClose(await values(y), await values(x), TOL, kind);
      tf.dispose([x, y]);
    }
    tf.dispose([a, b, aw, bw]);
  });

  it("reduction: 'none' | 'mean' | 'sum', and mean of an empty input is 0", async () => {
    const a = tf.tensor2d(preds);
    const b = tf.tensor2d([truths[0]!, truths[1]!, truths[0]!]);
    const none = await values(giouLoss(a, b));
    const mean = giouLoss(a, b, { reduction: 'mean' });
    const sum = giouLoss(a, b, { reduction: 'sum' });
    expect(mean.shape).toEqual([]);
    const total = none.reduce((s, v) => s + v, 0);
    expectAllClose(await values(sum), [total], TOL, 'sum');
    expectAllClose(await values(mean), [total / 3], TOL, 'mean');
    const empty = tf.zeros([0, 4]);
    const e = iouLoss(empty, empty, { reduction: 'mean' });
    expect(Array.from(await values(e))).toEqual([0]);
    tf.dispose([a, b, mean, sum, empty, e]);
  });

  it('eps: 0 gives the plain formulas, and 0 (not NaN) where a denominator is 0', async () => {
    const a = tf.tensor2d([
      [0, 0, 1, 1],
      [0.4, 0.4, 0.4, 0.4],
      [0.2, 0.3, 0.6, 0.3],
    ]);
    const b = tf.tensor2d([
      [0, 0, 1, 1],
      [0.4, 0.4, 0.4, 0.4],
      [0.2, 0.3, 0.6, 0.3],
    ]);
    for (const kind of KINDS) {
      const v = VALUE[kind](a, b, { eps: 0 });
      // identical unit boxes: exactly 1; identical points and identical zero-height boxes: U = 0 → IoU 0
      expectAllClose(await values(v), [1, 0, 0], { abs: 0, rel: 0 }, kind);
      const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(VALUE[kind](x, y, { eps: 0 })))([a, b]);
      await expectFinite(da!, `${kind} d/da`);
      await expectFinite(db!, `${kind} d/db`);
      tf.dispose([v, da!, db!]);
    }
    tf.dispose([a, b]);
  });

  it('CIoU of a zero-height box is finite, with its aspect angle π/2 (atan2)', async () => {
    const a = tf.tensor2d([[0.2, 0.3, 0.6, 0.3]]);
    const b = tf.tensor2d([[0.1, 0.1, 0.5, 0.5]]);
    const v = ciou(a, b, { eps: 0 });
    const plain = boxCiou([0.2, 0.3, 0.6, 0.3], [0.1, 0.1, 0.5, 0.5]);
    expectAllClose(await values(v), [plain], { abs: 1e-6, rel: 1e-5 }, 'ciou');
    tf.dispose([a, b, v]);
  });
});

describe('stopGradient', () => {
  it('passes values and blocks gradients', async () => {
    const x = tf.tensor1d([1, 2, 3]);
    const y = stopGradient(x);
    expect(Array.from(await values(y))).toEqual([1, 2, 3]);
    // d/dx sum(stop(x)·x) = stop(x) = x
    const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(stopGradient(t), t)))(x);
    expect(Array.from(await values(dx))).toEqual([1, 2, 3]);
    tf.dispose([x, y, dx]);
  });
});

describe('memory', () => {
  it('every tensor function leaves only its result', async () => {
    const a = tf.tensor2d(preds);
    const b = tf.tensor2d([truths[0]!, truths[1]!, truths[0]!]);
    const fns: (() => tf.Tensor)[] = [
      ...KINDS.map((k) => () => VALUE[k](a, b)),
      () => iouLoss(a, b, { reduction: 'mean' }),
      () => ciouLoss(a, b, { reduction: 'sum', format: 'xywh' }),
      () => pairwiseIou(a, b, { kind: 'ciou' }),
      () => stopGradient(a),
    ];
    for (const f of fns) {
      await expectNoTensorLeak(async () => {
        const t = f();
        await t.data();
        t.dispose();
      }, 3);
    }
    await expectNoTensorLeak(async () => {
      const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => ciouLoss(x, y, { reduction: 'mean' }))([a, b]);
      await da!.data();
      tf.dispose([da!, db!]);
    }, 2);
    tf.dispose([a, b]);
  });
});

describe('bad input names the argument and the problem', () => {
  it('wrong last dimension, shapes that do not broadcast, non-float dtype, not a tensor', () => {
    const ok = tf.zeros([3, 4]);
    const three = tf.zeros([3, 3]);
    const two = tf.zeros([2, 4]);
    const ints = tf.zeros([3, 4], 'int32');
    expect(() => iou(three, ok)).toThrow(/iou: a: expected a tensor of shape \[\.\.\., 4\], got \[3, 3\]/);
    expect(() => giouLoss(ok, three)).toThrow(/giouLoss: b: expected a tensor of shape \[\.\.\., 4\]/);
    expect(() => diou(ok, two)).toThrow(/diou: a and diou: b: shapes \[3, 4\] and \[2, 4\] do not broadcast/);
    expect(() => ciou(ok, ints)).toThrow(/ciou: b: expected a float32 tensor, got dtype int32/);
    expect(() => iou([0, 0, 1, 1] as unknown as tf.Tensor, ok)).toThrow(/iou: a: expected a tf.Tensor/);
    expect(() => pairwiseIou(tf.zeros([1, 3, 4]), ok)).toThrow(/pairwiseIou: a: expected shape \[N, 4\], got \[1, 3, 4\]/);
    tf.dispose([ok, three, two, ints]);
  });

  it('bad options', () => {
    const ok = tf.zeros([3, 4]);
    expect(() => iou(ok, ok, { format: 'cxcywh' as 'xywh' })).toThrow(/iou: options.format: expected 'xyxy' or 'xywh', got 'cxcywh'/);
    expect(() => iou(ok, ok, { eps: -1 })).toThrow(/iou: options.eps: expected a finite number >= 0, got -1/);
    expect(() => iouLoss(ok, ok, { reduction: 'avg' as 'mean' })).toThrow(/iouLoss: options.reduction: expected 'none', 'mean' or 'sum', got 'avg'/);
    expect(() => pairwiseIou(ok, ok, { kind: 'eiou' as 'iou' })).toThrow(/pairwiseIou: options.kind: expected/);
    ok.dispose();
  });
});
