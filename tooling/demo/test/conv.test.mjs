// The demo's fast conv2d (src/conv.mjs): the filter gradient as a dilated convolution (any
// backend), the im2col + matrix-product forward, input and filter gradients of the CPU path,
// and the fused conv + bias + leaky ReLU layer, against tfjs' own kernels and ops and finite
// differences, on small shapes: odd and even sizes, strides 1 and 2, 1×1, 3×3 and 5×5 filters.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerGradients } from '@yolo-loss/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2d, conv2dCpu, conv2dFilterGrad, conv2dFilterGradCpu, conv2dInputGradCpu, convLayer } from '../src/conv.mjs';
import { createRng } from '../src/rng.mjs';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerGradients();
});

/**
 * Deterministic normal values.
 * @param {number} n
 * @param {number} seed
 */
function normalValues(n, seed) {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

/**
 * A deterministic rank-4 tensor of normal values.
 * @param {[number, number, number, number]} shape
 * @param {number} seed
 */
function normal(shape, seed) {
  return tf.tensor4d(normalValues(shape.reduce((a, b) => a * b, 1), seed), shape);
}

/**
 * A deterministic vector of normal values.
 * @param {number} n
 * @param {number} seed
 */
function normal1d(n, seed) {
  return tf.tensor1d(normalValues(n, seed));
}

/**
 * @param {tf.Tensor} a
 * @param {tf.Tensor} b
 */
function maxAbsDiff(a, b) {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

/**
 * A tfjs kernel's single output (runKernel types its result as one tensor or several).
 * @param {string} name
 * @param {tf.NamedTensorMap} inputs
 * @param {tf.NamedAttrMap} attrs
 */
function runKernel(name, inputs, attrs) {
  return /** @type {tf.Tensor} */ (tf.engine().runKernel(name, inputs, attrs));
}

/**
 * tf.grads of `f` at `args`: tf.grads types the function's arguments as plain tensors; these are
 * the rank-4 (and rank-1) tensors of `args`, in order.
 * @template {tf.Tensor[]} A
 * @param {(...args: A) => tf.Tensor} f
 * @param {A} args
 */
function gradsAt(f, args) {
  return tf.grads((...xs) => f(.../** @type {A} */ (xs)))(args);
}

/**
 * [batch, height, width, in channels, out channels, kernel, stride]
 * @type {[number, number, number, number, number, number, number][]}
 */
const CASES = [
  [2, 6, 6, 3, 4, 3, 1],
  [2, 6, 6, 3, 4, 3, 2],
  [1, 7, 5, 2, 3, 3, 2],
  [3, 5, 7, 4, 2, 3, 1],
  [2, 4, 4, 3, 5, 1, 1],
  [2, 7, 7, 2, 2, 1, 2],
  [1, 8, 6, 2, 3, 5, 2],
];

describe('conv2dFilterGrad', () => {
  it.each(CASES)('matches the Conv2DBackpropFilter kernel: x [%i,%i,%i,%i], %i filters of side %i, stride %i', (b, h, w, ci, co, k, s) => {
    tf.tidy(() => {
      const x = normal([b, h, w, ci], 1);
      const dy = normal([b, Math.ceil(h / s), Math.ceil(w / s), co], 2);
      const ours = conv2dFilterGrad(x, dy, [k, k, ci, co], s);
      const theirs = runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [s, s], pad: 'same', dataFormat: 'NHWC', filterShape: [k, k, ci, co] });
      expect(ours.shape).toEqual([k, k, ci, co]);
      expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-4);
    });
  });
});

describe('the CPU loops', () => {
  it.each(CASES)('match Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter: x [%i,%i,%i,%i], %i filters of side %i, stride %i', (b, h, w, ci, co, k, s) => {
    tf.tidy(() => {
      const x = normal([b, h, w, ci], 11);
      const f = normal([k, k, ci, co], 12);
      const dy = normal([b, Math.ceil(h / s), Math.ceil(w / s), co], 13);
      const attrs = { strides: [s, s], pad: 'same', dataFormat: 'NHWC' };
      expect(maxAbsDiff(conv2dCpu(x, f, s), tf.conv2d(x, f, s, 'same'))).toBeLessThan(1e-5);
      const dx = runKernel('Conv2DBackpropInput', { dy, filter: f }, { ...attrs, inputShape: x.shape });
      expect(maxAbsDiff(conv2dInputGradCpu(dy, f, x.shape, s), dx)).toBeLessThan(1e-4);
      const dw = runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: f.shape });
      expect(maxAbsDiff(conv2dFilterGradCpu(x, dy, f.shape, s), dw)).toBeLessThan(1e-4);
    });
  });
});

