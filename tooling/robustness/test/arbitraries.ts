// fast-check generators shared by the property, agreement and determinism suites: raw head
// outputs with extremes (logits ±80, tw/th up to ±50) and ground truth with degenerate boxes.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import type { GtBox } from '@yolo-loss/geometry';
import { kits, type Kit, type Preset, type Terms, type Version } from './kits.js';

/** One raw output value: mostly moderate, sometimes extreme. */
const logit = fc.oneof(
  { weight: 5, arbitrary: fc.float({ min: -4, max: 4, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(-80, 80, 0) },
  { weight: 1, arbitrary: fc.float({ min: -80, max: 80, noNaN: true }) },
);

/**
 * Flat values for heads of `shapes`; the `tw`, `th` channels (`k = 2, 3` of every 5 + C block,
 * v1: of every predictor's 5) are clamped to ±50, the range the issue asks finiteness for.
 */
export function headValues(shapes: readonly (readonly number[])[], boxChannels: (channel: number) => boolean): fc.Arbitrary<Float32Array[]> {
  return fc.tuple(
    ...shapes.map((s) => {
      const size = s.reduce((a, b) => a * b, 1);
      const channels = s[3]!;
      return fc.array(logit, { minLength: size, maxLength: size }).map((values) =>
        Float32Array.from(values, (v, i) => (boxChannels(i % channels) ? Math.max(-50, Math.min(50, v)) : v)),
      );
    }),
  );
}

/** Is channel `c` a tw or th channel for this version's small config? */
export function isTwTh(version: Version): (c: number) => boolean {
  if (version === 'yolov1') return (c) => c < 10 && (c % 5 === 2 || c % 5 === 3); // B = 2 predictors
  return (c) => c % 8 === 2 || c % 8 === 3; // 5 + C = 8
}

const coord = fc.oneof(fc.constantFrom(0, 1, 0.5, 1e-7, 1 - 1e-7), fc.double({ min: 0, max: 1, noNaN: true }));
const size = fc.oneof(fc.constantFrom(1, 1e-6, 1e-3, 0.999999), fc.double({ min: 1e-6, max: 1, noNaN: true }));

/** One valid GT box; degenerate ones (tiny, full-image, on the border) are common. */
export const gtBox = (numClasses: number): fc.Arbitrary<GtBox> =>
  fc.record({ x: coord, y: coord, w: size, h: size, classId: fc.integer({ min: 0, max: numClasses - 1 }) });

/** Ground truth for `n` images: 0–4 boxes each, sometimes a repeated box (a slot collision). */
export function groundTruth(n: number, numClasses: number): fc.Arbitrary<GtBox[][]> {
  const image = fc
    .tuple(fc.array(gtBox(numClasses), { maxLength: 4 }), fc.boolean())
    .map(([boxes, repeat]) => (repeat && boxes.length > 0 ? [...boxes, { ...boxes[0]! }] : boxes));
  return fc.array(image, { minLength: n, maxLength: n });
}

/** Per-version config variations on top of the small preset config. */
export function configVariant(version: Version): fc.Arbitrary<Record<string, unknown>> {
  const reduction = fc.constantFrom('mean', 'sum');
  switch (version) {
    case 'yolov1':
    case 'yolov2':
      return fc.record({ reduction, rescore: fc.boolean() });
    case 'yolov3':
      return fc.record({
        reduction,
        xyLoss: fc.constantFrom('sse-logit', 'sse-sigmoid', 'bce'),
        whLoss: fc.constantFrom('sse', 'half-sse'),
        ignoreBasis: fc.constantFrom('prior', 'prediction'),
      });
    case 'yolov4':
      return fc.record({
        reduction,
        boxLoss: fc.constantFrom('ciou', 'diou', 'giou', 'iou'),
        labelSmoothing: fc.constantFrom(0, 0.1),
      });
  }
}

/**
 * fast-check parameters for the suites: `numRuns` cases; a run (shrinking included) that passes
 * {@link FC_TIME_LIMIT_MS} stops there and still reports the failure with the smallest
 * counterexample found so far (a vitest timeout would hide it). Tests get {@link TEST_TIMEOUT_MS}.
 */
export const fcParameters = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, interruptAfterTimeLimit: FC_TIME_LIMIT_MS });
export const FC_TIME_LIMIT_MS = 150_000;
export const TEST_TIMEOUT_MS = 200_000;

/** A whole loss case for one version and preset. */
export interface LossCase {
  batch: number;
  heads: Float32Array[];
  gt: GtBox[][];
  options: Record<string, unknown>;
}

export function lossCase(version: Version, preset: Preset): fc.Arbitrary<LossCase> {
  const kit = kits[version];
  return fc.integer({ min: 1, max: 2 }).chain((batch) =>
    fc.record({
      batch: fc.constant(batch),
      heads: headValues(kit.shapes(batch), isTwTh(version)),
      gt: groundTruth(batch, kit.numClasses),
      options: configVariant(version).map((v) => ({ ...kit.small(preset), ...v })),
    }),
  );
}

/** The five terms and the gradient of `total` w.r.t. every head, read back as plain arrays. */
export interface Evaluated {
  terms: Float32Array;
  grads: Float32Array[];
}

/** Evaluates a case on the current backend; leaves no tensors behind. */
export async function evaluate(kit: Kit, c: LossCase): Promise<Evaluated> {
  const shapes = kit.shapes(c.batch);
  const heads = c.heads.map((v, i) => tf.tensor4d(v, shapes[i]));
  let terms: tf.Tensor | undefined;
  let grads: tf.Tensor[] = [];
  try {
    grads = tf.grads((...hs: tf.Tensor[]) => {
      const r: Terms = kit.loss(hs as tf.Tensor4D[], c.gt, c.options);
      terms = tf.keep(tf.stack([r.total, r.box, r.obj, r.noobj, r.cls]));
      return r.total;
    })(heads);
    const [t, ...g] = await Promise.all([terms!.data(), ...grads.map((x) => x.data())]);
    return { terms: Float32Array.from(t as Float32Array), grads: g.map((x) => Float32Array.from(x as Float32Array)) };
  } finally {
    tf.dispose([...heads, ...grads, ...(terms ? [terms] : [])]);
  }
}

/** Throws naming the first non-finite term or gradient entry. */
export function assertFinite(e: Evaluated): void {
  const names = ['total', 'box', 'obj', 'noobj', 'cls'];
  e.terms.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`loss term ${names[i]} is ${v}`);
  });
  e.grads.forEach((g, h) => {
    const i = g.findIndex((v) => !Number.isFinite(v));
    if (i >= 0) throw new Error(`gradient of head ${h}, flat entry ${i}, is ${g[i]}`);
  });
}
