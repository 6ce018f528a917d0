// The demo's CPU Slice, SplitV, Unpack and BatchMatMul kernels (src/fast-kernels.mjs) against
// tfjs' stock kernels: contiguous and strided slices, every axis, ranks 1–5, int32 and
// float32; products with every transpose flag, sizes that do not fill 4×4 blocks, batches.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerGradients } from '@yolo-loss/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFastKernels, stridedSlice } from '../src/fast-kernels.mjs';

const SHAPE = [2, 3, 4, 3, 8];
/** @type {tf.Tensor} */
let x;
/**
 * The stock kernels' results, as nested arrays (products: tensors).
 * @type {{ slices: unknown[], split: unknown[], split3: unknown[], unstack: unknown[][], int: unknown, products: tf.Tensor[] }}
 */
let stock;
/**
 * [a shape, b shape, transposeA, transposeB]
 * @type {[number[], number[], boolean, boolean][]}
 */
const PRODUCTS = [
  [[5, 7], [7, 6], false, false],
  [[7, 5], [7, 6], true, false],
  [[5, 7], [6, 7], false, true],
  [[7, 5], [6, 7], true, true],
  [[8, 16], [16, 12], false, false],
  [[3, 4, 9], [3, 9, 2], false, false],
  [[2, 9, 4], [9, 5], true, false],
  [[1, 6], [6, 1], false, false],
];
/**
 * A deterministic tensor.
 * @param {number[]} shape
 * @param {number} seed
 */
function filled(shape, seed) {
  const n = shape.reduce((p, q) => p * q, 1);
  return tf.tensor(Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 7.1 + i * 1.3)), shape);
}
const products = () => PRODUCTS.map(([sa, sb, ta, tb], i) => tf.matMul(filled(sa, i), filled(sb, i + 50), ta, tb));
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
    products: products(),
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

describe('fast CPU BatchMatMul', () => {
  it('equals the stock kernel (float rounding aside)', () => {
    const ours = products();
    ours.forEach((t, i) => {
      expect(t.shape).toEqual(stock.products[i].shape);
      expect(tf.max(tf.abs(tf.sub(t, stock.products[i]))).dataSync()[0]).toBeLessThan(1e-5);
    });
  });

  it('gradients through matMul still flow', () => {
    const a = filled([6, 5], 1);
    const b = filled([5, 3], 2);
    const [ga, gb] = tf.grads((p, q) => tf.sum(tf.matMul(p, q)))([a, b]);
    expect(tf.max(tf.abs(tf.sub(ga, tf.tile(tf.reshape(tf.sum(b, 1), [1, 5]), [6, 1])))).dataSync()[0]).toBeLessThan(1e-5);
    expect(tf.max(tf.abs(tf.sub(gb, tf.tile(tf.reshape(tf.sum(a, 0), [5, 1]), [1, 3])))).dataSync()[0]).toBeLessThan(1e-5);
  });
});
