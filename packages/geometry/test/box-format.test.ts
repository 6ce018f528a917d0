import * as tf from '@tensorflow/tfjs-core';
import { values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { xywhToXyxy, xyxyToXywh } from '../src/index.js';

describe('box formats', () => {
  it('converts plain boxes both ways', () => {
    expect(xywhToXyxy([0.5, 0.5, 0.2, 0.4])).toEqual([0.4, 0.3, 0.6, 0.7]);
    const back = xyxyToXywh([0.4, 0.3, 0.6, 0.7]);
    back.forEach((v, i) => expect(v).toBeCloseTo([0.5, 0.5, 0.2, 0.4][i]!, 12));
  });

  it('converts [..., 4] tensors and round-trips', async () => {
    const boxes = tf.tensor3d([[[10, 20, 4, 6], [0, 0, 0, 0]]]);
    const xyxy = xywhToXyxy(boxes);
    expect(Array.from(await values(xyxy))).toEqual([8, 17, 12, 23, 0, 0, 0, 0]);
    const back = xyxyToXywh(xyxy);
    expect(Array.from(await values(back))).toEqual([10, 20, 4, 6, 0, 0, 0, 0]);
    tf.dispose([boxes, xyxy, back]);
  });

  it('names the argument on bad input', () => {
    expect(() => xywhToXyxy([0, 0, Number.NaN, 1])).toThrow(/box\[2\]: expected a finite number/);
    const wrong = tf.zeros([2, 3]);
    expect(() => xyxyToXywh(wrong)).toThrow(/shape \[\.\.\., 4\], got \[2, 3\]/);
    wrong.dispose();
  });
});
