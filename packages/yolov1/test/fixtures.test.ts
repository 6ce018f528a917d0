import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, loadFixture, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { yolov1Assignment, yolov1Loss, type Yolov1Options } from '../src/index.js';
import type { FixtureCase, FixtureFile } from '@yolo-loss/test-utils';

// Copies of shared/fixtures/{paper,darknet}/yolov1.json (see fixtures/README.md).
const files = ['paper-yolov1.json', 'darknet-yolov1.json'].map((f) => loadFixture<FixtureFile>(`./fixtures/${f}`, import.meta.url));

type Check = (pred: tf.Tensor4D, c: FixtureCase, options: Yolov1Options, label: string) => Promise<void>;

const checks: Record<string, Check> = {
  async loss(pred, c, options, label) {
    const r = yolov1Loss(pred, c.groundTruth, options);
    const terms = [r.total, r.box, r.obj, r.noobj, r.cls];
    const got = await Promise.all(terms.map(async (t) => (await values(t))[0]!));
    tf.dispose(terms);
    const e = c.expected.loss!;
    expectAllClose(got, [e.total, e.box, e.obj, e.noobj, e.cls], c.tolerance, `${label} loss [total, box, obj, noobj, cls]`);
  },
  async grad(pred, c, options, label) {
    const grad = tf.grad((x: tf.Tensor) => yolov1Loss(x as tf.Tensor4D, c.groundTruth, options).total)(pred);
    const got = await values(grad);
    grad.dispose();
    expectAllClose(got, c.expected.grad[0]!.data, c.tolerance, `${label} grad`);
  },
  async responsible(pred, c, options, label) {
    const a = await yolov1Assignment(pred, c.groundTruth, options);
    const got = a.responsible.map((s) => [0, s.image, s.row, s.col, s.predictor]).sort(compareLists);
    assertSameJson(got, c.expected.responsible, `${label} responsible`);
    // Fixture rows of `dropped` (paper file only): [head, box, image, row, col, slot].
    if (c.expected.dropped) {
      const dropped = c.expected.dropped.map((d) => [d[2], d[1], d[3], d[4]]);
      assertSameJson(a.dropped.map((d) => [d.image, d.box, d.row, d.col]), dropped, `${label} dropped`);
    }
  },
};

describe.each(files.map((f) => [f.preset, f] as const))('yolov1 fixtures: %s', (preset, file) => {
  it.each(file.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expect(c.compare.every((field) => field in checks)).toBe(true);
    const [p] = c.predictions;
    const pred = tf.tensor4d(Float32Array.from(p!.data), p!.shape as [number, number, number, number]);
    const options = { preset, ...c.config } as Yolov1Options;
    for (const field of c.compare) await checks[field]!(pred, c, options, `${preset}: ${c.name}`);
    pred.dispose();
  });
});

function assertSameJson(got: unknown, expected: unknown, label: string): void {
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    throw new Error(`${label}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  }
}

function compareLists(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
