// fused ≡ composed, searched for with fast-check: random YOLOv5 set-ups (1–3 outputs of 1–5 × 1–5
// cells and 1–3 anchors, 1–4 classes, a batch of 1–2, any input size and anchors, every key the
// fused kernel reads) with random ground truth (empty images, repeated boxes: the last writer
// wins) and raw outputs with extremes (±80); the terms and the gradient of `total` agree within
//   |fused − composed| <= 1e-5 + 1e-4·|composed|
// on the test backend. (tooling/robustness runs a longer search over the same kind of cases.)
import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, testBackend, type Tolerance } from '@yolo-loss/test-utils';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { yolov5Loss, type GtBox, type Yolov5LossOptions } from '../src/index.js';

const tolerance: Tolerance = { abs: 1e-5, rel: 1e-4 };
const numRuns = testBackend() === 'webgpu' ? 25 : 120;

const logit = fc.oneof(
  { weight: 6, arbitrary: fc.float({ min: -4, max: 4, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(-80, 80, 0) },
);
const weight = fc.oneof(fc.constantFrom(0, 1, 0.25, 4), fc.double({ min: 0, max: 5, noNaN: true }));
const unit = fc.oneof(fc.constantFrom(0, 1, 0.5), fc.double({ min: 0, max: 1, noNaN: true }));
const coord = fc.oneof(fc.constantFrom(0, 1, 0.5, 0.25), fc.double({ min: 0, max: 1, noNaN: true }));
const side = fc.oneof(fc.constantFrom(1, 1e-3, 0.5), fc.double({ min: 1e-4, max: 1, noNaN: true }));

interface Case {
  shapes: [number, number, number, number][];
  outputs: Float32Array[];
  gt: GtBox[][];
  options: Yolov5LossOptions;
}

const setup = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    numClasses: fc.integer({ min: 1, max: 4 }),
    inputSize: fc.tuple(fc.integer({ min: 16, max: 160 }), fc.integer({ min: 16, max: 160 })),
    grids: fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 3 }),
  })
  .chain(({ batch, numClasses, inputSize, grids }) => {
    const shapes = grids.map(([h, w, a]): [number, number, number, number] => [batch, h, w, a * (5 + numClasses)]);
    const anchorCount = grids.reduce((s, [, , a]) => s + a, 0);
    let next = 0;
    const masks = grids.map(([, , a]) => Array.from({ length: a }, () => next++));
    const box = fc.record({ x: coord, y: coord, w: side, h: side, classId: fc.integer({ min: 0, max: numClasses - 1 }) });
    const image = fc
      .tuple(fc.array(box, { maxLength: 4 }), fc.boolean())
      .map(([boxes, repeat]) => (repeat && boxes.length > 0 ? [...boxes, { ...boxes[0]! }] : boxes));
    return fc.record<Case>({
      shapes: fc.constant(shapes),
      outputs: fc.tuple(
        ...shapes.map((s) => fc.array(logit, { minLength: s.reduce((a, b) => a * b, 1), maxLength: s.reduce((a, b) => a * b, 1) }).map((v) => Float32Array.from(v))),
      ),
      gt: fc.array(image, { minLength: batch, maxLength: batch }),
      options: fc.record({
        inputSize: fc.constant(inputSize),
        numClasses: fc.constant(numClasses),
        anchors: fc.array(fc.tuple(fc.double({ min: 0.5, max: 200, noNaN: true }), fc.double({ min: 0.5, max: 200, noNaN: true })), {
          minLength: anchorCount,
          maxLength: anchorCount,
        }),
        masks: fc.constant(masks),
        reduction: fc.constantFrom('mean' as const, 'sum' as const),
        lambdaCoord: weight,
        lambdaObj: weight,
        lambdaClass: weight,
        anchorThreshold: fc.oneof(fc.constantFrom(4, 1.5, 100), fc.double({ min: 1.01, max: 10, noNaN: true })),
        levelWeights: fc.array(weight, { minLength: grids.length, maxLength: grids.length }),
        objIouRatio: unit,
        labelSmoothing: unit,
        classPosWeight: fc.oneof(weight, fc.array(weight, { minLength: numClasses, maxLength: numClasses })),
        objPosWeight: weight,
        focalGamma: fc.oneof(fc.constantFrom(0, 0.5, 1.5), fc.double({ min: 0, max: 3, noNaN: true })),
      }),
    });
  });

async function run(c: Case, implementation: 'fused' | 'composed'): Promise<{ terms: Float32Array; grads: Float32Array[] }> {
  const outputs = c.outputs.map((v, i) => tf.tensor4d(v, c.shapes[i]));
  let terms: tf.Tensor | undefined;
  const grads = tf.grads((...xs: tf.Tensor[]) => {
    const r = yolov5Loss(xs, c.gt, { ...c.options, implementation });
    terms = tf.keep(tf.stack([r.total, r.box, r.obj, r.noobj, r.cls]));
    return r.total;
  })(outputs);
  try {
    const [t, ...g] = await Promise.all([terms!.data(), ...grads.map((x) => x.data())]);
    return { terms: t as Float32Array, grads: g as Float32Array[] };
  } finally {
    tf.dispose([...outputs, ...grads, terms!]);
  }
}

describe(`yolov5 fused ≡ composed on random set-ups (${numRuns} cases)`, () => {
  it('terms and every gradient entry agree, all finite', async () => {
    await fc.assert(
      fc.asyncProperty(setup, async (c) => {
        const fused = await run(c, 'fused');
        const composed = await run(c, 'composed');
        for (const v of [...fused.terms, ...composed.terms]) if (!Number.isFinite(v)) throw new Error(`a term is ${v}`);
        expectAllClose(fused.terms, composed.terms, tolerance, 'terms [total, box, obj, noobj, cls]');
        fused.grads.forEach((g, i) => expectAllClose(g, composed.grads[i]!, tolerance, `gradient of output ${i}`));
      }),
      { numRuns, seed: Number(process.env.YOLO_LOSS_FC_SEED ?? 5), interruptAfterTimeLimit: 120_000 },
    );
  });
});
