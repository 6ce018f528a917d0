import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeYolov4Targets, resolveYolov4Config, yolov4Loss } from '../src/index.js';
import { randomHeads } from '@yolo-loss/test-utils';

const small = { inputSize: [64, 64] as [number, number], numClasses: 2 };
const shapes = [
  [1, 8, 8, 21],
  [1, 4, 4, 21],
  [1, 2, 2, 21],
] as const;
const gt = [[{ x: 0.5, y: 0.5, w: 0.2, h: 0.3, classId: 1 }]];
let heads: tf.Tensor4D[] = [];
afterEach(() => tf.dispose(heads));

describe('yolov4 config', () => {
  it('resolves presets and overrides', () => {
    expect(resolveYolov4Config({ preset: 'darknet', boxLoss: 'giou' })).toMatchObject({
      slotConflict: 'share',
      ignoreClassGate: true,
      boxLoss: 'giou',
      scaleXY: [1.2, 1.1, 1.05],
      iouThreshold: 0.213,
      lambdaCoord: 0.07,
      inputSize: [608, 608],
    });
  });
  it('rejects bad values, naming the key', () => {
    expect(() => resolveYolov4Config({ boxLoss: 'eiou' as never })).toThrow(/boxLoss/);
    expect(() => resolveYolov4Config({ labelSmoothing: -0.1 })).toThrow(/labelSmoothing/);
    expect(() => resolveYolov4Config({ scaleXY: [1.2, 1.1] })).toThrow(
      /scaleXY.*one value per head/,
    );
    expect(() => resolveYolov4Config({ scaleXY: [1.2, 0, 1] })).toThrow(/scaleXY/);
    expect(() => resolveYolov4Config({ ignoreBasis: 'prior' } as never)).toThrow(
      /unknown config key 'ignoreBasis'/,
    );
  });
  it('rejects masks that repeat or miss an anchor index', () => {
    expect(() =>
      resolveYolov4Config({
        masks: [
          [0, 1, 2],
          [3, 4, 5],
          [5, 7, 8],
        ],
      }),
    ).toThrow(/anchor index 5 appears/);
    expect(() =>
      resolveYolov4Config({
        masks: [
          [0, 1, 2],
          [3, 4, 5],
          [7, 8],
        ],
      }),
    ).toThrow(/anchor index 6 is in no mask/);
  });
});

describe('yolov4 input validation', () => {
  it('checks the heads against the config, naming the head', () => {
    heads = randomHeads([
      [1, 8, 8, 21],
      [1, 4, 4, 21],
      [1, 2, 2, 22],
    ]);
    expect(() => yolov4Loss(heads, gt, small)).toThrow(
      /predictions\[2\] \(head 2\) must have shape/,
    );
    tf.dispose(heads);
    heads = randomHeads([
      [1, 8, 8, 21],
      [3, 4, 4, 21],
      [1, 2, 2, 21],
    ]);
    expect(() => yolov4Loss(heads, gt, small)).toThrow(/head 1.*batch size 3.*share N/);
  });
  it('rejects bad ground truth with the image and box index', () => {
    heads = randomHeads(shapes);
    const bad = (box: Record<string, number>) => [
      [{ x: 0.5, y: 0.5, w: 0.2, h: 0.2, classId: 0, ...box }],
    ];
    expect(() => yolov4Loss(heads, bad({ h: Infinity }), small)).toThrow(
      /\[0\]\[0\]\.h.*image 0, box 0/,
    );
    expect(() => yolov4Loss(heads, bad({ x: -0.1 }), small)).toThrow(/\.x.*image 0, box 0/);
    expect(() => yolov4Loss(heads, bad({ classId: -1 }), small)).toThrow(/classId/);
    expect(() => yolov4Loss(heads, [[], []], small)).toThrow(/2 images/);
  });
  it('rejects precomputed targets for other grids', () => {
    heads = randomHeads(shapes);
    const t = encodeYolov4Targets(gt, {
      ...small,
      gridSizes: [
        [8, 8],
        [4, 4],
        [3, 2],
      ],
    });
    expect(() => yolov4Loss(heads, t, small)).toThrow(/head 2 were encoded for a 3×2 grid/);
  });
});
