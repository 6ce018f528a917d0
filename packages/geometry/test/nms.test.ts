import * as tf from '@tensorflow/tfjs-core';
import { expectNoTensorLeak, testBackend } from '@yolo-loss/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diouNms, diouNmsAsync, nms, nmsAsync, type Box4 } from '../src/index.js';

/** Straightforward reference: repeatedly take the best remaining box, drop what it overlaps. */
function reference(
  boxes: Box4[],
  scores: number[],
  thr: number,
  opts: { beta?: number; classes?: number[]; scoreThreshold?: number; max?: number } = {},
): number[] {
  const overlap = (a: Box4, b: Box4): number => {
    const iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
    const ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
    const inter = iw * ih;
    const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
    const iou = union > 0 ? inter / union : 0;
    if (opts.beta === undefined) return iou;
    const c2 = (Math.max(a[2], b[2]) - Math.min(a[0], b[0])) ** 2 + (Math.max(a[3], b[3]) - Math.min(a[1], b[1])) ** 2;
    const d2 = ((a[0] + a[2] - b[0] - b[2]) / 2) ** 2 + ((a[1] + a[3] - b[1] - b[3]) / 2) ** 2;
    return c2 > 0 ? iou - (d2 / c2) ** opts.beta : iou;
  };
  let left = scores.map((_, i) => i).filter((i) => scores[i]! > (opts.scoreThreshold ?? -Infinity));
  const keep: number[] = [];
  while (left.length > 0) {
    let best = left[0]!;
    for (const i of left) if (scores[i]! > scores[best]! || (scores[i] === scores[best] && i < best)) best = i;
    keep.push(best);
    left = left.filter(
      (i) => i !== best && !((opts.classes === undefined || opts.classes[i] === opts.classes[best]) && overlap(boxes[best]!, boxes[i]!) > thr),
    );
  }
  return keep.slice(0, opts.max ?? Infinity);
}

const coord = fc.integer({ min: 0, max: 64 }).map((k) => k / 16);
const box: fc.Arbitrary<Box4> = fc
  .tuple(coord, coord, coord, coord)
  .map(([a, b, c, d]): Box4 => [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)]);
const detections = fc.array(
  fc.record({ box, score: fc.integer({ min: 0, max: 20 }).map((k) => k / 20), cls: fc.integer({ min: 0, max: 2 }) }),
  { maxLength: 24 },
);
const RUNS = testBackend() === 'cpu' ? 500 : 50;

describe('nms / diouNms match a straightforward reference on random inputs', () => {
  it('nms and diouNms (β = 1 and 0.6), class-agnostic and per class, score threshold, max detections', () => {
    fc.assert(
      fc.property(
        detections,
        fc.constantFrom(0, 0.3, 0.5, 0.7),
        fc.constantFrom(-Infinity, 0.25),
        fc.constantFrom(Infinity, 3),
        fc.boolean(),
        (dets, thr, scoreThreshold, max, perClass) => {
          const boxes = dets.map((d) => d.box);
          const scores = dets.map((d) => d.score);
          const classes = perClass ? dets.map((d) => d.cls) : undefined;
          const opts = { iouThreshold: thr, scoreThreshold, maxDetections: max, ...(classes ? { classIds: classes } : {}) };
          const ref = { scoreThreshold, max, ...(classes ? { classes } : {}) };
          expect(nms(boxes, scores, opts)).toEqual(reference(boxes, scores, thr, ref));
          expect(diouNms(boxes, scores, opts)).toEqual(reference(boxes, scores, thr, { ...ref, beta: 1 }));
          expect(diouNms(boxes, scores, { ...opts, beta: 0.6 })).toEqual(reference(boxes, scores, thr, { ...ref, beta: 0.6 }));
        },
      ),
      { numRuns: RUNS, seed: 7 },
    );
  });

  it('agrees with tf.image.nonMaxSuppressionAsync on boxes of positive area', async () => {
    await fc.assert(
      fc.asyncProperty(detections, fc.constantFrom(0.3, 0.5), async (dets, thr) => {
        const pos = dets.filter((d) => d.box[2] > d.box[0] && d.box[3] > d.box[1]);
        // distinct scores: tfjs's tie order is its own
        const boxes = pos.map((d) => d.box);
        const scores = pos.map((_, i) => 1 - i / 64);
        const yxyx = tf.tensor2d(boxes.map(([x1, y1, x2, y2]) => [y1, x1, y2, x2]), [boxes.length, 4]);
        const s = tf.tensor1d(scores);
        const sel = await tf.image.nonMaxSuppressionAsync(yxyx, s, 1000, thr);
        const expected = Array.from(await sel.data());
        tf.dispose([yxyx, s, sel]);
        expect(nms(boxes, scores, { iouThreshold: thr })).toEqual(expected);
      }),
      { numRuns: testBackend() === 'cpu' ? 100 : 20, seed: 11 },
    );
  });
});

