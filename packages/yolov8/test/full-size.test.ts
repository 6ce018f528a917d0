import * as tf from '@tensorflow/tfjs-core';
import { expectFinite, expectNoTensorLeak, randomGt, randomHeads, testBackend, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { yolov8Loss, yolov8OutputShapes } from '../src/index.js';

// The full YOLOv8 default: 640×640, C = 80, outputs 80², 40², 20² (144 channels), batch 2 —
// the default implementation (fused on cpu and webgpu).
describe('yolov8 full-size default', () => {
  it('loss + gradient at 640×640, C = 80, batch 2, 20 boxes per image, no leak over 3 steps; 500 boxes per image finite', async () => {
    const outputs = randomHeads(
      yolov8OutputShapes().map(([h, w, c]) => [2, h, w, c] as [number, number, number, number]),
      9,
    );
    for (const count of [20, 500]) {
      const gt = randomGt(2, count, 80, 13, 0.01, 0.3);
      const g = tf.grads((...xs: tf.Tensor[]) => yolov8Loss(xs, gt).total)(outputs);
      for (const [i, t] of g.entries()) await expectFinite(t, `${count} boxes: grad of output ${i}`);
      tf.dispose(g);
    }
    const gt = randomGt(2, 20, 80, 13);
    const steps = 3;
    const t0 = performance.now();
    await expectNoTensorLeak(async () => {
      const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => yolov8Loss(xs, gt).total)(outputs);
      expect(Number.isFinite((await values(value))[0])).toBe(true);
      await values(grads[0]!);
      tf.dispose([value, ...grads]);
    }, steps);
    console.info(`[yolov8 ${testBackend()}] ${((performance.now() - t0) / (steps + 1)).toFixed(0)} ms per loss + gradient step`);
    tf.dispose(outputs);
  });
});
