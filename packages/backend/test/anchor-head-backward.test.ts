// The fused anchor-head backward kernel (`YoloAnchorHeadGrad`) on the test backend, against the
// rule of layout.ts computed here: dx = (objectness gradient of the row) · dy[obj or noobj] on
// channel 4, (entry gradient) · dy[box or cls] on the other channels of a responsible row, 0
// elsewhere — with `dy` still on the host (webgl passes such a [4] as a uniform array) and on
// the device (a texture there).
import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, testBackend, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { ANCHOR_HEAD_GRAD_KERNEL } from '../src/kernels/anchor-head/op.js';
import { forwardLayout } from '../src/kernels/anchor-head/layout.js';
import { registerKernels } from '../src/index.js';

const [N, H, W, A, C] = [2, 3, 4, 3, 2];
const ch = 5 + C;
const rows = N * H * W * A;
const entries = 5;
const dyValues = [0.5, -1.25, 2, 0.75]; // box, obj, noobj, cls

/** Deterministic values in [-2, 2). */
const wave = (n: number, seed: number): Float32Array => Float32Array.from({ length: n }, (_, i) => (((i + 1) * seed) % 97) / 24.25 - 2);

describe(`YoloAnchorHeadGrad on ${testBackend()}`, () => {
  const slotIndex = new Int32Array(rows).fill(-1);
  [5, 17, 40, 41, rows - 1].forEach((r, k) => (slotIndex[r] = k));
  const layout = forwardLayout(rows, entries, C, rows);
  const forward = wave(layout.size, 31);
  const expected = new Float32Array(rows * ch);
  for (let r = 0; r < rows; r++) {
    const k = slotIndex[r]!;
    for (let j = 0; j < ch; j++) {
      let v = 0;
      if (j === 4) v = forward[r]! * dyValues[k >= 0 ? 1 : 2]!;
      else if (k >= 0) v = forward[layout.entries + k * ch + j]! * dyValues[j < 4 ? 0 : 3]!;
      expected[r * ch + j] = v;
    }
  }

  for (const where of ['host', 'device'] as const) {
    it(`writes dx in the prediction's shape by the rule of layout.ts, dy on the ${where}`, async () => {
      registerKernels();
      const inputs = {
        forward: tf.tensor1d(forward),
        slotIndex: tf.tensor1d(slotIndex, 'int32'),
        // on the device: a slice of a tensor too large to stay on the host
        dy: where === 'host' ? tf.tensor1d(dyValues) : tf.slice(tf.concat([tf.tensor1d(dyValues), tf.zeros([1000])]), [0], [4]),
      };
      const dx = tf.engine().runKernel<tf.Tensor>(ANCHOR_HEAD_GRAD_KERNEL, inputs, {
        numClasses: C,
        entries,
        shape: [N, H, W, A * ch],
      });
      expect(dx.shape).toEqual([N, H, W, A * ch]);
      expectAllClose(await values(dx), expected, { abs: 0, rel: 1e-7 }, `dx, dy on the ${where}`);
      tf.dispose([dx, ...Object.values(inputs)]);
    });
  }
});
