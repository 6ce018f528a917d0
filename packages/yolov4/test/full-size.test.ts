import * as tf from '@tensorflow/tfjs-core';
import { expectFinite, expectNoTensorLeak, testBackend, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { yolov4Loss } from '../src/index.js';
import { randomGt, randomHeads } from '@yolo-loss/test-utils';

// The full YOLOv4 default: 608×608, 80 classes, 3 heads (76, 38, 19), batch 2, 20 boxes per image.
const steps = { paper: 5, darknet: 3 } as const;

describe('yolov4 full-size default', () => {
  it('loss + gradient at 608×608, C=80, batch 2, 20 boxes per image, no leak', async () => {
    const heads = randomHeads(
      [
        [2, 76, 76, 255],
        [2, 38, 38, 255],
        [2, 19, 19, 255],
      ],
      9,
    );
    const gt = randomGt(2, 20, 80, 13);
    for (const preset of ['paper', 'darknet'] as const) {
      const g = tf.grads((...xs: tf.Tensor[]) => yolov4Loss(xs, gt, { preset }).total)(heads);
      for (const [i, t] of g.entries()) await expectFinite(t, `grad head ${i}`);
      tf.dispose(g);
      const t0 = performance.now();
      await expectNoTensorLeak(async () => {
        const { value, grads } = tf.valueAndGrads(
          (...xs: tf.Tensor[]) => yolov4Loss(xs, gt, { preset }).total,
        )(heads);
        expect(Number.isFinite((await values(value))[0])).toBe(true);
        await values(grads[2]!);
        tf.dispose([value, ...grads]);
      }, steps[preset]);
      console.info(
        `[yolov4 ${testBackend()}] ${preset}: ${((performance.now() - t0) / (steps[preset] + 1)).toFixed(0)} ms per loss + gradient step`,
      );
    }
    tf.dispose(heads);
  });
});