describe('conv2d with the fast gradient', () => {
  it.each(CASES)('gives tf.conv2d’s value and gradients: x [%i,%i,%i,%i], %i filters of side %i, stride %i', (b, h, w, ci, co, k, s) => {
    tf.tidy(() => {
      const x = normal([b, h, w, ci], 3);
      const f = normal([k, k, ci, co], 4);
      const probe = normal([b, Math.ceil(h / s), Math.ceil(w / s), co], 5); // a random linear loss
      /** @param {(x: tf.Tensor4D, f: tf.Tensor4D) => tf.Tensor4D} conv */
      const lossOf = (conv) => (/** @type {tf.Tensor4D} */ xi, /** @type {tf.Tensor4D} */ fi) => tf.sum(tf.mul(conv(xi, fi), probe));
      const ours = gradsAt(lossOf((xi, fi) => conv2d(xi, fi, s)), [x, f]);
      const theirs = gradsAt(lossOf((xi, fi) => tf.conv2d(xi, fi, s, 'same')), [x, f]);
      expect(maxAbsDiff(conv2d(x, f, s), tf.conv2d(x, f, s, 'same'))).toBeLessThan(1e-5);
      expect(maxAbsDiff(ours[0], theirs[0])).toBeLessThan(1e-4);
      expect(maxAbsDiff(ours[1], theirs[1])).toBeLessThan(1e-4);
    });
  });

  it('matches central finite differences of the filter gradient', () => {
    const x = normal([2, 5, 5, 2], 6);
    const f = normal([3, 3, 2, 2], 7);
    const probe = normal([2, 3, 3, 2], 8);
    /** @param {tf.Tensor4D} fi */
    const loss = (fi) => tf.tidy(() => tf.sum(tf.mul(tf.conv2d(x, fi, 2, 'same'), probe)).dataSync()[0]);
    const grad = tf.tidy(() => gradsAt((fi) => tf.sum(tf.mul(conv2d(x, fi, 2), probe)), [f])[0].dataSync());
    const values = f.dataSync().slice();
    const eps = 1e-2; // the loss is linear in the filter: central differences are exact up to rounding
    for (let i = 0; i < values.length; i++) {
      const plus = values.slice();
      const minus = values.slice();
      plus[i] += eps;
      minus[i] -= eps;
      const numeric = (loss(tf.tensor4d(plus, f.shape)) - loss(tf.tensor4d(minus, f.shape))) / (2 * eps);
      expect(grad[i]).toBeCloseTo(numeric, 2);
    }
    tf.dispose([x, f, probe]);
  });

  it('gives a zero input gradient when the input needs none', () => {
    tf.tidy(() => {
      const x = normal([1, 4, 4, 2], 9);
      const f = normal([3, 3, 2, 2], 10);
      const [dx] = gradsAt((xi) => tf.sum(conv2d(xi, f, 1, false)), [x]);
      expect(maxAbsDiff(dx, tf.zerosLike(x))).toBe(0);
    });
  });
});

describe('convLayer (conv + bias + leaky ReLU in one CPU op)', () => {
  it.each(CASES)('gives the tfjs ops’ value and gradients: x [%i,%i,%i,%i], %i filters of side %i, stride %i', (b, h, w, ci, co, k, s) => {
    tf.tidy(() => {
      const x = normal([b, h, w, ci], 21);
      const f = normal([k, k, ci, co], 22);
      const bias = normal1d(co, 23);
      const probe = normal([b, Math.ceil(h / s), Math.ceil(w / s), co], 24);
      for (const alpha of [0.1, null]) {
        /** @typedef {(x: tf.Tensor4D, f: tf.Tensor4D, b: tf.Tensor1D) => tf.Tensor} Layer */
        /** @type {Layer} */
        const reference = (xi, fi, bi) => {
          const z = tf.add(tf.conv2d(xi, fi, s, 'same'), bi);
          return alpha === null ? z : tf.leakyRelu(z, alpha);
        };
        /** @type {Layer} */
        const ours = (xi, fi, bi) => convLayer(xi, fi, bi, { stride: s, alpha });
        expect(maxAbsDiff(ours(x, f, bias), reference(x, f, bias))).toBeLessThan(1e-5);
        /** @param {Layer} layer @returns {Layer} */
        const lossOf = (layer) => (xi, fi, bi) => tf.sum(tf.mul(layer(xi, fi, bi), probe));
        const g1 = gradsAt(lossOf(ours), [x, f, bias]);
        const g2 = gradsAt(lossOf(reference), [x, f, bias]);
        g1.forEach((g, i) => expect(maxAbsDiff(g, g2[i])).toBeLessThan(1e-4));
      }
    });
  });

  it('gives a zero input gradient when the input needs none', () => {
    tf.tidy(() => {
      const x = normal([1, 4, 4, 2], 25);
      const [dx] = gradsAt((xi) => tf.sum(convLayer(xi, normal([1, 1, 2, 3], 26), normal1d(3, 27), { inputGrad: false })), [x]);
      expect(maxAbsDiff(dx, tf.zerosLike(x))).toBe(0);
    });
  });
});
