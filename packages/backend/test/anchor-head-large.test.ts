// A head larger than one dispatch dimension holds: 130×130 cells × 3 anchors × 85 channels is
// 4 309 500 predictions, past 65 535 workgroups of 64 (the backward pass runs one invocation per
// prediction), so the WebGPU programs fold their dispatch into two dimensions. Every gradient
// entry, the last ones included, and the four term sums against float64 values computed here.
import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { fusedAnchorHeadLoss } from '../src/kernels/index.js';
import type { FusedHeadSpec, FusedHeadTargets } from '../src/kernels/index.js';
import { foldDispatch, MAX_WORKGROUPS_PER_DIMENSION } from '../src/kernels/webgpu-program.js';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const softplus = (z: number): number => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

describe('fused anchor head past one dispatch dimension', () => {
  it('foldDispatch covers every invocation within the per-dimension limit', () => {
    expect(foldDispatch(64 * 1000)).toEqual([1000, 1, 1]);
    for (const n of [64 * MAX_WORKGROUPS_PER_DIMENSION, 64 * MAX_WORKGROUPS_PER_DIMENSION + 1, 4_309_500, 201_600 * 85]) {
      const [x, y, z] = foldDispatch(n);
      expect(Math.max(x, y, z)).toBeLessThanOrEqual(MAX_WORKGROUPS_PER_DIMENSION);
      expect(x * y * z * 64).toBeGreaterThanOrEqual(n);
      expect((x * y - x) * 64).toBeLessThan(n); // no spare row of workgroups
    }
  });

  it('gives every gradient entry and the term sums of a 130×130×3 head, C = 80', async () => {
    const [size, numAnchors, numClasses] = [130, 3, 80];
    const ch = 5 + numClasses;
    const rows = size * size * numAnchors;
    expect(rows * ch).toBeGreaterThan(64 * MAX_WORKGROUPS_PER_DIMENSION);
    const predValues = new Float32Array(rows * ch).map((_, i) => ((i * 7919) % 2001) / 500 - 2);
    // one responsible row, the last one (its gradients end the tensor); no ground truth to ignore
    const last = rows - 1;
    const slotIndex = new Int32Array(rows).fill(-1);
    slotIndex[last] = 0;
    const boxTarget = [0.1, -0.2, 0.3, 0.4];
    const weight = 0.5;
    const classTargets = Array.from({ length: numClasses }, (_, j) => j % 2);
    const targets: FusedHeadTargets = {
      slotIndex,
      table: Float32Array.from([...boxTarget, weight, ...classTargets]),
      layers: 1,
      gt: new Float32Array(5),
      maxBoxes: 1,
    };
    const spec: FusedHeadSpec = {
      gridH: size,
      gridW: size,
      numAnchors,
      numClasses,
      box: 'sse-logit',
      whScale: 1,
      ignore: 'none',
      classGate: false,
      scaleXY: 1,
      anchors: [0.1, 0.2, 0.3, 0.3, 0.5, 0.4],
      lambdaObj: 1,
      lambdaClass: 1,
      ignoreThreshold: 0.5,
    };
    const pred = tf.tensor4d(predValues, [1, size, size, numAnchors * ch]);
    const { value, grads } = tf.valueAndGrads((x: tf.Tensor) => tf.sum(fusedAnchorHeadLoss(x, targets, spec)))([pred]);
    const terms = tf.tidy(() => fusedAnchorHeadLoss(pred, targets, spec));

    const expected = new Float32Array(rows * ch);
    const sums: [number, number, number, number] = [0, 0, 0, 0];
    for (let r = 0; r < rows; r++) {
      const z = predValues[r * ch + 4]!;
      if (r !== last) {
        expected[r * ch + 4] = sigmoid(z);
        sums[2] += softplus(z);
        continue;
      }
      const o = r * ch;
      expected[o + 4] = sigmoid(z) - 1;
      sums[1] += softplus(z) - z;
      for (let i = 0; i < 4; i++) {
        expected[o + i] = 2 * weight * (predValues[o + i]! - boxTarget[i]!);
        sums[0] += weight * (predValues[o + i]! - boxTarget[i]!) ** 2;
      }
      for (let j = 0; j < numClasses; j++) {
        const p = predValues[o + 5 + j]!;
        expected[o + 5 + j] = sigmoid(p) - classTargets[j]!;
        sums[3] += softplus(p) - p * classTargets[j]!;
      }
    }
    const grad = await values(grads[0]!);
    expect(grad.length).toBe(rows * ch);
    expectAllClose(grad, expected, { abs: 1e-6, rel: 1e-5 }, 'gradient');
    expectAllClose(await values(terms), sums, { abs: 1e-3, rel: 1e-5 }, 'box, obj, noobj, cls');
    expectAllClose(await values(value), [sums.reduce((a, b) => a + b)], { abs: 1e-3, rel: 1e-5 }, 'total');
    tf.dispose([pred, value, ...grads, terms]);
  }, 300_000);
});