describe('DIoU-NMS', () => {
  // Overlapping boxes with centres 3 apart: IoU = 70/130 ≈ 0.538, ρ²/c² = 9/269 ≈ 0.033.
  const boxes: Box4[] = [
    [0, 0, 10, 10],
    [3, 0, 13, 10],
  ];
  const scores = [0.9, 0.8];

  it('keeps a box that plain NMS suppresses when the centres are far apart', () => {
    expect(nms(boxes, scores, { iouThreshold: 0.52 })).toEqual([0]);
    expect(diouNms(boxes, scores, { iouThreshold: 0.52 })).toEqual([0, 1]);
    // Darknet's β = 0.6 penalises distance more: (9/269)^0.6 ≈ 0.13
    expect(diouNms(boxes, scores, { iouThreshold: 0.45, beta: 0.6 })).toEqual([0, 1]);
    expect(nms(boxes, scores, { iouThreshold: 0.45 })).toEqual([0]);
  });

  it('suppresses like NMS when the centres coincide', () => {
    const nested: Box4[] = [
      [0, 0, 10, 10],
      [1, 1, 9, 9],
    ];
    expect(diouNms(nested, scores, { iouThreshold: 0.5 })).toEqual(nms(nested, scores, { iouThreshold: 0.5 }));
    expect(nms(nested, scores, { iouThreshold: 0.5 })).toEqual([0]);
  });
});

