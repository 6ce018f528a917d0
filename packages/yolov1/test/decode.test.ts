import * as tf from '@tensorflow/tfjs-core';
import { expectDecodedBoxes } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { decodeYolov1, type GtBox } from '../src/index.js';

const S = 4;
const B = 2;
const C = 3;
const logit = (p: number): number => Math.log(p / (1 - p));

/** Builds predictions whose decoded boxes are `boxes` (one per cell, predictor `b`), all else off. */
function encode(preset: 'paper' | 'darknet', images: { box: GtBox; b: number }[][]): tf.Tensor4D {
  const ch = B * 5 + C;
  const off = preset === 'paper' ? -12 : 0;
  const data = new Float32Array(images.length * S * S * ch).fill(off);
  images.forEach((list, n) => {
    for (const { box, b } of list) {
      const col = Math.floor(box.x * S);
      const row = Math.floor(box.y * S);
      const o = ((n * S + row) * S + col) * ch;
      const v =
        preset === 'paper'
          ? [logit(box.x * S - col), logit(box.y * S - row), logit(box.w), logit(box.h), 12]
          : [box.x * S - col, box.y * S - row, Math.sqrt(box.w), Math.sqrt(box.h), 1];
      data.set(v, o + b * 5);
      for (let c = 0; c < C; c++) data[o + B * 5 + c] = preset === 'paper' ? (c === box.classId ? 12 : -12) : c === box.classId ? 1 : 0;
    }
  });
  return tf.tensor4d(data, [images.length, S, S, ch]);
}

const images = [
  [
    { box: { x: 0.3125, y: 0.4375, w: 0.25, h: 0.375, classId: 0 }, b: 1 },
    { box: { x: 0.8125, y: 0.1875, w: 0.125, h: 0.25, classId: 2 }, b: 0 },
  ],
  [],
  [{ box: { x: 0.0625, y: 0.9375, w: 0.5, h: 0.125, classId: 1 }, b: 1 }],
];

describe('decodeYolov1', () => {
  it.each(['paper', 'darknet'] as const)('%s: a prediction built from known boxes decodes back to them', async (preset) => {
    const pred = encode(preset, images);
    const dets = await decodeYolov1(pred, { preset, gridSize: S, boxesPerCell: B, numClasses: C, scoreThreshold: 0.5 });
    expectDecodedBoxes(dets, images.map((list) => list.map((e) => e.box)));
    pred.dispose();
  });

  it('suppresses overlapping boxes of one class with NMS and keeps the higher score', async () => {
    // Two predictors of one cell with nearly the same box.
    const ch = B * 5 + C;
    const data = new Float32Array(S * S * ch).fill(-12);
    data.set([0, 0, logit(0.5), logit(0.5), 3, 0.05, 0, logit(0.5), logit(0.5), 5, 12, -12, -12], 0);
    const pred = tf.tensor4d(data, [1, S, S, ch]);
    const cfg = { gridSize: S, boxesPerCell: B, numClasses: C, scoreThreshold: 0.5 };
    const [kept] = await decodeYolov1(pred, cfg);
    expect(kept).toHaveLength(1);
    expect(kept![0]!.score).toBeCloseTo(1 / (1 + Math.exp(-5)), 4);
    const [all] = await decodeYolov1(pred, { ...cfg, iouThreshold: 1 });
    expect(all).toHaveLength(2);
    pred.dispose();
  });

  it('validates its options', async () => {
    const pred = tf.zeros<tf.Rank.R4>([1, S, S, B * 5 + C]);
    const cfg = { gridSize: S, boxesPerCell: B, numClasses: C };
    await expect(decodeYolov1(pred, { ...cfg, iouThreshold: 2 })).rejects.toThrow(/iouThreshold/);
    await expect(decodeYolov1(pred, { ...cfg, maxDetections: 0 })).rejects.toThrow(/maxDetections/);
    await expect(decodeYolov1(pred, { ...cfg, numClasses: 4 })).rejects.toThrow(/\[N, 4, 4, 14\]/);
    pred.dispose();
  });
});
