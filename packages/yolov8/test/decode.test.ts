import * as tf from '@tensorflow/tfjs-core';
import { randomGt, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { decodeYolov8, yolov8, type GtBox, type Yolov8Options } from '../src/index.js';

const cfg: Yolov8Options = { inputSize: [64, 96], numClasses: 2, regMax: 8 };
const strides = [8, 16, 32];
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Outputs that hold each box at one anchor of one output: the anchor of the cell holding the
 * box's centre, with DFL logits whose expectation is each side's distance (`log` of the two
 * neighbouring bins' weights, −30 elsewhere) and class logit 4 (−8 everywhere else).
 */
function outputsFor(boxes: readonly (GtBox & { output: number })[]): tf.Tensor4D[] {
  const [inW, inH] = cfg.inputSize!;
  const m = cfg.regMax!;
  const ch = 4 * m + cfg.numClasses!;
  return strides.map((s, output) => {
    const [h, w] = [inH / s, inW / s];
    const data = new Float32Array(h * w * ch);
    for (let cell = 0; cell < h * w; cell++) data.fill(-8, cell * ch + 4 * m, (cell + 1) * ch);
    for (const b of boxes.filter((b) => b.output === output)) {
      const [cx, cy, bw, bh] = [b.x * inW, b.y * inH, b.w * inW, b.h * inH];
      const [col, row] = [Math.floor(cx / s), Math.floor(cy / s)];
      const [px, py] = [(col + 0.5) * s, (row + 0.5) * s];
      const sides = [px - (cx - bw / 2), py - (cy - bh / 2), cx + bw / 2 - px, cy + bh / 2 - py].map((d) => d / s);
      const o = (row * w + col) * ch;
      sides.forEach((d, side) => {
        const left = Math.floor(d);
        data.fill(-30, o + side * m, o + (side + 1) * m);
        data[o + side * m + left] = Math.log(left + 1 - d);
        data[o + side * m + left + 1] = Math.log(d - left);
      });
      data[o + 4 * m + b.classId] = 4;
    }
    return tf.tensor4d(data, [1, h, w, ch]);
  });
}

describe('decodeYolov8', () => {
  it('round-trips boxes: outputs built from known boxes decode back to them, score σ(class logit)', async () => {
    const boxes = [
      { x: 0.4, y: 0.55, w: 0.3, h: 0.2, classId: 1, output: 0 },
      { x: 0.7, y: 0.3, w: 0.5, h: 0.45, classId: 0, output: 2 },
    ];
    const outputs = outputsFor(boxes);
    const [detections] = await decodeYolov8(outputs, cfg);
    expect(detections).toHaveLength(2);
    for (const b of boxes) {
      const d = detections!.find((x) => x.classId === b.classId)!;
      for (const k of ['x', 'y', 'w', 'h'] as const) expect(d[k], `${k} of class ${b.classId}`).toBeCloseTo(b[k], 4);
      expect(d.score).toBeCloseTo(sigmoid(4), 5);
    }
    tf.dispose(outputs);
  });

  it("IoU-NMS removes a copy of a box at a neighbouring anchor; nms 'none' keeps it", async () => {
    const box = { x: 0.4, y: 0.55, w: 0.3, h: 0.2, classId: 1 };
    const outputs = outputsFor([
      { ...box, output: 0 },
      { ...box, x: 0.41, output: 1 },
    ]);
    expect((await decodeYolov8(outputs, cfg))[0]).toHaveLength(1);
    expect((await decodeYolov8(outputs, { ...cfg, nms: 'none' }))[0]).toHaveLength(2);
    tf.dispose(outputs);
  });

  it('decode and the version object agree; the box term is small where the outputs hold the boxes', async () => {
    const boxes = randomGt(1, 3, 2, 4, 0.2, 0.4)[0]!.map((b, i) => ({ ...b, output: i % 3 }));
    const outputs = outputsFor(boxes);
    const a = await yolov8.decode(outputs, cfg);
    const b = await decodeYolov8(outputs, cfg);
    expect(a).toEqual(b);
    const r = yolov8.loss(outputs, [boxes.map(({ output: _, ...g }) => g)], { ...cfg, reduction: 'mean' });
    expect((await values(r.box))[0]).toBeLessThan(0.5 * 7.5);
    tf.dispose([r.total, r.box, r.obj, r.noobj, r.cls, r.dfl, ...outputs]);
  });
});
