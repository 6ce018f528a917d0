// Parity with the shared fixtures (see test/fixtures/README.md for their origin).
import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, loadFixture, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { yolov3Assignment, yolov3Loss, type Yolov3Options } from '../src/index.js';
import type { Fixture, FixtureCase } from '@yolo-loss/test-utils';

const files = {
  paper: loadFixture<Fixture>('./fixtures/paper-yolov3.json', import.meta.url),
  darknet: loadFixture<Fixture>('./fixtures/darknet-yolov3.json', import.meta.url),
};

function setup(c: FixtureCase, preset: 'paper' | 'darknet') {
  const preds = c.predictions.map((p) =>
    tf.tensor(Float32Array.from(p.data as number[]), p.shape as [number, number, number, number]),
  );
  const options = { ...c.config, preset } as Yolov3Options;
  return { preds, options };
}

for (const preset of ['paper', 'darknet'] as const) {
  describe(`yolov3 ${preset} fixtures`, () => {
    it.for(files[preset].cases)('$name', async (c) => {
      const { preds, options } = setup(c, preset);
      const result = yolov3Loss(preds, c.groundTruth, options);
      try {
        // responsible slots always; the GT owning each slot and the dropped GTs where the fixture has them
        const { responsibleGt, dropped } = c.expected;
        expect({
          responsible: result.stats.responsible.map((s) => [...s]),
          responsibleGt: responsibleGt && result.stats.responsibleGt,
          dropped: dropped && result.stats.dropped.map((d) => [...d]),
        }).toEqual({ responsible: c.expected.responsible, responsibleGt, dropped });
        // the ignore rule's slots, where the fixture lists them
        const { ignored } = await yolov3Assignment(preds, c.groundTruth, options);
        expect(c.expected.ignored && ignored.map((s) => [...s])).toEqual(c.expected.ignored);
        if (c.expected.loss) {
          for (const term of ['total', 'box', 'obj', 'noobj', 'cls'] as const) {
            expectAllClose(
              await values(result[term]),
              [c.expected.loss[term]],
              c.tolerance,
              `${term}`,
            );
          }
        }
        if (c.compare.includes('grad')) {
          const grads = tf.grads(
            (...xs: tf.Tensor[]) => yolov3Loss(xs, c.groundTruth, options).total,
          )(preds);
          for (const [h, g] of grads.entries()) {
            expectAllClose(
              await values(g),
              c.expected.grad[h]!.data,
              c.tolerance,
              `grad head ${h}`,
              c.expected.gradMask?.[h]?.data as number[] | undefined,
            );
          }
          tf.dispose(grads);
        }
      } finally {
        tf.dispose([result.total, result.box, result.obj, result.noobj, result.cls]);
        tf.dispose(preds);
      }
    });
  });
}
