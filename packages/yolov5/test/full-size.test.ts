import * as tf from '@tensorflow/tfjs-core';
import {
  expectFinite,
  expectNoTensorLeak,
  randomGt,
  randomHeads,
  testBackend,
  values,
} from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { yolov5Loss, yolov5OutputShapes } from '../src/index.js';

// The full YOLOv5 default: 640×640, C = 80, outputs 80², 40², 20², batch 2, 20 boxes per image.
describe('yolov5 full-size default', () => {
  it('loss + gradient at 640×640, C = 80, batch 2, 20 boxes per image, no leak over 5 steps', async () => {
    const heads = randomHeads(
      yolov5OutputShapes().map(([h, w, c]) => [2, h, w, c] as [number, number, number, number]),
      9,
    );
    const gt = randomGt(2, 20, 80, 13);
    const g = tf.grads((...xs: tf.Tensor[]) => yolov5Loss(xs, gt).total)(heads);
    for (const [i, t] of g.entries()) await expectFinite(t, `grad level ${i}`);
    tf.dispose(g);
    const steps = 5;
    const t0 = performance.now();
    await expectNoTensorLeak(async () => {
      const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => yolov5Loss(xs, gt).total)(
        heads,
      );
      expect(Number.isFinite((await values(value))[0])).toBe(true);
      await values(grads[0]!);
      tf.dispose([value, ...grads]);
    }, steps);
    console.info(
      `[yolov5 ${testBackend()}] ${((performance.now() - t0) / (steps + 1)).toFixed(0)} ms per loss + gradient step`,
    );
    tf.dispose(heads);
  });
});
