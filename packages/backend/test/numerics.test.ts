import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, expectFinite, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { bceWithLogits, divOrZero, safeSqrt } from '../src/index.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const tol = { abs: 1e-6, rel: 1e-5 };

describe('bceWithLogits', () => {
  const zs = [-80, -20, -1, 0, 0.5, 20, 80];
  const ts = [0, 1, 0.3, 0.5, 1, 0, 1];
  // Reference in float64: log(1 + e^z) − z·t (softplus is exact enough here for |z| ≤ 80).
  const reference = zs.map((z, i) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - z * ts[i]!);

  it('matches −[t·log σ(z) + (1−t)·log(1−σ(z))] and stays finite at ±80', async () => {
    const loss = bceWithLogits(tf.tensor1d(zs), tf.tensor1d(ts));
    expectAllClose(await values(loss), reference, tol, 'bce');
  });

  it('has gradient σ(z) − t for the logits (½ − t at z = 0) and −z for the targets', async () => {
    const [gz, gt] = tf.grads((z: tf.Tensor, t: tf.Tensor) => tf.sum(bceWithLogits(z, t)))([
      tf.tensor1d(zs),
      tf.tensor1d(ts),
    ]) as [tf.Tensor, tf.Tensor];
    expectAllClose(await values(gz), zs.map((z, i) => sigmoid(z) - ts[i]!), tol, 'd/dz');
    expectAllClose(await values(gt), zs.map((z) => -z), tol, 'd/dt');
  });

  it('broadcasts a target and reduces its gradient back to its shape', async () => {
    const z = tf.tensor2d([[0, 1], [2, -1]]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(bceWithLogits(z, t)))(tf.tensor1d([1, 0]));
    expect(g.shape).toEqual([2]);
    expectAllClose(await values(g), [-2, 0], tol, 'd/dt');
  });
});

describe('safeSqrt', () => {
  it('is √(x + eps) with a finite gradient at 0 and 0 for negative inputs', async () => {
    const x = tf.tensor1d([0, 1e-12, 4, -1]);
    expectAllClose(await values(safeSqrt(x)), [Math.sqrt(1e-9), Math.sqrt(1e-9 + 1e-12), Math.sqrt(4 + 1e-9), Math.sqrt(1e-9)], tol, 'value');
    const g = tf.grad((v: tf.Tensor) => tf.sum(safeSqrt(v)))(x);
    await expectFinite(g, 'safeSqrt grad');
    const gv = await values(g);
    expect(gv[2]).toBeCloseTo(0.25, 5);
    expect(gv[3]).toBe(0);
  });
});

describe('divOrZero', () => {
  it('divides, gives 0 where the denominator is 0, and keeps gradients finite there', async () => {
    const a = tf.tensor1d([1, 3, -2]);
    const b = tf.tensor1d([0, 2, 0]);
    expectAllClose(await values(divOrZero(a, b)), [0, 1.5, 0], tol, 'value');
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(divOrZero(x, y)))([a, b]) as [tf.Tensor, tf.Tensor];
    expectAllClose(await values(ga), [0, 0.5, 0], tol, 'd/da');
    expectAllClose(await values(gb), [0, -0.75, 0], tol, 'd/db');
  });
});
