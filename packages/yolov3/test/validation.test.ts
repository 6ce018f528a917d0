import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeYolov3Targets, resolveYolov3Config, yolov3Loss, yolov3Presets } from '../src/index.js';
import { randomHeads } from '@yolo-loss/test-utils';

const small = { inputSize: [64, 64] as [number, number], numClasses: 2 };
const shapes = [
  [1, 2, 2, 21],
  [1, 4, 4, 21],
  [1, 8, 8, 21],
] as const;
const gt = [[{ x: 0.5, y: 0.5, w: 0.2, h: 0.3, classId: 1 }]];
let heads: tf.Tensor4D[] = [];
afterEach(() => tf.dispose(heads));

describe('yolov3 config', () => {
  it('resolves presets and overrides', () => {
    const c = resolveYolov3Config({ preset: 'darknet', numClasses: 3 });
    expect(c).toMatchObject({
      slotConflict: 'last-wins-union-classes',
      numClasses: 3,
      xyLoss: 'bce',
      whLoss: 'half-sse',
      ignoreBasis: 'prediction',
      ignoreThreshold: 0.7,
      coordAnchorIou: 0,
    });
    expect(resolveYolov3Config()).toEqual(yolov3Presets.paper);
  });
  it('rejects bad values, naming the key', () => {
    expect(() => resolveYolov3Config({ xyLoss: 'mse' as never })).toThrow(/xyLoss/);
    expect(() => resolveYolov3Config({ ignoreThreshold: 1.5 })).toThrow(/ignoreThreshold/);
    expect(() => resolveYolov3Config({ anchors: [[10, 0]] as never })).toThrow(/anchors/);
    expect(() => resolveYolov3Config({ lambdaNoobj: 1 } as never)).toThrow(
      /unknown config key 'lambdaNoobj'/,
    );
  });
  it('rejects masks that repeat or miss an anchor index', () => {
    expect(() =>
      resolveYolov3Config({
        masks: [
          [6, 7, 8],
          [3, 4, 5],
          [1, 2, 3],
        ],
      }),
    ).toThrow(/anchor index 3 appears/);
    expect(() =>
      resolveYolov3Config({
        masks: [
          [6, 7, 8],
          [3, 4, 5],
          [1, 2],
        ],
      }),
    ).toThrow(/anchor index 0 is in no mask/);
  });
});

describe('yolov3 input validation', () => {
  it('checks the heads against the config, naming the head', () => {
    heads = randomHeads([
      [1, 2, 2, 21],
      [1, 4, 4, 20],
      [1, 8, 8, 21],
    ]);
    expect(() => yolov3Loss(heads, gt, small)).toThrow(
      /predictions\[1\] \(head 1\) must have shape \[N, H, W, 21\]/,
    );
    tf.dispose(heads);
    heads = randomHeads([
      [1, 2, 2, 21],
      [2, 4, 4, 21],
      [1, 8, 8, 21],
    ]);
    expect(() => yolov3Loss(heads, gt, small)).toThrow(/head 1.*batch size 2.*share N/);
    expect(() => yolov3Loss(heads.slice(0, 2), gt, small)).toThrow(/2 heads but masks has 3/);
    const ints = tf.zeros([1, 2, 2, 21], 'int32');
    expect(() => yolov3Loss([ints, heads[1]!, heads[2]!], gt, small)).toThrow(/float32/);
    ints.dispose();
  });
  it('rejects bad ground truth with the image and box index', () => {
    heads = randomHeads(shapes);
    const bad = (box: Record<string, number>) => [
      [
        { x: 0.5, y: 0.5, w: 0.2, h: 0.2, classId: 0 },
        { x: 0.5, y: 0.5, w: 0.2, h: 0.2, classId: 0, ...box },
      ],
    ];
    expect(() => yolov3Loss(heads, bad({ x: NaN }), small)).toThrow(
      /\[0\]\[1\]\.x.*image 0, box 1/,
    );
    expect(() => yolov3Loss(heads, bad({ w: 0 }), small)).toThrow(/\.w.*image 0, box 1/);
    expect(() => yolov3Loss(heads, bad({ y: 1.2 }), small)).toThrow(/\.y.*image 0, box 1/);
    expect(() => yolov3Loss(heads, bad({ classId: 2 }), small)).toThrow(/classId.*image 0, box 1/);
    expect(() => yolov3Loss(heads, bad({ classId: 0.5 }), small)).toThrow(/classId/);
    expect(() => yolov3Loss(heads, [[], []], small)).toThrow(
      /2 images but the predictions have batch size 1/,
    );
  });
  it('rejects precomputed targets for other grids or another config', () => {
    heads = randomHeads(shapes);
    const t = encodeYolov3Targets(gt, {
      ...small,
      gridSizes: [
        [3, 3],
        [4, 4],
        [8, 8],
      ],
    });
    expect(() => yolov3Loss(heads, t, small)).toThrow(/head 0 were encoded for a 3×3 grid/);
    const t2 = encodeYolov3Targets(gt, {
      ...small,
      gridSizes: [
        [2, 2],
        [4, 4],
        [8, 8],
      ],
    });
    expect(() => yolov3Loss(heads, t2, { ...small, lambdaObj: 2 })).toThrow(/different config/);
  });
});
