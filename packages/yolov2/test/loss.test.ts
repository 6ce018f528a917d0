import * as tf from '@tensorflow/tfjs-core';
import { describeGridHeadLoss, randomPred, raggedGt, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { encodeYolov2Targets, yolov2Assignment, yolov2Loss } from '../src/index.js';
import { yolov2Kit } from './kit.js';

// paper: (p_w·e^{tw} − ŵ_c)² exceeds float32 for tw > ~43, so its bound is ±40 (see README).
describeGridHeadLoss(yolov2Kit, { extremeScale: { paper: 40, darknet: 80 } });

const options = yolov2Kit.small;
const shape: [number, number, number, number] = [3, 4, 4, 24];

describe('yolov2Loss slot conflicts and overflow', () => {
  it('yolov2: slot conflicts: paper keeps the first GT, darknet the last; stats count the dropped one', async () => {
    const pred = randomPred([1, 4, 4, 24], 4);
    const gt = [
      [
        { x: 0.3, y: 0.3, w: 0.2, h: 0.3, classId: 0 },
        { x: 0.31, y: 0.32, w: 0.21, h: 0.3, classId: 1 },
        { x: 0.8, y: 0.8, w: 0.6, h: 0.6, classId: 2 },
      ],
    ];
    for (const [preset, keep, drop] of [
      ['paper', 0, 1],
      ['darknet', 1, 0],
    ] as const) {
      const r = yolov2Loss(pred, gt, { ...options, preset });
      expect(r.stats).toEqual({ numImages: 1, numGt: 3, numTargets: 2, droppedTargets: 1 });
      tf.dispose([r.total, r.box, r.obj, r.noobj, r.cls]);
      const a = await yolov2Assignment(pred, gt, { ...options, preset });
      expect(a.responsible.map((s) => s.box)).toEqual([keep, 2]);
      expect(a.dropped.map((s) => s.box)).toEqual([drop]);
    }
    pred.dispose();
  });

  it('yolov2: targets encoded under one slotConflict are rejected by a loss configured with the other', () => {
    const pred = randomPred(shape, 6);
    expect(() => yolov2Loss(pred, encodeYolov2Targets(raggedGt, options), { ...options, preset: 'darknet' })).toThrow(/slotConflict/);
    pred.dispose();
  });

  it('yolov2 paper: a responsible tw beyond float32 range gives an infinite loss, never NaN', async () => {
    const pred = randomPred(shape, 7, 80);
    const v = tf.variable(pred);
    const { value, grads } = tf.variableGrads(() => yolov2Loss(v, raggedGt, options).total, [v]);
    expect(Number.isNaN((await values(value))[0])).toBe(false);
    for (const g of Object.values(grads)) expect((await values(g)).some(Number.isNaN)).toBe(false);
    tf.dispose([value, ...Object.values(grads), pred, v]);
  });
});