describe('nms options and order', () => {
  const boxes: Box4[] = [
    [0, 0, 1, 1],
    [0, 0, 1, 1],
    [0.05, 0, 1.05, 1],
    [5, 5, 6, 6],
  ];
  it('orders by score, ties by index; per class never suppresses across classes', () => {
    expect(nms(boxes, [0.5, 0.5, 0.9, 0.1], { iouThreshold: 0.5 })).toEqual([2, 3]);
    expect(nms(boxes, [0.5, 0.5, 0.4, 0.1], { iouThreshold: 0.5 })).toEqual([0, 3]);
    expect(nms(boxes, [0.5, 0.5, 0.9, 0.1], { iouThreshold: 0.5, classIds: [0, 1, 0, 0] })).toEqual([2, 1, 3]);
    expect(nms(boxes, [0.5, 0.5, 0.9, 0.1], { iouThreshold: 0.5, classIds: [0, 1, 0, 0], classAgnostic: true })).toEqual([2, 3]);
    expect(nms(boxes, [0.5, 0.5, 0.9, 0.1], { iouThreshold: 0.5, scoreThreshold: 0.1 })).toEqual([2]);
    expect(nms(boxes, [0.5, 0.5, 0.9, 0.1], { iouThreshold: 1, maxDetections: 2 })).toEqual([2, 0]);
    expect(nms([], [], { iouThreshold: 0.5 })).toEqual([]);
  });

  it('accepts xywh arrays and {x, y, w, h} objects', () => {
    const xywh: Box4[] = [
      [0.5, 0.5, 1, 1],
      [0.55, 0.5, 1, 1],
    ];
    expect(nms(xywh, [0.1, 0.2], { iouThreshold: 0.5, format: 'xywh' })).toEqual([1]);
    expect(nms([{ x: 0.5, y: 0.5, w: 1, h: 1 }, { x: 3, y: 3, w: 1, h: 1 }], [0.1, 0.2], { iouThreshold: 0.5 })).toEqual([1, 0]);
  });

  it('rejects bad input naming the argument and the index', () => {
    const b: Box4[] = [
      [0, 0, 1, 1],
      [0, 0, 1, 1],
    ];
    expect(() => nms([[0, 0, Number.NaN, 1]], [1], { iouThreshold: 0.5 })).toThrow(/nms: boxes\[0\]\[2\]: expected a finite number, got NaN/);
    expect(() => nms(b, [1], { iouThreshold: 0.5 })).toThrow(/nms: scores: expected one score per box \(2\), got 1/);
    expect(() => nms(b, [1, Number.NaN], { iouThreshold: 0.5 })).toThrow(/nms: scores\[1\]: expected a finite number, got NaN/);
    expect(() => diouNms(b, [1, 1], { iouThreshold: Number.NaN })).toThrow(/diouNms: options.iouThreshold: expected a finite number/);
    expect(() => diouNms(b, [1, 1], { iouThreshold: 0.5, beta: 0 })).toThrow(/diouNms: options.beta: expected a finite number > 0, got 0/);
    expect(() => nms(b, [1, 1], { iouThreshold: 0.5, classIds: [0] })).toThrow(/nms: options.classIds: expected one class id per box \(2\)/);
    expect(() => nms(b, [1, 1], { iouThreshold: 0.5, classIds: [0, 0.5] })).toThrow(/nms: options.classIds\[1\]: expected an integer, got 0.5/);
    expect(() => nms(b, [1, 1], { iouThreshold: 0.5, maxDetections: -1 })).toThrow(/nms: options.maxDetections/);
  });
});

describe('nmsAsync / diouNmsAsync on tensors', () => {
  const boxes: Box4[] = [
    [0, 0, 10, 10],
    [3, 0, 13, 10],
    [20, 20, 30, 30],
    [0, 0, 10, 10],
  ];
  const scores = [0.9, 0.8, 0.7, 0.6];

  it('give the plain-array results (class ids as an array or a tensor), without leaking', async () => {
    const b = tf.tensor2d(boxes.map((x) => [...x]));
    const s = tf.tensor1d(scores);
    const c = tf.tensor1d([0, 0, 0, 1], 'int32');
    expect(await nmsAsync(b, s, { iouThreshold: 0.52 })).toEqual(nms(boxes, scores, { iouThreshold: 0.52 }));
    expect(await diouNmsAsync(b, s, { iouThreshold: 0.52 })).toEqual([0, 1, 2]);
    expect(await nmsAsync(b, s, { iouThreshold: 0.52, classIds: c })).toEqual([0, 2, 3]);
    expect(await diouNmsAsync(b, s, { iouThreshold: 0.52, classIds: [0, 0, 0, 1], beta: 0.6 })).toEqual([0, 1, 2, 3]);
    await expectNoTensorLeak(async () => {
      await nmsAsync(b, s, { iouThreshold: 0.5, classIds: c });
    }, 2);
    tf.dispose([b, s, c]);
  });

  it('rejects bad tensors naming the argument', async () => {
    const b = tf.tensor2d(boxes.map((x) => [...x]));
    const s = tf.tensor1d([1, 2]);
    const wrong = tf.zeros([4, 3]);
    await expect(nmsAsync(b, s, { iouThreshold: 0.5 })).rejects.toThrow(/nmsAsync: scores: expected a tensor of shape \[4\]/);
    await expect(diouNmsAsync(wrong, s, { iouThreshold: 0.5 })).rejects.toThrow(/diouNmsAsync: boxes: expected a tensor of shape \[\.\.\., 4\]/);
    tf.dispose([b, s, wrong]);
  });
});
