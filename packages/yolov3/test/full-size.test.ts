import * as tf from '@tensorflow/tfjs-core';
import { expectFinite, expectNoTensorLeak, testBackend, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { yolov3Loss } from '../src/index.js';
import { randomGt, randomHeads } from '@yolo-loss/test-utils';

// The full YOLOv3 default: 416×416, 80 classes, 3 heads (13, 26, 52), batch 2, 20 boxes per image.
// 20 steps for the paper preset, 5 for darknet (same code path but the ignore basis) to keep CI short.
const steps = { paper: 20, darknet: 5 } as const;

describe('yolov3 full-size default', () => {
  it(`loss + gradient at 416×416, C=80, batch 2, 20 boxes per image, no leak over 20 steps`, async () => {
    const heads = randomHeads(
      [
        [2, 13, 13, 255],
        [2, 26, 26, 255],
        [2, 52, 52, 255],
      ],
      9,
    );
    const gt = randomGt(2, 20, 80, 13);
    for (const preset of ['paper', 'darknet'] as const) {
      const g = tf.grads((...xs: tf.Tensor[]) => yolov3Loss(xs, gt, { preset }).total)(heads);
      for (const [i, t] of g.entries()) await expectFinite(t, `grad head ${i}`);
      tf.dispose(g);
      const t0 = performance.now();
      await expectNoTensorLeak(async () => {
        const { value, grads } = tf.valueAndGrads(
          (...xs: tf.Tensor[]) => yolov3Loss(xs, gt, { preset }).total,
        )(heads);
        expect(Number.isFinite((await values(value))[0])).toBe(true);
        await values(grads[2]!);
        tf.dispose([value, ...grads]);
      }, steps[preset]);
      console.info(
        `[yolov3 ${testBackend()}] ${preset}: ${((performance.now() - t0) / (steps[preset] + 1)).toFixed(0)} ms per loss + gradient step`,
      );
    }
    tf.dispose(heads);
  });
});
