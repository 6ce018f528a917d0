// Parity with ultralytics' ComputeLoss (test/fixtures/README.md): every term and the gradient.
import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { encodeYolov5Targets, yolov5Loss, type Yolov5LossOptions } from '../src/index.js';
import {
  caseOptions,
  casePredictions,
  fixture,
  type UltralyticsCase,
} from './ultralytics-fixture.js';

async function scalars(r: ReturnType<typeof yolov5Loss>) {
  const [total, box, obj, noobj, cls] = await Promise.all(
    [r.total, r.box, r.obj, r.noobj, r.cls].map(async (t) => (await values(t))[0]!),
  );
  tf.dispose([r.total, r.box, r.obj, r.noobj, r.cls]);
  return { total: total!, box: box!, obj: obj! + noobj!, cls: cls! };
}

async function expectCase(
  c: UltralyticsCase,
  extra: Partial<Yolov5LossOptions> = {},
): Promise<void> {
  const heads = casePredictions(c);
  const options = { ...caseOptions(c), ...extra };
  const e = c.expected.loss;
  const bs = c.config.batchSize;
  try {
    // 'sum' (default): ultralytics' returned loss, every term × batch size
    const sum = yolov5Loss(heads, c.groundTruth, options);
    expect(sum.stats.positivesPerLevel).toEqual(c.diagnostics.positivesPerLevel);
    const s = await scalars(sum);
    expectAllClose(
      [s.total, s.box, s.obj, s.cls],
      [e.total, e.box * bs, e.obj * bs, e.cls * bs],
      c.tolerance,
      `${c.name} sum terms`,
    );
    // 'mean': the unscaled terms ultralytics logs
    const m = await scalars(yolov5Loss(heads, c.groundTruth, { ...options, reduction: 'mean' }));
    expectAllClose(
      [m.total, m.box, m.obj, m.cls],
      [e.sumUnscaled, e.box, e.obj, e.cls],
      c.tolerance,
      `${c.name} mean terms`,
    );
    // d total / d predictions
    const grads = tf.grads((...xs: tf.Tensor[]) => yolov5Loss(xs, c.groundTruth, options).total)(
      heads,
    );
    for (const [i, g] of grads.entries()) {
      expectAllClose(
        await values(g),
        c.expected.grad.data[i]!,
        c.tolerance,
        `${c.name} grad level ${i}`,
      );
    }
    tf.dispose(grads);
  } finally {
    tf.dispose(heads);
  }
}

// both implementations: the fused level kernels and the composed ops
for (const implementation of ['fused', 'composed'] as const) {
  describe(`yolov5 ultralytics fixtures (${implementation})`, () => {
    it.for(fixture.cases)('$name', async (c) => {
      await expectCase(c, { implementation });
    });
  });
}

describe('yolov5 ultralytics fixtures: assignment', () => {
  it.for(fixture.cases.filter((c) => c.diagnostics.duplicateCellsPerLevel.some((d) => d > 0)))(
    '$name: duplicate cells = positives − distinct cells, reported as dropped',
    (c) => {
      const t = encodeYolov5Targets(c.groundTruth, {
        ...caseOptions(c),
        gridSizes: c.predictions.shapes.map(([, h, w]) => [w, h] as [number, number]),
      });
      const perLevel = t.heads.map((h) => h.count - new Set(h.rows).size);
      expect(perLevel).toEqual(c.diagnostics.duplicateCellsPerLevel);
      expect(t.dropped).toHaveLength(perLevel.reduce((a, b) => a + b, 0));
    },
  );
});
