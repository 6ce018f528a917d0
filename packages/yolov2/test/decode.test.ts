import * as tf from '@tensorflow/tfjs-core';
import { expectDecodedBoxes } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { decodeYolov2, type GtBox } from '../src/index.js';

const S = 4;
const C = 3;
const anchors: [number, number][] = [[0.8, 1.2], [2, 1.5], [3.5, 3]];
const A = anchors.length;
const ch = A * (5 + C);
const logit = (p: number): number => Math.log(p / (1 - p));

/** Builds predictions whose decoded boxes are the given ones (anchor `a` of their cell), all else off. */
function encode(images: { box: GtBox; a: number }[][]): tf.Tensor4D {
  const data = new Float32Array(images.length * S * S * ch).fill(-12);
  images.forEach((list, n) => {
    for (const { box, a } of list) {
      const col = Math.floor(box.x * S);
      const row = Math.floor(box.y * S);
      const o = ((n * S + row) * S + col) * ch + a * (5 + C);
      const [pw, ph] = anchors[a]!;
      data.set([logit(box.x * S - col), logit(box.y * S - row), Math.log((box.w * S) / pw), Math.log((box.h * S) / ph), 12], o);
      for (let c = 0; c < C; c++) data[o + 5 + c] = c === box.classId ? 12 : -12;
    }
  });
  return tf.tensor4d(data, [images.length, S, S, ch]);
}

const images = [
  [
    { box: { x: 0.3125, y: 0.4375, w: 0.25, h: 0.375, classId: 0 }, a: 1 },
    { box: { x: 0.8125, y: 0.1875, w: 0.125, h: 0.25, classId: 2 }, a: 0 },
  ],
  [],
  [{ box: { x: 0.0625, y: 0.9375, w: 0.75, h: 0.5, classId: 1 }, a: 2 }],
];

describe('decodeYolov2', () => {
  it.each(['paper', 'darknet'] as const)('%s: a prediction built from known boxes decodes back to them', async (preset) => {
    const pred = encode(images);
    const dets = await decodeYolov2(pred, { preset, gridSize: S, anchors, numClasses: C, scoreThreshold: 0.5 });
    expectDecodedBoxes(dets, images.map((list) => list.map((e) => e.box)));
    pred.dispose();
  });

  it('suppresses an overlapping box of the same class, keeps one of another class', async () => {
    const box = { x: 0.375, y: 0.375, w: 0.25, h: 0.25 };
    const pred = encode([[{ box: { ...box, classId: 0 }, a: 0 }, { box: { ...box, classId: 0 }, a: 1 }, { box: { ...box, classId: 1 }, a: 2 }]]);
    const cfg = { gridSize: S, anchors, numClasses: C, scoreThreshold: 0.5 };
    const [perClass] = await decodeYolov2(pred, cfg);
    expect(perClass!.map((d) => d.classId).sort()).toEqual([0, 1]);
    const [agnostic] = await decodeYolov2(pred, { ...cfg, classAgnostic: true });
    expect(agnostic).toHaveLength(1);
    pred.dispose();
  });

  it('validates its options and the prediction shape', async () => {
    const pred = tf.zeros<tf.Rank.R4>([1, S, S, ch]);
    const cfg = { gridSize: S, anchors, numClasses: C };
    await expect(decodeYolov2(pred, { ...cfg, scoreThreshold: Number.NaN })).rejects.toThrow(/scoreThreshold/);
    await expect(decodeYolov2(pred, { ...cfg, numClasses: 4 })).rejects.toThrow(/\[N, 4, 4, 27\]/);
    pred.dispose();
  });
});
