import * as tf from '@tensorflow/tfjs-core';
import { YoloInputError } from '@yolo-loss/backend';
import { randomHeads } from '@yolo-loss/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeYolov8, encodeYolov8Targets, resolveYolov8Config, yolov8Loss, type Yolov8Options } from '../src/index.js';

const small: Yolov8Options = { inputSize: [64, 64], numClasses: 2, regMax: 4 };
const shapes = [
  [1, 8, 8, 18],
  [1, 4, 4, 18],
  [1, 2, 2, 18],
] as const;
const gt = [[{ x: 0.5, y: 0.5, w: 0.2, h: 0.3, classId: 1 }]];
let outputs: tf.Tensor4D[] = [];
afterEach(() => tf.dispose(outputs));

describe('yolov8 config', () => {
  it('rejects bad values naming the key, unknown keys, an unknown preset and a non-object', () => {
    for (const [key, value] of [
      ['numClasses', 0],
      ['inputSize', [64]],
      ['regMax', 1.5],
      ['lambdaCoord', -1],
      ['lambdaClass', NaN],
      ['lambdaDfl', Infinity],
      ['assignerTopK', 0],
      ['assignerAlpha', -0.5],
      ['assignerBeta', 'six'],
      ['classPosWeight', [-1, 1]],
      ['reduction', 'none'],
    ] as const) {
      expect(() => resolveYolov8Config({ [key]: value })).toThrow(new RegExp(`'${key}'`));
    }
    expect(() => resolveYolov8Config({ anchors: [] } as never)).toThrow(/unknown config key 'anchors'/);
    expect(() => resolveYolov8Config({ preset: 'darknet' } as never)).toThrow(/unknown preset/);
    expect(() => resolveYolov8Config('x' as never)).toThrow(/options must be an object/);
  });

  it('a resolved config holds no preset name and resolves to itself (with or without the preset named)', () => {
    const c = resolveYolov8Config({ preset: 'ultralytics', numClasses: 3 });
    expect('preset' in c).toBe(false);
    expect(resolveYolov8Config(c)).toEqual(c);
    expect(resolveYolov8Config({ ...c, preset: 'ultralytics' })).toEqual(c);
  });
});

describe('yolov8 input validation', () => {
  it('checks the outputs against the config, naming the output', () => {
    outputs = randomHeads([
      [1, 8, 8, 18],
      [1, 4, 4, 17],
      [1, 2, 2, 18],
    ]);
    expect(() => yolov8Loss(outputs, gt, small)).toThrow(YoloInputError);
    expect(() => yolov8Loss(outputs, gt, small)).toThrow(/predictions\[1\] must have shape \[N, H, W, 18\]/);
    tf.dispose(outputs);
    outputs = randomHeads([
      [1, 8, 8, 18],
      [2, 4, 4, 18],
      [1, 2, 2, 18],
    ]);
    expect(() => yolov8Loss(outputs, gt, small)).toThrow(/predictions\[1\] has batch size 2.*share N/);
    expect(() => yolov8Loss([], gt, small)).toThrow(/predictions must be a non-empty array/);
    expect(() => yolov8Loss('x' as never, gt, small)).toThrow(/predictions must be a non-empty array/);
    const ints = tf.zeros([1, 8, 8, 18], 'int32');
    expect(() => yolov8Loss([ints, outputs[1]!, outputs[2]!], gt, small)).toThrow(/float32/);
    ints.dispose();
    const disposed = tf.zeros([1, 8, 8, 18]);
    disposed.dispose();
    expect(() => yolov8Loss([disposed], gt, small)).toThrow(/a disposed tensor/);
    const empty = tf.zeros([0, 8, 8, 18]);
    expect(() => yolov8Loss([empty], [], small)).toThrow(/batch size 0/);
    empty.dispose();
  });

  it('rejects bad ground truth with the image and box index', () => {
    outputs = randomHeads(shapes);
    const bad = (box: Record<string, number>) => [
      [
        { x: 0.5, y: 0.5, w: 0.2, h: 0.2, classId: 0 },
        { x: 0.5, y: 0.5, w: 0.2, h: 0.2, classId: 0, ...box },
      ],
    ];
    expect(() => yolov8Loss(outputs, bad({ x: NaN }), small)).toThrow(YoloInputError);
    expect(() => yolov8Loss(outputs, bad({ x: NaN }), small)).toThrow(/\[0\]\[1\]\.x.*image 0, box 1/);
    expect(() => yolov8Loss(outputs, bad({ w: 0 }), small)).toThrow(/\.w.*image 0, box 1/);
    expect(() => yolov8Loss(outputs, bad({ h: 1.5 }), small)).toThrow(/\.h.*image 0, box 1/);
    expect(() => yolov8Loss(outputs, bad({ classId: 2 }), small)).toThrow(/classId.*image 0, box 1/);
    expect(() => yolov8Loss(outputs, [[], []], small)).toThrow(/2 images but the predictions have batch size 1/);
  });

  it('rejects pre-encoded targets for another input size, other classes, another batch, or malformed', () => {
    outputs = randomHeads(shapes);
    expect(() => yolov8Loss(outputs, encodeYolov8Targets(gt, { ...small, inputSize: [128, 64] }), small)).toThrow(
      /encoded for inputSize \[128, 64\], the config has \[64, 64\]/,
    );
    expect(() => yolov8Loss(outputs, encodeYolov8Targets(gt, { ...small, numClasses: 3 }), small)).toThrow(/encoded for 3 classes/);
    expect(() => yolov8Loss(outputs, encodeYolov8Targets([[], []], small), small)).toThrow(/encoded for 2 images/);
    const t = encodeYolov8Targets(gt, small);
    expect(() => yolov8Loss(outputs, { ...t, labels: Int32Array.of(7) }, small)).toThrow(/row 0 \(image 0, box 0\) has class 7/);
    expect(() => yolov8Loss(outputs, { ...t, boxes: new Float32Array(3) }, small)).toThrow(/malformed/);
    expect(() => encodeYolov8Targets(new Float32Array(5), small)).toThrow(/options.batchSize/);
  });

  it('decodeYolov8 validates its options and the outputs', async () => {
    outputs = randomHeads(shapes);
    await expect(decodeYolov8(outputs, { ...small, nms: 'soft' as never })).rejects.toThrow(/options.nms/);
    await expect(decodeYolov8(outputs, { ...small, nmsThreshold: NaN })).rejects.toThrow(/options.nmsThreshold/);
    await expect(decodeYolov8(outputs, { ...small, maxDetections: -1 })).rejects.toThrow(/options.maxDetections/);
    await expect(decodeYolov8(outputs, { ...small, numClasses: 3 })).rejects.toThrow(/decodeYolov8: predictions\[0\]/);
    await expect(decodeYolov8(outputs, { ...small, lambdaDfl: -1 })).rejects.toThrow(/'lambdaDfl'/);
  });

  it("implementation: 'fused' where the backend has no kernel, or an unknown value, is an error", () => {
    outputs = randomHeads(shapes);
    expect(() => yolov8Loss(outputs, gt, { ...small, implementation: 'fast' as never })).toThrow(/options.implementation must be/);
  });
});
