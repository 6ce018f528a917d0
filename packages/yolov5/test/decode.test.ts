import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { decodeYolov5, encodeYolov5Targets, type GtBox, type Yolov5Options } from '../src/index.js';

const options: Yolov5Options = { inputSize: [128, 96], numClasses: 3 };
const logit = (p: number) => Math.log(p / (1 - p));

/**
 * Outputs whose first positive of each GT (its own cell, first matching anchor) decodes exactly to
 * the GT: `tx = logit((offset + ½)/2)`, `tw = logit(√(gw/aw)/2)`; `copies` more positives of the
 * same GT (neighbour cells) decode to the same box with a lower objectness. Everything else −12.
 */
function outputsFor(gt: GtBox[][], c: number, copies = 0): tf.Tensor4D[] {
  const t = encodeYolov5Targets(gt, { ...options, numClasses: c });
  const ch = 5 + c;
  const data = t.heads.map((h) =>
    new Float32Array(gt.length * h.gridH * h.gridW * h.numAnchors * ch).fill(-12),
  );
  const written = new Map<string, number>();
  let k0 = 0;
  t.heads.forEach((h, level) => {
    for (let k = 0; k < h.count; k++) {
      const [, n] = t.responsible[k0 + k]!;
      const key = `${n},${t.responsibleGt[k0 + k]}`;
      const seen = written.get(key) ?? 0;
      if (seen > copies) continue;
      written.set(key, seen + 1);
      const [ox, oy, gw, gh] = h.boxTarget.subarray(4 * k, 4 * k + 4);
      const o = h.rows[k]! * ch;
      data[level]!.set(
        [
          logit((ox! + 0.5) / 2),
          logit((oy! + 0.5) / 2),
          logit(Math.sqrt(gw! / h.anchorWh[2 * k]!) / 2),
          logit(Math.sqrt(gh! / h.anchorWh[2 * k + 1]!) / 2),
          seen === 0 ? 12 : 6,
        ],
        o,
      );
      data[level]![o + 5 + h.classIds[k]!] = 12;
    }
    k0 += h.count;
  });
  return t.heads.map((h, level) =>
    tf.tensor4d(data[level]!, [gt.length, h.gridH, h.gridW, h.numAnchors * ch]),
  );
}

describe('decodeYolov5', () => {
  const gt: GtBox[][] = [
    [
      { x: 0.3, y: 0.4, w: 0.2, h: 0.3, classId: 1 },
      { x: 0.71, y: 0.66, w: 0.5, h: 0.45, classId: 2 },
      { x: 0.12, y: 0.83, w: 0.06, h: 0.1, classId: 0 },
    ],
    [{ x: 0.55, y: 0.45, w: 0.9, h: 0.85, classId: 0 }],
  ];

  it('round-trips boxes: outputs built from known boxes decode back to them', async () => {
    const heads = outputsFor(gt, 3);
    const before = tf.memory().numTensors;
    const dets = await decodeYolov5(heads, options);
    expect(tf.memory().numTensors).toBe(before);
    expect(dets.map((d) => d.length)).toEqual([3, 1]);
    for (const [n, image] of gt.entries()) {
      for (const box of image) {
        const d = dets[n]!.find((e) => e.classId === box.classId && Math.abs(e.x - box.x) < 1e-3)!;
        expect(d).toBeDefined();
        expect(d.y).toBeCloseTo(box.y, 4);
        expect(d.w).toBeCloseTo(box.w, 4);
        expect(d.h).toBeCloseTo(box.h, 4);
        expect(d.score).toBeCloseTo((1 / (1 + Math.exp(-12))) ** 2, 6); // σ(obj)·σ(class)
      }
    }
    tf.dispose(heads);
  });

  it("greedy IoU-NMS by default removes the neighbour cells' copies; nms 'none' keeps them", async () => {
    const heads = outputsFor([[gt[0]![0]!]], 3, 2);
    const dets = await decodeYolov5(heads, { ...options, scoreThreshold: 0.5 });
    expect(dets[0]).toHaveLength(1);
    expect(dets[0]![0]!.score).toBeGreaterThan(0.99);
    const all = await decodeYolov5(heads, { ...options, scoreThreshold: 0.5, nms: 'none' });
    expect(all[0]).toHaveLength(3);
    const diou = await decodeYolov5(heads, { ...options, scoreThreshold: 0.5, nms: 'diou' });
    expect(diou[0]).toHaveLength(1);
    const capped = await decodeYolov5(heads, {
      ...options,
      scoreThreshold: -1,
      nms: 'none',
      maxDetections: 5,
    });
    expect(capped[0]).toHaveLength(5);
    tf.dispose(heads);
  });

  it('one class: the score is σ(objectness) (the loss trains no class logit)', async () => {
    const one = [[{ ...gt[0]![0]!, classId: 0 }]];
    const heads = outputsFor(one, 1);
    const dets = await decodeYolov5(heads, { ...options, numClasses: 1 });
    expect(dets[0]).toHaveLength(1);
    expect(dets[0]![0]!.score).toBeCloseTo(1 / (1 + Math.exp(-12)), 5);
    expect(dets[0]![0]!.x).toBeCloseTo(0.3, 4);
    tf.dispose(heads);
  });
});
