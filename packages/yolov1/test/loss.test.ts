import * as tf from '@tensorflow/tfjs-core';
import { describeGridHeadLoss, randomPred } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { yolov1Loss } from '../src/index.js';
import { yolov1Kit } from './kit.js';

describeGridHeadLoss(yolov1Kit, { extremeScale: { paper: 80, darknet: 80 } });

describe('yolov1Loss stats', () => {
  it('yolov1: reports plain-number stats without reading the device (one GT per cell: the first)', () => {
    const pred = randomPred([1, 4, 4, 13], 4);
    const gt = [
      [
        { x: 0.3, y: 0.3, w: 0.2, h: 0.2, classId: 0 },
        { x: 0.31, y: 0.32, w: 0.3, h: 0.2, classId: 1 },
        { x: 0.8, y: 0.8, w: 0.2, h: 0.2, classId: 2 },
      ],
    ];
    const r = yolov1Loss(pred, gt, yolov1Kit.small);
    expect(r.stats).toEqual({ numImages: 1, numGt: 3, numTargets: 2, droppedTargets: 1 });
    tf.dispose([pred, r.total, r.box, r.obj, r.noobj, r.cls]);
  });
});
