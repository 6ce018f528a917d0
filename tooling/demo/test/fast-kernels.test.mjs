// The demo's CPU Slice, SplitV and Unpack kernels (src/fast-kernels.mjs) against tfjs' stock
// kernels: contiguous and strided slices, every axis, ranks 1–5, int32 and float32.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerGradients } from '@yolo-loss/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFastKernels, stridedSlice } from '../src/fast-kernels.mjs';

const SHAPE = [2, 3, 4, 3, 8];
let x;
let stock;
beforeAll(async () => {
  await tf.setBackend('cpu');
  registerGradients();
  x = tf.tensor(Float32Array.from({ length: 576 }, (_, i) => i * 0.5 - 7), SHAPE);
  // the stock kernels' results, before installing
  stock = {
    slices: [
      tf.slice(x, [0, 1, 0, 0, 2], [2, 2, 4, 3, 3]),
      tf.slice(x, [1, 0, 0, 0, 0], [1, 3, 4, 3, 8]),
      tf.slice(x, [0, 0, 1, 1, 0], [2, 3, 2, 1, 8]),
      tf.slice(x, [0, 0, 0, 0, 7], [-1, -1, -1, -1, 1]),
    ].map((t) => t.arraySync()),
    split: tf.split(x, [2, 2, 1, 3], -1).map((t) => t.arraySync()),
    split3: tf.split(x, 3, 1).map((t) => t.arraySync()),
    unstack: [0, 1, 2, 3, 4].map((a) => tf.unstack(x, a).map((t) => t.arraySync())),
    int: tf.slice(tf.reshape(tf.range(0, 24, 1, 'int32'), [4, 6]), [1, 2], [2, 3]).arraySync(),
  };
  installFastKernels();
});

describe('fast CPU slice kernels', () => {
  it('stridedSlice copies the box', () => {
    const vals = Float32Array.from({ length: 24 }, (_, i) => i);
    expect([...stridedSlice(vals, [2, 3, 4], [0, 1, 1], [2, 2, 2])]).toEqual([5, 6, 9, 10, 17, 18, 21, 22]);
    expect([...stridedSlice(vals, [24], [3], [4])]).toEqual([3, 4, 5, 6]);
    expect(stridedSlice(vals, [2, 3, 4], [0, 0, 0], [2, 0, 4])).toHaveLength(0);
  });

  it('Slice, SplitV and Unpack equal the stock kernels', () => {
    expect(tf.getKernel('Slice', 'cpu')).toBeDefined();
    expect(
      [
        tf.slice(x, [0, 1, 0, 0, 2], [2, 2, 4, 3, 3]),
        tf.slice(x, [1, 0, 0, 0, 0], [1, 3, 4, 3, 8]),
        tf.slice(x, [0, 0, 1, 1, 0], [2, 3, 2, 1, 8]),
        tf.slice(x, [0, 0, 0, 0, 7], [-1, -1, -1, -1, 1]),
      ].map((t) => t.arraySync()),
    ).toEqual(stock.slices);
    expect(tf.split(x, [2, 2, 1, 3], -1).map((t) => t.arraySync())).toEqual(stock.split);
    expect(tf.split(x, 3, 1).map((t) => t.arraySync())).toEqual(stock.split3);
    expect([0, 1, 2, 3, 4].map((a) => tf.unstack(x, a).map((t) => t.arraySync()))).toEqual(stock.unstack);
    expect(tf.slice(tf.reshape(tf.range(0, 24, 1, 'int32'), [4, 6]), [1, 2], [2, 3]).arraySync()).toEqual(stock.int);
  });

  it('gradients through slices still flow', () => {
    const g = tf.grad((t) => tf.sum(tf.mul(tf.split(t, [2, 6], -1)[0], 3)))(x);
    const expected = tf.concat([tf.fill([...SHAPE.slice(0, 4), 2], 3), tf.zeros([...SHAPE.slice(0, 4), 6])], -1);
    expect(g.arraySync()).toEqual(expected.arraySync());
  });
});
