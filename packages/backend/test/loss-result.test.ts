import * as tf from '@tensorflow/tfjs-core';
import { values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { addMany, reduceLossTerms } from '../src/index.js';

describe('addMany', () => {
  it.for([1, 2, 6, 7, 8, 9, 15, 40])('sums %i tensors (tfjs-webgpu AddN breaks above 7 inputs)', async (count) => {
    const tensors = Array.from({ length: count }, (_, i) => tf.tensor1d([i + 1, 2 * (i + 1), -0.5]));
    const sum = addMany(tensors);
    const n = (count * (count + 1)) / 2;
    expect([...(await values(sum))]).toEqual([n, 2 * n, -0.5 * count]);
    tf.dispose([...tensors, sum]);
  });

  it('rejects an empty list naming the argument', () => {
    expect(() => addMany([])).toThrow(/addMany: tensors: expected at least one tensor/);
  });
});

describe('reduceLossTerms', () => {
  it('sums 12 parts per term and divides by the batch for mean', async () => {
    const parts = (v: number) => Array.from({ length: 12 }, () => tf.scalar(v));
    const inputs = { box: parts(1), obj: parts(2), noobj: parts(3), cls: [] };
    const r = reduceLossTerms(inputs, 'mean', 4);
    tf.dispose([...inputs.box, ...inputs.obj, ...inputs.noobj]);
    expect([...(await values(r.box))]).toEqual([3]);
    expect([...(await values(r.obj))]).toEqual([6]);
    expect([...(await values(r.noobj))]).toEqual([9]);
    expect([...(await values(r.cls))]).toEqual([0]);
    expect([...(await values(r.total))]).toEqual([18]);
    tf.dispose([r.total, r.box, r.obj, r.noobj, r.cls]);
  });
});
