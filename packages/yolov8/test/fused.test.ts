// The fused kernels (@yolo-loss/backend/kernels: Yolov8Head) against the composed ops, on the test backend.
import * as tf from '@tensorflow/tfjs-core';
import { registerKernels } from '@yolo-loss/backend';
import { fusedKernelAvailable, YOLOV8_HEAD_GRAD_KERNEL, YOLOV8_HEAD_KERNEL } from '@yolo-loss/backend/kernels';
import { expectFusedMatchesComposed, randomGt, randomHeads, raggedGt, type Tolerance } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { yolov8Loss, type GtBox, type Yolov8Options } from '../src/index.js';

const tolerance: Tolerance = { abs: 1e-5, rel: 1e-4 };
// 64 wide, 96 high: outputs 12×8, 6×4, 3×2
const small: Yolov8Options = { inputSize: [64, 96], numClasses: 3 };
const shapes = [
  [3, 12, 8, 67],
  [3, 6, 4, 67],
  [3, 3, 2, 67],
] as const;

describe('yolov8 kernel registration', () => {
  it('registerKernels() (which initBackend and every loss call) registers Yolov8Head and Yolov8HeadGrad for cpu and webgpu', () => {
    registerKernels();
    for (const backend of ['cpu', 'webgpu']) {
      for (const kernel of [YOLOV8_HEAD_KERNEL, YOLOV8_HEAD_GRAD_KERNEL]) {
        expect(tf.getKernel(kernel, backend), `${kernel} on ${backend}`).toBeDefined();
      }
    }
    expect(fusedKernelAvailable(YOLOV8_HEAD_KERNEL)).toBe(['cpu', 'webgpu'].includes(tf.getBackend()));
  });
});

const variants: [string, Yolov8Options][] = [
  ['defaults', {}],
  ["'mean'", { reduction: 'mean' }],
  ['per-class pos weights', { classPosWeight: [0.5, 2, 3] }],
  ['top-k 2, α 1, β 2', { assignerTopK: 2, assignerAlpha: 1, assignerBeta: 2 }],
  ['top-k 40 (more than the in-box anchors)', { assignerTopK: 40 }],
  ['gains', { lambdaCoord: 0.3, lambdaClass: 1.3, lambdaDfl: 0.2 }],
];

describe('yolov8 fused ≡ composed', () => {
  for (const [name, options] of variants) {
    it(`${name}: random predictions, 6 boxes per image`, async () => {
      const outputs = randomHeads(shapes, 11, 3);
      await expectFusedMatchesComposed(yolov8Loss, outputs, randomGt(3, 6, 3, 5, 0.05, 0.6), { ...small, ...options }, tolerance, name);
      tf.dispose(outputs);
    });
  }

  it('regMax 4, ragged and empty images, a batch without boxes', async () => {
    const shapesR4 = shapes.map(([n, h, w]) => [n, h, w, 4 * 4 + 3] as const);
    const outputs = randomHeads(shapesR4, 13, 2);
    const options = { ...small, regMax: 4 };
    await expectFusedMatchesComposed(yolov8Loss, outputs, raggedGt, options, tolerance, 'ragged');
    await expectFusedMatchesComposed(yolov8Loss, outputs, [[], [], []], options, tolerance, 'no boxes');
    tf.dispose(outputs);
  });

  it('crowded GTs: duplicates (ties to the first GT), nested boxes, boxes on the border, tiny boxes without an anchor', async () => {
    const box = (x: number, y: number, w: number, h: number, classId: number): GtBox => ({ x, y, w, h, classId });
    const gt: GtBox[][] = [
      [box(0.4, 0.4, 0.5, 0.5, 0), box(0.4, 0.4, 0.5, 0.5, 0), box(0.42, 0.41, 0.2, 0.3, 1)],
      [box(0.02, 0.03, 0.04, 0.06, 2), box(0.9, 0.9, 0.2, 0.2, 1), box(0.5, 0.5, 0.001, 0.001, 0)],
      [box(0.5, 0.5, 1, 1, 2), box(0.25, 0.75, 0.5, 0.5, 1)],
    ];
    for (const scale of [0.5, 3]) {
      const outputs = randomHeads(shapes, 17, scale);
      await expectFusedMatchesComposed(yolov8Loss, outputs, gt, small, tolerance, `crowded, logits ±${scale}`);
      tf.dispose(outputs);
    }
  });

  it('extreme logits (±80): finite and equal', async () => {
    const outputs = randomHeads(shapes, 19, 80);
    await expectFusedMatchesComposed(yolov8Loss, outputs, randomGt(3, 4, 3, 23), small, tolerance, '±80');
    tf.dispose(outputs);
  });
});
