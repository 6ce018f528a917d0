// fused ≡ composed, searched for with fast-check: random YOLOv8 set-ups (1–3 outputs of strides
// s, 2s, 4s with grids of 1–3 cells at the coarsest, 1–4 classes, regMax 2–8, a batch of 1–2,
// every key the fused kernels read: top-k, α, β including 0, gains, pos weights) with random ground
// truth (empty images, repeated boxes: ties go to the first GT) and raw outputs with extremes
// (±80); the terms and the gradient of `total` agree within
//   |fused − composed| <= 1e-5 + 1e-4·|composed|
// on the test backend. (tooling/robustness runs a longer search over the same kind of cases.)
import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, testBackend, type Tolerance } from '@yolo-loss/test-utils';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { yolov8Loss, type GtBox, type Yolov8LossOptions } from '../src/index.js';

const tolerance: Tolerance = { abs: 1e-5, rel: 1e-4 };
const numRuns = testBackend() === 'webgpu' ? 20 : 100;

const logit = fc.oneof(
  { weight: 6, arbitrary: fc.float({ min: -4, max: 4, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(-80, 80, 0) },
);
const weight = fc.oneof(fc.constantFrom(0, 1, 0.25, 4), fc.double({ min: 0, max: 5, noNaN: true }));
const exponent = fc.oneof(fc.constantFrom(0, 0.5, 1, 6), fc.double({ min: 0, max: 8, noNaN: true }));
const coord = fc.oneof(fc.constantFrom(0, 1, 0.5, 0.25), fc.double({ min: 0, max: 1, noNaN: true }));
const side = fc.oneof(fc.constantFrom(1, 1e-3, 0.5), fc.double({ min: 1e-4, max: 1, noNaN: true }));

interface Case {
  shapes: [number, number, number, number][];
  outputs: Float32Array[];
  gt: GtBox[][];
  options: Yolov8LossOptions;
}

const setup = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    numClasses: fc.integer({ min: 1, max: 4 }),
    regMax: fc.integer({ min: 2, max: 8 }),
    levels: fc.integer({ min: 1, max: 3 }),
    stride: fc.constantFrom(2, 4, 8),
    coarse: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
  })
  .chain(({ batch, numClasses, regMax, levels, stride, coarse: [gh, gw] }) => {
    const top = 2 ** (levels - 1);
    const shapes = Array.from({ length: levels }, (_, l): [number, number, number, number] => [
      batch,
      gh * 2 ** (levels - 1 - l),
      gw * 2 ** (levels - 1 - l),
      4 * regMax + numClasses,
    ]);
    const inputSize: [number, number] = [gw * stride * top, gh * stride * top];
    const box = fc.record({ x: coord, y: coord, w: side, h: side, classId: fc.integer({ min: 0, max: numClasses - 1 }) });
    const image = fc
      .tuple(fc.array(box, { maxLength: 4 }), fc.boolean())
      .map(([boxes, repeat]) => (repeat && boxes.length > 0 ? [...boxes, { ...boxes[0]! }] : boxes));
    const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);
    return fc.record<Case>({
      shapes: fc.constant(shapes),
      outputs: fc.tuple(...shapes.map((s) => fc.array(logit, { minLength: size(s), maxLength: size(s) }).map((v) => Float32Array.from(v)))),
      gt: fc.array(image, { minLength: batch, maxLength: batch }),
      options: fc.record({
        inputSize: fc.constant(inputSize),
        numClasses: fc.constant(numClasses),
        regMax: fc.constant(regMax),
        reduction: fc.constantFrom('mean' as const, 'sum' as const),
        lambdaCoord: weight,
        lambdaClass: weight,
        lambdaDfl: weight,
        assignerTopK: fc.integer({ min: 1, max: 12 }),
        assignerAlpha: exponent,
        assignerBeta: exponent,
        classPosWeight: fc.oneof(weight, fc.array(weight, { minLength: numClasses, maxLength: numClasses })),
      }),
    });
  });

async function run(c: Case, implementation: 'fused' | 'composed'): Promise<{ terms: Float32Array; grads: Float32Array[] }> {
  const outputs = c.outputs.map((v, i) => tf.tensor4d(v, c.shapes[i]));
  let terms: tf.Tensor | undefined;
  const grads = tf.grads((...xs: tf.Tensor[]) => {
    const r = yolov8Loss(xs, c.gt, { ...c.options, implementation });
    terms = tf.keep(tf.stack([r.total, r.box, r.cls, r.dfl, r.obj, r.noobj]));
    return r.total;
  })(outputs);
  try {
    const [t, ...g] = await Promise.all([terms!.data(), ...grads.map((x) => x.data())]);
    return { terms: t as Float32Array, grads: g as Float32Array[] };
  } finally {
    tf.dispose([...outputs, ...grads, terms!]);
  }
}

describe(`yolov8 fused ≡ composed on random set-ups (${numRuns} cases)`, () => {
  it('terms and every gradient entry agree, all finite', async () => {
    await fc.assert(
      fc.asyncProperty(setup, async (c) => {
        const fused = await run(c, 'fused');
        const composed = await run(c, 'composed');
        for (const v of [...fused.terms, ...composed.terms]) if (!Number.isFinite(v)) throw new Error(`a term is ${v}`);
        expectAllClose(fused.terms, composed.terms, tolerance, 'terms [total, box, cls, dfl, obj, noobj]');
        fused.grads.forEach((g, i) => expectAllClose(g, composed.grads[i]!, tolerance, `gradient of output ${i}`));
      }),
      { numRuns, seed: Number(process.env.YOLO_LOSS_FC_SEED ?? 5), interruptAfterTimeLimit: 120_000 },
    );
  });
});
