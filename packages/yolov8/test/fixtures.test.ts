// Parity with ultralytics' v8DetectionLoss (test/fixtures/README.md): every term and the gradient.
import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { yolov8, yolov8Loss, type LossResult, type Yolov8LossOptions } from '../src/index.js';
import { caseOptions, casePredictions, fixture, type UltralyticsCase } from './ultralytics-fixture.js';

async function scalars(r: LossResult) {
  const all = [r.total, r.box, r.cls, r.dfl, r.obj, r.noobj];
  const [total, box, cls, dfl, obj, noobj] = await Promise.all(all.map(async (t) => (await values(t))[0]!));
  tf.dispose(all);
  return { total: total!, box: box!, cls: cls!, dfl: dfl!, obj: obj!, noobj: noobj! };
}

async function expectCase(c: UltralyticsCase, extra: Partial<Yolov8LossOptions> = {}): Promise<void> {
  const outputs = casePredictions(c);
  const options = { ...caseOptions(c), ...extra };
  const e = c.expected.loss;
  try {
    // 'sum' (default): ultralytics' returned loss, every term × batch size
    const s = await scalars(yolov8Loss(outputs, c.groundTruth, options));
    expectAllClose([s.total, s.box, s.cls, s.dfl], [e.total, ...e.totalPerTerm], c.tolerance, `${c.name} sum terms`);
    expect([s.obj, s.noobj]).toEqual([0, 0]);
    // 'mean': the unscaled terms ultralytics logs
    const m = await scalars(yolov8Loss(outputs, c.groundTruth, { ...options, reduction: 'mean' }));
    expectAllClose([m.total, m.box, m.cls, m.dfl], [e.sumUnscaled, e.box, e.cls, e.dfl], c.tolerance, `${c.name} mean terms`);
    // d total / d predictions
    const grads = tf.grads((...xs: tf.Tensor[]) => yolov8Loss(xs, c.groundTruth, options).total)(outputs);
    for (const [i, g] of grads.entries()) {
      expectAllClose(await values(g), c.expected.grad.data[i]!, c.tolerance, `${c.name} grad of output ${i}`);
    }
    tf.dispose(grads);
  } finally {
    tf.dispose(outputs);
  }
}

// both implementations: the fused kernels and the composed ops
for (const implementation of ['fused', 'composed'] as const) {
  describe(`yolov8 ultralytics fixtures (${implementation})`, () => {
    it.for(fixture.cases)('$name', async (c) => {
      await expectCase(c, { implementation });
    });
  });
}

describe('yolov8 ultralytics fixtures: assignment', () => {
  it.for(fixture.cases)('$name: the foreground anchors ultralytics counted', async (c) => {
    const outputs = casePredictions(c);
    try {
      const { responsible, ignored } = await yolov8.assignment(outputs, c.groundTruth, caseOptions(c));
      expect(responsible).toHaveLength(c.diagnostics.foregroundAnchors);
      expect(ignored).toEqual([]);
    } finally {
      tf.dispose(outputs);
    }
  });
});
