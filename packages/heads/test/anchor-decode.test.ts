import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, expectFinite, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { MAX_BOX_SIZE } from '@yolo-loss/backend/kernels';
import { decodeAnchorBoxes } from '../src/index.js';

const anchors = [[10, 20]] as const;

describe('decodeAnchorBoxes', () => {
  it('decodes x = (σ(tx) + col)/W and w = p_w·e^{tw}/inputW', async () => {
    // One image, a 1×2 grid, one anchor: cells (row 0, col 0) and (row 0, col 1).
    const t = tf.tensor4d([0, 0, 0, 0, 0, 0, Math.log(2), 0], [1, 2, 1, 4]);
    const out = decodeAnchorBoxes(t, 1, 2, anchors, [0], [40, 40]);
    expectAllClose(await values(out), [0.25, 0.5, 0.25, 0.5, 0.75, 0.5, 0.5, 0.5], { abs: 1e-6, rel: 1e-6 }, 'xywh');
  });

  it('keeps values and gradients finite for tw, th far beyond float32 exp range', async () => {
    const t = tf.tensor4d([0, 0, 100, -100, 0, 0, 50, 89], [1, 2, 1, 4]);
    const out = decodeAnchorBoxes(t, 1, 2, anchors, [0], [40, 40]);
    const v = await values(out);
    expect(v[2]).toBe(MAX_BOX_SIZE);
    expect(v[7]).toBe(MAX_BOX_SIZE);
    const g = tf.grad((x: tf.Tensor) => tf.sum(decodeAnchorBoxes(x, 1, 2, anchors, [0], [40, 40])))(t);
    await expectFinite(g, 'd decode / d t');
    tf.dispose([t, out, g]);
  });
});
