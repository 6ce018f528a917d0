// The fused level kernels (@yolo-loss/backend/kernels: Yolov5Level) against the composed ops, on the test backend.
import * as tf from '@tensorflow/tfjs-core';
import {
  expectFusedMatchesComposed,
  randomGt,
  randomHeads,
  raggedGt,
  type Tolerance,
} from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { registerKernels } from '@yolo-loss/backend';
import { fusedKernelAvailable, YOLOV5_LEVEL_GRAD_KERNEL, YOLOV5_LEVEL_KERNEL } from '@yolo-loss/backend/kernels';
import { yolov5Loss, type GtBox, type Yolov5Options } from '../src/index.js';

const tolerance: Tolerance = { abs: 1e-5, rel: 1e-4 };
const small: Yolov5Options = { inputSize: [64, 48], numClasses: 3 };
const shapes = [
  [3, 6, 8, 24],
  [3, 3, 4, 24],
  [3, 2, 2, 24],
] as const;

describe('yolov5 kernel registration', () => {
  it('registerKernels() (which initBackend and every loss call) registers Yolov5Level and Yolov5LevelGrad for cpu and webgpu', () => {
    registerKernels();
    for (const backend of ['cpu', 'webgpu']) {
      for (const kernel of [YOLOV5_LEVEL_KERNEL, YOLOV5_LEVEL_GRAD_KERNEL]) {
        expect(tf.getKernel(kernel, backend), `${kernel} on ${backend}`).toBeDefined();
      }
    }
    expect(fusedKernelAvailable(YOLOV5_LEVEL_KERNEL)).toBe(['cpu', 'webgpu'].includes(tf.getBackend()));
  });
});

const variants: [string, Yolov5Options][] = [
  ['defaults', {}],
  ["'mean', label smoothing 0.1", { reduction: 'mean', labelSmoothing: 0.1 }],
  [
    'focal γ 1.5, per-class pos weights, objPosWeight 2',
    { focalGamma: 1.5, classPosWeight: [0.5, 2, 3], objPosWeight: 2 },
  ],
  ['focal γ 0.5, gr 0.4', { focalGamma: 0.5, objIouRatio: 0.4 }],
  [
    'gains, levelWeights, anchorThreshold 3',
    {
      lambdaCoord: 0.3,
      lambdaObj: 0.7,
      lambdaClass: 1.3,
      levelWeights: [1, 2, 3],
      anchorThreshold: 3,
    },
  ],
];

describe('yolov5 fused ≡ composed', () => {
  for (const [name, options] of variants) {
    it(`${name}: random predictions, 6 boxes per image`, async () => {
      const heads = randomHeads(shapes, 11, 3);
      await expectFusedMatchesComposed(
        yolov5Loss,
        heads,
        randomGt(3, 6, 3, 5),
        { ...small, ...options },
        tolerance,
        name,
      );
      tf.dispose(heads);
    });
  }

  it('duplicates in one cell (last write wins), a ragged batch and a batch without any box', async () => {
    const heads = randomHeads(shapes, 4, 2);
    const crowd: GtBox[][] = [
      [
        { x: 0.3, y: 0.3, w: 0.25, h: 0.3, classId: 0 },
        { x: 0.31, y: 0.32, w: 0.3, h: 0.25, classId: 1 },
        { x: 0.29, y: 0.31, w: 0.2, h: 0.35, classId: 2 },
      ],
      [],
      [{ x: 1, y: 0, w: 0.5, h: 0.4, classId: 1 }],
    ];
    await expectFusedMatchesComposed(yolov5Loss, heads, crowd, small, tolerance, 'crowd');
    await expectFusedMatchesComposed(yolov5Loss, heads, raggedGt, small, tolerance, 'ragged');
    await expectFusedMatchesComposed(yolov5Loss, heads, [[], [], []], small, tolerance, 'no boxes');
    tf.dispose(heads);
  });

  it('one class (no class term), two outputs', async () => {
    const options: Yolov5Options = {
      inputSize: [64, 64],
      numClasses: 1,
      anchors: [
        [8, 8],
        [16, 12],
        [30, 20],
        [60, 30],
      ],
      masks: [
        [0, 1],
        [2, 3],
      ],
    };
    const heads = randomHeads(
      [
        [2, 8, 8, 12],
        [2, 4, 4, 12],
      ],
      6,
      2,
    );
    await expectFusedMatchesComposed(
      yolov5Loss,
      heads,
      randomGt(2, 5, 1, 8),
      options,
      tolerance,
      'one class',
    );
    tf.dispose(heads);
  });

  it('extreme predictions: every channel in ±80, with and without focal γ', async () => {
    const heads = randomHeads(shapes, 9, 80);
    for (const extra of [{}, { focalGamma: 0.5, classPosWeight: 2 }] as Yolov5Options[]) {
      await expectFusedMatchesComposed(
        yolov5Loss,
        heads,
        randomGt(3, 4, 3, 2),
        { ...small, ...extra },
        tolerance,
        'extreme',
      );
    }
    tf.dispose(heads);
  });

  it('500 boxes per image', async () => {
    const heads = randomHeads(shapes, 3, 2);
    await expectFusedMatchesComposed(
      yolov5Loss,
      heads,
      randomGt(3, 500, 3, 11),
      small,
      tolerance,
      '500 boxes',
    );
    tf.dispose(heads);
  });

  it('a level past 65 535 workgroups of 64 (160×160×3 rows × 85 channels): the dispatch folded into two dimensions', async () => {
    const options: Yolov5Options = {
      inputSize: [1280, 1280],
      anchors: [
        [10, 13],
        [16, 30],
        [33, 23],
      ],
      masks: [[0, 1, 2]],
    };
    const heads = randomHeads([[1, 160, 160, 255]], 12, 2);
    await expectFusedMatchesComposed(
      yolov5Loss,
      heads,
      randomGt(1, 20, 80, 4),
      options,
      tolerance,
      'folded dispatch',
    );
    tf.dispose(heads);
  });

  it('an unknown implementation is an error naming options.implementation and the allowed values', () => {
    const heads = randomHeads(shapes, 1, 1);
    expect(() =>
      yolov5Loss(heads, raggedGt, { ...small, implementation: 'gpu' as 'fused' }),
    ).toThrow(/options\.implementation must be 'auto', 'fused' or 'composed', got "gpu"/);
    tf.dispose(heads);
  });
});
