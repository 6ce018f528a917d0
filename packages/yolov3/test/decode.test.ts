import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  decodeYolov3,
  encodeYolov3Targets,
  yolov3Presets,
  type GtBox,
  type Yolov3Options,
} from '../src/index.js';

const options: Yolov3Options = { inputSize: [128, 96], numClasses: 3 };
const grids: [number, number][] = [
  [4, 3],
  [8, 6],
  [16, 12],
];

/** Head tensors whose responsible slots decode exactly to the GTs (everything else has score ≈ 0). */
function headsFor(gt: GtBox[][], duplicate = false): tf.Tensor4D[] {
  const t = encodeYolov3Targets(gt, { ...options, xyLoss: 'sse-sigmoid', gridSizes: grids });
  const c = 3;
  const heads = t.heads.map((h) => {
    const data = new Float32Array(gt.length * h.gridH * h.gridW * h.numAnchors * (5 + c)).fill(-12);
    return { h, data };
  });
  t.responsible.forEach(([head, n, row, col, a], i) => {
    const { h, data } = heads[head]!;
    const box = gt[n]![t.responsibleGt[i]!]!;
    const o = (((n * h.gridH + row) * h.gridW + col) * h.numAnchors + a) * (5 + c);
    const idx = ((n * h.gridH + row) * h.gridW + col) * h.numAnchors + a;
    const [ox, oy, tw, th] = h.boxTarget[0]!.slice(idx * 4, idx * 4 + 4);
    data.set([Math.log(ox! / (1 - ox!)), Math.log(oy! / (1 - oy!)), tw!, th!, 12], o);
    data[o + 5 + box.classId] = 12;
    if (duplicate) {
      // the same decoded box from the next anchor of the cell (t̂w rebased on that anchor)
      const { anchors, masks } = yolov3Presets.paper;
      const b2 = (a + 1) % h.numAnchors;
      const [aw, ah] = anchors[masks[head]![a]!]!;
      const [bw, bh] = anchors[masks[head]![b2]!]!;
      const o2 = o + (b2 - a) * (5 + c);
      data.set([data[o]!, data[o + 1]!, tw! + Math.log(aw / bw), th! + Math.log(ah / bh), 11], o2);
      data[o2 + 5 + box.classId] = 12;
    }
  });
  return heads.map(({ h, data }) =>
    tf.tensor4d(data, [gt.length, h.gridH, h.gridW, h.numAnchors * (5 + c)]),
  );
}

describe('decodeYolov3', () => {
  it('round-trips encoded ground truth through decode and DIoU-NMS', async () => {
    const gt: GtBox[][] = [
      [
        { x: 0.3, y: 0.4, w: 0.2, h: 0.3, classId: 1 },
        { x: 0.71, y: 0.66, w: 0.5, h: 0.45, classId: 2 },
        { x: 0.12, y: 0.83, w: 0.06, h: 0.1, classId: 0 },
      ],
      [{ x: 0.55, y: 0.45, w: 0.9, h: 0.85, classId: 0 }],
    ];
    const heads = headsFor(gt);
    const before = tf.memory().numTensors;
    const dets = await decodeYolov3(heads, options);
    expect(tf.memory().numTensors).toBe(before);
    expect(dets.map((d) => d.length)).toEqual([3, 1]);
    for (const [n, image] of gt.entries()) {
      for (const box of image) {
        const d = dets[n]!.find((e) => e.classId === box.classId && Math.abs(e.x - box.x) < 1e-3)!;
        expect(d).toBeDefined();
        expect(d.y).toBeCloseTo(box.y, 4);
        expect(d.w).toBeCloseTo(box.w, 4);
        expect(d.h).toBeCloseTo(box.h, 4);
        expect(d.score).toBeGreaterThan(0.99);
      }
    }
    tf.dispose(heads);
  });

  it('suppresses duplicates with NMS and keeps them without', async () => {
    const gt: GtBox[][] = [[{ x: 0.3, y: 0.4, w: 0.2, h: 0.3, classId: 1 }]];
    const heads = headsFor(gt, true);
    const dets = await decodeYolov3(heads, { ...options, scoreThreshold: 0.5 });
    expect(dets[0]).toHaveLength(1);
    expect(dets[0]![0]!.score).toBeGreaterThan(0.99);
    for (const kind of ['none', 'iou'] as const) {
      const d = await decodeYolov3(heads, { ...options, scoreThreshold: 0.5, nms: kind });
      expect(d[0]).toHaveLength(kind === 'none' ? 2 : 1);
    }
    const all = await decodeYolov3(heads, {
      ...options,
      scoreThreshold: -1,
      nms: 'none',
      maxDetections: 5,
    });
    expect(all[0]).toHaveLength(5);
    await expect(decodeYolov3(heads, { ...options, nms: 'soft' as never })).rejects.toThrow(
      /options.nms/,
    );
    tf.dispose(heads);
  });
});
