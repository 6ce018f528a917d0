import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  decodeYolov4,
  encodeYolov4Targets,
  resolveYolov4Config,
  type GtBox,
  type Yolov4Options,
} from '../src/index.js';

const options: Yolov4Options = { inputSize: [128, 96], numClasses: 3 };
const grids: [number, number][] = [
  [16, 12],
  [8, 6],
  [4, 3],
];

/**
 * Head tensors whose responsible slots (best anchor and the iouThreshold extras) all decode
 * exactly to their GT; every other slot has a score ≈ 0.
 */
function headsFor(gt: GtBox[][]): { heads: tf.Tensor4D[]; slots: number } {
  const config = resolveYolov4Config(options);
  const t = encodeYolov4Targets(gt, { ...options, gridSizes: grids });
  const c = 3;
  const data = t.heads.map((h) =>
    new Float32Array(gt.length * h.gridH * h.gridW * h.numAnchors * (5 + c)).fill(-12),
  );
  const logit = (p: number) => Math.log(p / (1 - p));
  t.responsible.forEach(([head, n, row, col, a], i) => {
    const h = t.heads[head]!;
    const s = config.scaleXY[head]!;
    const box = gt[n]![t.responsibleGt[i]!]!;
    const [aw, ah] = config.anchors[config.masks[head]![a]!]!;
    const o = (((n * h.gridH + row) * h.gridW + col) * h.numAnchors + a) * (5 + c);
    const ox = (box.x * h.gridW - col + (s - 1) / 2) / s;
    const oy = (box.y * h.gridH - row + (s - 1) / 2) / s;
    data[head]!.set(
      [logit(ox), logit(oy), Math.log((box.w * 128) / aw), Math.log((box.h * 96) / ah), 12],
      o,
    );
    data[head]![o + 5 + box.classId] = 12;
  });
  const heads = t.heads.map((h, i) =>
    tf.tensor4d(data[i]!, [gt.length, h.gridH, h.gridW, h.numAnchors * (5 + c)]),
  );
  return { heads, slots: t.responsible.length };
}

describe('decodeYolov4', () => {
  it('round-trips encoded ground truth (with scaleXY) through decode and DIoU-NMS', async () => {
    const gt: GtBox[][] = [
      [
        { x: 0.3, y: 0.4, w: 0.2, h: 0.3, classId: 1 },
        { x: 0.71, y: 0.66, w: 0.5, h: 0.45, classId: 2 },
        { x: 0.12, y: 0.83, w: 0.06, h: 0.1, classId: 0 },
      ],
      [{ x: 0.55, y: 0.45, w: 0.9, h: 0.85, classId: 0 }],
    ];
    const { heads, slots } = headsFor(gt);
    expect(slots).toBeGreaterThan(4); // extra anchors decode to the same boxes: NMS removes them
    const before = tf.memory().numTensors;
    const dets = await decodeYolov4(heads, options);
    expect(tf.memory().numTensors).toBe(before);
    expect(dets.map((d) => d.length)).toEqual([3, 1]);
    for (const [n, image] of gt.entries()) {
      for (const box of image) {
        const d = dets[n]!.find((e) => e.classId === box.classId)!;
        expect(d.x).toBeCloseTo(box.x, 4);
        expect(d.y).toBeCloseTo(box.y, 4);
        expect(d.w).toBeCloseTo(box.w, 4);
        expect(d.h).toBeCloseTo(box.h, 4);
        expect(d.score).toBeGreaterThan(0.99);
      }
    }
    const all = await decodeYolov4(heads, { ...options, nms: 'none', maxDetections: 1000 });
    expect(all.map((d) => d.length).reduce((a, b) => a + b)).toBe(slots);
    tf.dispose(heads);
  });
});
