// Parity with ultralytics' v8DetectionLoss (see test/fixtures/README.md for the numbers' origin).
import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, loadFixture, values } from '@yolo-loss/test-utils';
import { describe, it } from 'vitest';
import { yolov8Loss, type LossImplementation } from '../src/index.js';
import { caseOptions, casePredictions, type UltralyticsFixture } from './ultralytics-fixture.js';

const fixture = loadFixture<UltralyticsFixture>('./fixtures/ultralytics-yolov8.json', import.meta.url);

function describeFixtures(implementation: LossImplementation, title: string): void {
  describe(title, () => {
    for (const c of fixture.cases) {
      it(`${c.name}: 'sum' total, terms × batch size and d total / d predictions`, async () => {
        const preds = casePredictions(c);
        const options = { ...caseOptions(c), implementation };
        const terms: tf.Tensor[] = [];
        const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => {
          const r = yolov8Loss(xs as tf.Tensor4D[], c.groundTruth, options);
          tf.dispose([r.obj, r.noobj]);
          const stacked = tf.stack([r.box, r.cls, r.dfl]);
          terms.push(tf.keep(stacked));
          return r.total;
        })(preds);
        expectAllClose(await values(value), [c.expected.loss.total], c.tolerance, `${c.name} total`);
        expectAllClose(await values(terms[0]!), c.expected.loss.totalPerTerm, c.tolerance, `${c.name} box, cls, dfl × N`);
        for (const [i, g] of grads.entries()) {
          expectAllClose(await values(g), c.expected.grad.data[i]!, c.tolerance, `${c.name} grad of output ${i}`);
        }
        tf.dispose([value, ...grads, ...terms, ...preds]);
      });
      it(`${c.name}: 'mean' gives the unscaled (logged) terms`, async () => {
        const preds = casePredictions(c);
        const r = yolov8Loss(preds, c.groundTruth, { ...caseOptions(c), implementation, reduction: 'mean' });
        const got = await values(tf.stack([r.box, r.cls, r.dfl, r.total, r.obj, r.noobj]));
        const e = c.expected.loss;
        expectAllClose(got, [e.box, e.cls, e.dfl, e.sumUnscaled, 0, 0], c.tolerance, `${c.name} unscaled terms`);
        tf.dispose([r.total, r.box, r.cls, r.dfl, r.obj, r.noobj, ...preds]);
      });
    }
  });
}

describeFixtures('composed', 'yolov8 ultralytics fixtures (composed)');
