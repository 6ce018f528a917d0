import * as tf from '@tensorflow/tfjs-core';
import { YoloInputError } from '@yolo-loss/backend';
import { randomHeads } from '@yolo-loss/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeYolov5,
  encodeYolov5Targets,
  resolveYolov5Config,
  yolov5Loss,
  yolov5OutputShapes,
  type Yolov5Options,
} from '../src/index.js';

const small: Yolov5Options = { inputSize: [64, 64], numClasses: 2 };
const shapes = [
  [1, 8, 8, 21],
  [1, 4, 4, 21],
  [1, 2, 2, 21],
] as const;
const gt = [[{ x: 0.5, y: 0.5, w: 0.2, h: 0.3, classId: 1 }]];
let heads: tf.Tensor4D[] = [];
afterEach(() => tf.dispose(heads));

describe('yolov5 config', () => {
  it('resolves the ultralytics defaults and overrides', () => {
    const c = resolveYolov5Config();
    expect(c).toEqual({
      numClasses: 80,
      inputSize: [640, 640],
      masks: [
        [0, 1, 2],
        [3, 4, 5],
        [6, 7, 8],
      ],
      lambdaCoord: 0.05,
      lambdaObj: 1,
      lambdaClass: 0.5,
      anchorThreshold: 4,
      levelWeights: [4, 1, 0.4],
      objIouRatio: 1,
      labelSmoothing: 0,
      classPosWeight: 1,
      objPosWeight: 1,
      focalGamma: 0,
      reduction: 'sum',
      anchors: [
        [10, 13],
        [16, 30],
        [33, 23],
        [30, 61],
        [62, 45],
        [59, 119],
        [116, 90],
        [156, 198],
        [373, 326],
      ],
    });
    expect(resolveYolov5Config({ numClasses: 3, reduction: 'mean' })).toMatchObject({
      numClasses: 3,
      reduction: 'mean',
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('a resolved config holds no preset name and resolves to itself (with or without the preset named)', () => {
    const c = resolveYolov5Config({ numClasses: 3, inputSize: [320, 256], labelSmoothing: 0.1 });
    expect(c).not.toHaveProperty('preset');
    expect(resolveYolov5Config(c)).toEqual(c);
    expect(resolveYolov5Config({ ...c, preset: 'ultralytics' })).toEqual(c);
    // levelWeights derived from masks stay what they are when resolved again
    const two = resolveYolov5Config({
      anchors: [
        [10, 13],
        [16, 30],
        [33, 23],
        [30, 61],
      ],
      masks: [
        [0, 1],
        [2, 3],
      ],
    });
    expect(two.levelWeights).toEqual([4, 1]);
    expect(resolveYolov5Config(two)).toEqual(two);
  });

  it('levelWeights default to [4, 1, 0.4] for 3 outputs, else the first of [4, 1, 0.25, 0.06, 0.02]', () => {
    const anchors = Array.from({ length: 6 }, (_, i) => [10 + i, 12 + i] as [number, number]);
    const masks = (n: number) =>
      Array.from({ length: n }, (_, i) => Array.from({ length: 6 / n }, (_, k) => i * (6 / n) + k));
    expect(resolveYolov5Config({ anchors, masks: masks(2) }).levelWeights).toEqual([4, 1]);
    expect(resolveYolov5Config({ anchors, masks: masks(3) }).levelWeights).toEqual([4, 1, 0.4]);
    expect(resolveYolov5Config({ anchors, masks: masks(1) }).levelWeights).toEqual([4]);
    expect(() => resolveYolov5Config({ anchors, masks: masks(6) })).toThrow(
      /'levelWeights'.*6 outputs.*no default beyond 5/,
    );
    expect(
      resolveYolov5Config({ anchors, masks: masks(6), levelWeights: [1, 1, 1, 1, 1, 1] })
        .levelWeights,
    ).toHaveLength(6);
    expect(() => resolveYolov5Config({ levelWeights: [4, 1] })).toThrow(
      /'levelWeights'.*3 outputs, levelWeights has 2/,
    );
  });

  it.for([
    ['numClasses', 0],
    ['numClasses', 2.5],
    ['inputSize', [640]],
    ['inputSize', [640, -1]],
    ['anchors', [[10, 0]]],
    ['anchors', []],
    [
      'masks',
      [
        [0, 1, 2],
        [3, 4, 5],
        [6, 7, 7],
      ],
      /anchor index 7 appears in masks\[2\] and masks\[2\]/,
    ],
    ['masks', 'all'],
    ['lambdaCoord', -1],
    ['lambdaObj', NaN],
    ['lambdaClass', '1'],
    ['anchorThreshold', 0],
    ['levelWeights', [4, -1, 0.4]],
    ['levelWeights', 4],
    ['objIouRatio', 1.5],
    ['labelSmoothing', -0.1],
    ['classPosWeight', -1],
    ['classPosWeight', [1, 2]],
    ['classPosWeight', []],
    ['objPosWeight', Infinity],
    ['focalGamma', -1],
    ['reduction', 'none'],
  ] as [string, unknown, RegExp?][])('rejects %s = %j, naming the key', ([key, value, message]) => {
    expect(() => resolveYolov5Config({ [key]: value })).toThrow(YoloInputError);
    expect(() => resolveYolov5Config({ [key]: value })).toThrow(
      message ?? new RegExp(`^yolov5: config key '${key}'`),
    );
  });

  it('rejects unknown keys, an unknown preset and a non-object', () => {
    expect(() => resolveYolov5Config({ ignoreThreshold: 0.5 } as never)).toThrow(
      /unknown config key 'ignoreThreshold'/,
    );
    expect(() => resolveYolov5Config({ preset: 'darknet' } as never)).toThrow(
      /unknown preset "darknet"/,
    );
    expect(() => resolveYolov5Config('fast' as never)).toThrow(/options must be an object/);
  });

  it('classPosWeight takes one weight per class', () => {
    expect(resolveYolov5Config({ numClasses: 2, classPosWeight: [1, 3] }).classPosWeight).toEqual([
      1, 3,
    ]);
    expect(() => resolveYolov5Config({ numClasses: 3, classPosWeight: [1, 3] })).toThrow(
      /'classPosWeight'.*numClasses = 3/,
    );
  });
});

describe('yolov5OutputShapes', () => {
  it('gives [H, W, A·(5+C)] per output with strides 8, 16, 32', () => {
    expect(yolov5OutputShapes({ numClasses: 3 })).toEqual([
      [80, 80, 24],
      [40, 40, 24],
      [20, 20, 24],
    ]);
    expect(yolov5OutputShapes({ numClasses: 1, inputSize: [96, 64] })).toEqual([
      [8, 12, 18],
      [4, 6, 18],
      [2, 3, 18],
    ]);
  });
  it('rejects an input size that is not a multiple of a stride, naming inputSize', () => {
    expect(() => yolov5OutputShapes({ inputSize: [640, 600] })).toThrow(
      /'inputSize' \[640, 600\].*stride 16/,
    );
  });
});

describe('yolov5 input validation', () => {
  it('checks the outputs against the config, naming the output', () => {
    heads = randomHeads([
      [1, 8, 8, 21],
      [1, 4, 4, 20],
      [1, 2, 2, 21],
    ]);
    expect(() => yolov5Loss(heads, gt, small)).toThrow(YoloInputError);
    expect(() => yolov5Loss(heads, gt, small)).toThrow(
      /predictions\[1\] \(head 1\) must have shape \[N, H, W, 21\]/,
    );
    tf.dispose(heads);
    heads = randomHeads([
      [1, 8, 8, 21],
      [2, 4, 4, 21],
      [1, 2, 2, 21],
    ]);
    expect(() => yolov5Loss(heads, gt, small)).toThrow(/head 1.*batch size 2.*share N/);
    expect(() => yolov5Loss(heads.slice(0, 2), gt, small)).toThrow(/2 heads but masks has 3/);
    expect(() => yolov5Loss('x' as never, gt, small)).toThrow(/predictions must be an array/);
    const ints = tf.zeros([1, 8, 8, 21], 'int32');
    expect(() => yolov5Loss([ints, heads[1]!, heads[2]!], gt, small)).toThrow(/float32/);
    ints.dispose();
    const empty = tf.zeros([0, 8, 8, 21]);
    expect(() =>
      yolov5Loss([empty], [], {
        ...small,
        anchors: [
          [10, 13],
          [16, 30],
          [33, 23],
        ],
        masks: [[0, 1, 2]],
      }),
    ).toThrow(/batch size 0/);
    empty.dispose();
  });

  it('rejects bad ground truth with the image and box index', () => {
    heads = randomHeads(shapes);
    const bad = (box: Record<string, number>) => [
      [
        { x: 0.5, y: 0.5, w: 0.2, h: 0.2, classId: 0 },
        { x: 0.5, y: 0.5, w: 0.2, h: 0.2, classId: 0, ...box },
      ],
    ];
    expect(() => yolov5Loss(heads, bad({ x: NaN }), small)).toThrow(YoloInputError);
    expect(() => yolov5Loss(heads, bad({ x: NaN }), small)).toThrow(
      /\[0\]\[1\]\.x.*image 0, box 1/,
    );
    expect(() => yolov5Loss(heads, bad({ w: 0 }), small)).toThrow(/\.w.*image 0, box 1/);
    expect(() => yolov5Loss(heads, bad({ h: 1.5 }), small)).toThrow(/\.h.*image 0, box 1/);
    expect(() => yolov5Loss(heads, bad({ y: -0.2 }), small)).toThrow(/\.y.*image 0, box 1/);
    expect(() => yolov5Loss(heads, bad({ classId: 2 }), small)).toThrow(/classId.*image 0, box 1/);
    expect(() => yolov5Loss(heads, bad({ classId: 0.5 }), small)).toThrow(/classId/);
    expect(() => yolov5Loss(heads, [[], []], small)).toThrow(
      /2 images but the predictions have batch size 1/,
    );
  });

  it('rejects pre-encoded targets for other grids, another config or another batch', () => {
    heads = randomHeads(shapes);
    const grids: [number, number][] = [
      [8, 8],
      [4, 4],
      [2, 2],
    ];
    const other = encodeYolov5Targets(gt, { ...small, gridSizes: [[6, 6], ...grids.slice(1)] });
    expect(() => yolov5Loss(heads, other, small)).toThrow(/head 0 were encoded for a 6×6 grid/);
    const t = encodeYolov5Targets(gt, { ...small, gridSizes: grids });
    expect(() => yolov5Loss(heads, t, { ...small, focalGamma: 2 })).toThrow(/different config/);
    const two = encodeYolov5Targets([[], []], { ...small, gridSizes: grids });
    expect(() => yolov5Loss(heads, two, small)).toThrow(/targets are for 2 images/);
  });

  it('decodeYolov5 validates its options and the outputs', async () => {
    heads = randomHeads(shapes);
    await expect(decodeYolov5(heads, { ...small, nms: 'soft' as never })).rejects.toThrow(
      /options.nms/,
    );
    await expect(decodeYolov5(heads, { ...small, nmsThreshold: NaN })).rejects.toThrow(
      /options.nmsThreshold/,
    );
    await expect(decodeYolov5(heads, { ...small, maxDetections: -1 })).rejects.toThrow(
      /options.maxDetections/,
    );
    await expect(decodeYolov5(heads, { ...small, numClasses: 3 })).rejects.toThrow(
      /decodeYolov5: predictions\[0\]/,
    );
    await expect(decodeYolov5(heads, { ...small, lambdaObj: -1 })).rejects.toThrow(/'lambdaObj'/);
  });
});
