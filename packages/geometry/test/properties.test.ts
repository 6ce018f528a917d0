// Property tests: finite values and gradients for random (incl. degenerate) boxes, ranges,
// symmetry, agreement with the plain-number forms. Thousands of pairs on the CPU, a few
// hundred on WebGPU (lavapipe is slow).
import * as tf from '@tensorflow/tfjs-core';
import { testBackend, values } from '@yolo-loss/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxCiou, boxDiou, boxGiou, boxIou, ciouLoss, diouLoss, giouLoss, iouLoss, type IouKind } from '../src/index.js';
import { giou, iou, diou, ciou } from '../src/index.js';
import { pairBatch, type Box } from './arbitraries.js';

const cpu = testBackend() === 'cpu';
const RUNS = cpu ? 1000 : 60; // batches of 1..8 pairs: ~4500 pairs on CPU, ~270 on WebGPU
const VALUE = { iou, giou, diou, ciou };
const LOSS = { iou: iouLoss, giou: giouLoss, diou: diouLoss, ciou: ciouLoss };
const PLAIN = { iou: boxIou, giou: boxGiou, diou: boxDiou, ciou: boxCiou };
const KINDS: IouKind[] = ['iou', 'giou', 'diou', 'ciou'];
const RANGE: Record<IouKind, [number, number]> = { iou: [0, 1], giou: [-1, 1], diou: [-1, 1], ciou: [-1.5, 1] };
const SLACK = 1e-5;

async function expectBatch(pairs: [Box, Box][], eps: number): Promise<void> {
  const a = tf.tensor2d(pairs.map((p) => p[0]), [pairs.length, 4]);
  const b = tf.tensor2d(pairs.map((p) => p[1]), [pairs.length, 4]);
  try {
    for (const kind of KINDS) {
      const fwd = VALUE[kind](a, b, { eps });
      const rev = VALUE[kind](b, a, { eps });
      const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => LOSS[kind](x, y, { eps, reduction: 'sum' }))([a, b]);
      const [v, r, dA, dB] = await Promise.all([values(fwd), values(rev), values(ga!), values(gb!)]);
      tf.dispose([fwd, rev, ga!, gb!]);
      const [lo, hi] = RANGE[kind];
      pairs.forEach(([p, q], i) => {
        const at = `${kind} eps=${eps} a=[${p.join(', ')}] b=[${q.join(', ')}]`;
        expect(Number.isFinite(v[i]), `${at}: value ${v[i]}`).toBe(true);
        expect(v[i]!, `${at}: range`).toBeGreaterThanOrEqual(lo - SLACK);
        expect(v[i]!, `${at}: range`).toBeLessThanOrEqual(hi + SLACK);
        expect(Math.abs(v[i]! - r[i]!), `${at}: symmetric (${v[i]} vs ${r[i]})`).toBeLessThanOrEqual(SLACK);
        for (let k = 0; k < 4; k++) {
          expect(Number.isFinite(dA[4 * i + k]) && Number.isFinite(dB[4 * i + k]), `${at}: finite gradient`).toBe(true);
        }
        const plain = PLAIN[kind](p, q, { eps });
        expect(Math.abs(v[i]! - plain), `${at}: tensor ${v[i]} vs plain ${plain}`).toBeLessThanOrEqual(1e-3);
      });
    }
  } finally {
    tf.dispose([a, b]);
  }
}

describe('IoU family properties (random and degenerate boxes, scales 1e-6..1e6)', () => {
  it.each([1e-7, 0])('eps = %s: finite values and gradients, ranges, symmetry, plain twin agrees', async (eps) => {
    await fc.assert(
      fc.asyncProperty(pairBatch, async (pairs) => {
        await expectBatch(pairs, eps);
      }),
      { numRuns: RUNS / 2, seed: 20260127 + (eps === 0 ? 1 : 0) },
    );
  }, 600_000);
});
