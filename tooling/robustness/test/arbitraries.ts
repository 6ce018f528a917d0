// fast-check generators shared by the property, agreement, determinism and fused-parity suites:
// raw head outputs with extremes (logits ±80, tw/th up to ±50) and ground truth with degenerate
// boxes; for the parity suite, whole random v1–v4 configurations (heads, grids, anchors, classes).
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
export function headValues(
  shapes: readonly (readonly number[])[],
  boxChannels: (channel: number) => boolean,
  value: fc.Arbitrary<number> = logit,
): fc.Arbitrary<Float32Array[]> {
  return fc.tuple(
    ...shapes.map((s) => {
      const size = s.reduce((a, b) => a * b, 1);
      const channels = s[3]!;
      return fc.array(value, { minLength: size, maxLength: size }).map((values) =>
        Float32Array.from(values, (v, i) => (boxChannels(i % channels) ? Math.max(-50, Math.min(50, v)) : v)),
      );
    }),
  );
}

/** Is channel `c` a tw or th channel for this version's small config? */
export function isTwTh(version: Version): (c: number) => boolean {
  if (version === 'yolov8') return () => false; // DFL logits: any value
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
    case 'yolov5':
      return fc.record({
        reduction,
        labelSmoothing: fc.constantFrom(0, 0.1),
        focalGamma: fc.constantFrom(0, 0.5, 1.5),
        objIouRatio: fc.constantFrom(1, 0.5),
      });
    case 'yolov8':
      return fc.record({
        reduction,
        assignerTopK: fc.constantFrom(10, 3, 1),
        classPosWeight: fc.constantFrom(1, [1, 2, 0.5]),
      });
  }
}

/**
 * fast-check parameters for the suites: `numRuns` cases; a run (shrinking included) that passes
 * {@link FC_TIME_LIMIT_MS} stops there and still reports the failure with the smallest
 * counterexample found so far (a vitest timeout would hide it). Tests get {@link TEST_TIMEOUT_MS}.
 *
 * The seed: `YOLO_LOSS_FC_SEED` (a number), or `random` for a new one each run (to search:
 * `YOLO_LOSS_FC_SEED=random YOLO_LOSS_FC_RUNS=2000`); unset — `npm test`, CI — a fixed seed per
 * property, from `name` (the test's name), so a red run is a change to the code and reproduces,
 * not a new draw (docs/validation.md, "Seeds").
 */
export const fcParameters = (numRuns: number, name: string): fc.Parameters<unknown> => {
  const chosen = process.env.YOLO_LOSS_FC_SEED;
  const seed = chosen === 'random' ? undefined : chosen !== undefined ? Number(chosen) : seedOf(name);
  return { numRuns, interruptAfterTimeLimit: FC_TIME_LIMIT_MS, ...(seed === undefined ? {} : { seed }) };
};

/** A 31-bit seed from a name (FNV-1a). */
function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 1;
}
export const FC_TIME_LIMIT_MS = 150_000;
export const TEST_TIMEOUT_MS = 200_000;

/** A whole loss case for one version and preset. */
export interface LossCase {
  batch: number;
  /** Head shapes; absent: the kit's small ones ({@link Kit.shapes} of `batch`). */
  shapes?: [number, number, number, number][];
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

/** The five terms (and YOLOv8's `dfl`, 0 for the others) and the gradient of `total` w.r.t. every head, read back as plain arrays. */
export interface Evaluated {
  terms: Float32Array;
  grads: Float32Array[];
}

/** Evaluates a case on the current backend; leaves no tensors behind. */
export async function evaluate(kit: Kit, c: LossCase): Promise<Evaluated> {
  const shapes = c.shapes ?? kit.shapes(c.batch);
  const heads = c.heads.map((v, i) => tf.tensor4d(v, shapes[i]));
  let terms: tf.Tensor | undefined;
  let grads: tf.Tensor[] = [];
  try {
    grads = tf.grads((...hs: tf.Tensor[]) => {
      const r: Terms = kit.loss(hs as tf.Tensor4D[], c.gt, c.options);
      terms = tf.keep(tf.stack([r.total, r.box, r.obj, r.noobj, r.cls, r.dfl ?? tf.scalar(0)]));
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
  const names = ['total', 'box', 'obj', 'noobj', 'cls', 'dfl'];
  e.terms.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`loss term ${names[i]} is ${v}`);
  });
  e.grads.forEach((g, h) => {
    const i = g.findIndex((v) => !Number.isFinite(v));
    if (i >= 0) throw new Error(`gradient of head ${h}, flat entry ${i}, is ${g[i]}`);
  });
}

// ---------------------------------------------------------------------------------------------
// Whole random YOLOv3–v5 set-ups for the fused-parity suite: 1–3 heads of 1–4 × 1–4 cells and
// 1–3 anchors each (any anchor order across the masks), 1–4 classes, a batch of 1–3, any input
// size and anchors (smaller or larger than the image), every config key the fused kernels read.

/** Darknet's class gate `logit(0.25)` in float32 and its float32 neighbours (a gate tie). */
const gateLogit = Math.fround(Math.log(0.25 / 0.75));
const f32Neighbours = (v: number): number[] => {
  const bits = new Float32Array([v]);
  const u = new Uint32Array(bits.buffer);
  u[0]! += 1;
  const above = bits[0]!;
  u[0]! -= 2;
  return [v, above, bits[0]!].sort((a, b) => a - b);
};

/** {@link logit}, plus now and then exactly the class gate or one float32 step either side. */
const parityLogit = fc.oneof({ weight: 12, arbitrary: logit }, { weight: 1, arbitrary: fc.constantFrom(...f32Neighbours(gateLogit)) });

const unit = fc.oneof(fc.constantFrom(0, 1, 0.5), fc.double({ min: 0, max: 1, noNaN: true }));
/** Ignore thresholds: low ones common, so the ignore rule fires on many rows. */
const threshold = fc.oneof(fc.constantFrom(0, 0.01, 0.05, 0.1, 0.3, 0.5, 0.7, 1), fc.double({ min: 0, max: 1, noNaN: true }));
const lambda = fc.oneof(fc.constantFrom(0, 1, 0.07, 2.5), fc.double({ min: 0, max: 10, noNaN: true }));
const anchorSide = fc.oneof(fc.integer({ min: 1, max: 160 }), fc.double({ min: 0.25, max: 300, noNaN: true }));

/** The prediction-independent layout of a parity case. */
interface Layout {
  batch: number;
  numClasses: number;
  inputSize: [number, number];
  grids: { gridH: number; gridW: number; numAnchors: number }[];
  anchors: [number, number][];
  /** Anchor indices per head: a permutation of all anchors, cut into the heads' counts. */
  masks: number[][];
}

const layout: fc.Arbitrary<Layout> = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }),
    numClasses: fc.integer({ min: 1, max: 4 }),
    inputSize: fc.tuple(fc.integer({ min: 8, max: 128 }), fc.integer({ min: 8, max: 128 })),
    grids: fc.array(
      fc.record({ gridH: fc.integer({ min: 1, max: 4 }), gridW: fc.integer({ min: 1, max: 4 }), numAnchors: fc.integer({ min: 1, max: 3 }) }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .chain((l) => {
    const total = l.grids.reduce((s, g) => s + g.numAnchors, 0);
    const indices = Array.from({ length: total }, (_, i) => i);
    return fc.record({
      batch: fc.constant(l.batch),
      numClasses: fc.constant(l.numClasses),
      inputSize: fc.constant(l.inputSize),
      grids: fc.constant(l.grids),
      anchors: fc.array(fc.tuple(anchorSide, anchorSide), { minLength: total, maxLength: total }),
      masks: fc.shuffledSubarray(indices, { minLength: total, maxLength: total }).map((order) => {
        let next = 0;
        return l.grids.map((g) => order.slice(next, (next += g.numAnchors)));
      }),
    });
  });

/**
 * Ground truth for a layout: per image 0–5 boxes — {@link gtBox}'s degenerate ones, or an
 * anchor prior of some head (centred on a cell, the anchor's size or half of it: IoU exactly 1
 * or ½ with the prior, a tie for the `'prior'` ignore rule) — plus up to two collisions with one
 * of them (the same box again or nudged by 1e-7 / 1 %, same or another class: darknet shares
 * the slot). Sometimes the whole batch is empty.
 */
function parityGroundTruth(l: Layout): fc.Arbitrary<GtBox[][]> {
  const classId = fc.integer({ min: 0, max: l.numClasses - 1 });
  const prior = fc
    .record({ head: fc.nat(), anchor: fc.nat(), cell: fc.nat(), half: fc.boolean(), classId })
    .map(({ head, anchor, cell, half, classId: id }): GtBox => {
      const h = head % l.grids.length;
      const { gridH, gridW } = l.grids[h]!;
      const [aw, ah] = l.anchors[l.masks[h]![anchor % l.masks[h]!.length]!]!;
      const c = cell % (gridH * gridW);
      const side = (v: number, size: number): number => Math.min((half ? 0.5 : 1) * (v / size), 1);
      return { x: ((c % gridW) + 0.5) / gridW, y: (Math.floor(c / gridW) + 0.5) / gridH, w: side(aw, l.inputSize[0]), h: side(ah, l.inputSize[1]), classId: id };
    });
  const collision = fc.record({ of: fc.nat(), classId: fc.option(classId), nudge: fc.constantFrom(0, 1e-7, 0.01), scale: fc.constantFrom(1, 0.99, 1.01) });
  const clamp = (v: number, lo: number): number => Math.min(Math.max(v, lo), 1);
  const image = fc
    .tuple(fc.array(fc.oneof({ weight: 3, arbitrary: gtBox(l.numClasses) }, { weight: 1, arbitrary: prior }), { maxLength: 5 }), fc.array(collision, { maxLength: 2 }))
    .map(([boxes, collisions]) =>
      boxes.length === 0
        ? boxes
        : [
            ...boxes,
            ...collisions.map(({ of, classId: id, nudge, scale }): GtBox => {
              const b = boxes[of % boxes.length]!;
              return { x: clamp(b.x + nudge, 0), y: clamp(b.y - nudge, 0), w: clamp(b.w * scale, 1e-6), h: clamp(b.h * scale, 1e-6), classId: id ?? b.classId };
            }),
          ],
    );
  const empty = Array.from({ length: l.batch }, (): GtBox[] => []);
  return fc.oneof(
    { weight: 7, arbitrary: fc.array(image, { minLength: l.batch, maxLength: l.batch }) },
    { weight: 1, arbitrary: fc.constant(empty) },
  );
}

/** YOLOv5's keys the fused kernels read: gains, ratio test, level weights, gr, smoothing, pos weights, focal γ. */
function yolov5ParityConfig(heads: number, numClasses: number): fc.Arbitrary<Record<string, unknown>> {
  const weight = fc.oneof(fc.constantFrom(0, 1, 0.25, 4), fc.double({ min: 0, max: 5, noNaN: true }));
  return fc.record({
    reduction: fc.constantFrom('mean', 'sum'),
    lambdaCoord: lambda,
    lambdaObj: lambda,
    lambdaClass: lambda,
    // 4 (ultralytics), and low ones that reject most anchors, high ones that keep every anchor
    anchorThreshold: fc.oneof(fc.constantFrom(4, 1.5, 100), fc.double({ min: 1.01, max: 10, noNaN: true })),
    levelWeights: fc.array(weight, { minLength: heads, maxLength: heads }),
    objIouRatio: unit,
    labelSmoothing: fc.oneof(fc.constantFrom(0, 0.1), unit),
    classPosWeight: fc.oneof(weight, fc.array(weight, { minLength: numClasses, maxLength: numClasses })),
    objPosWeight: weight,
    focalGamma: fc.oneof(fc.constantFrom(0, 0.5, 1.5, 2), fc.double({ min: 0, max: 3, noNaN: true })),
  });
}

/** v3/v4 config keys the fused kernels read, on top of the preset and the layout. */
function parityConfig(version: 'yolov3' | 'yolov4', heads: number): fc.Arbitrary<Record<string, unknown>> {
  const common = { reduction: fc.constantFrom('mean', 'sum'), ignoreThreshold: threshold, lambdaCoord: lambda, lambdaObj: lambda, lambdaClass: lambda };
  if (version === 'yolov3') {
    return fc.record({
      ...common,
      xyLoss: fc.constantFrom('sse-logit', 'sse-sigmoid', 'bce'),
      whLoss: fc.constantFrom('sse', 'half-sse'),
      ignoreBasis: fc.constantFrom('prior', 'prediction'),
      coordAnchorIou: unit,
    });
  }
  const scale = fc.oneof(fc.constantFrom(1, 1.05, 1.1, 1.2, 2), fc.double({ min: 0.5, max: 2.5, noNaN: true }));
  return fc.record({
    ...common,
    boxLoss: fc.constantFrom('ciou', 'diou', 'giou', 'iou'),
    scaleXY: fc.array(scale, { minLength: heads, maxLength: heads }),
    iouThreshold: fc.oneof(fc.constantFrom(0.213), unit),
    labelSmoothing: fc.oneof(fc.constantFrom(0, 0.1), unit),
  });
}

/** A whole random v3–v5 case for the fused-parity suite ({@link LossCase} with its own shapes). */
export function parityCase(version: 'yolov3' | 'yolov4' | 'yolov5', preset: Preset): fc.Arbitrary<LossCase> {
  return layout.chain((l) => {
    const shapes = l.grids.map(({ gridH, gridW, numAnchors }): [number, number, number, number] => [l.batch, gridH, gridW, numAnchors * (5 + l.numClasses)]);
    const ch = 5 + l.numClasses;
    return fc.record({
      batch: fc.constant(l.batch),
      shapes: fc.constant(shapes),
      heads: headValues(shapes, (c) => c % ch === 2 || c % ch === 3, parityLogit),
      gt: parityGroundTruth(l),
      options: (version === 'yolov5' ? yolov5ParityConfig(l.grids.length, l.numClasses) : parityConfig(version, l.grids.length)).map((v) => ({
        preset,
        inputSize: l.inputSize,
        numClasses: l.numClasses,
        anchors: l.anchors,
        masks: l.masks,
        ...v,
      })),
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Whole random YOLOv8 set-ups for the fused-parity suite: 1–3 outputs of strides s, 2s, 4s
// (s = 2, 4 or 8) with 1–3 × 1–3 cells at the coarsest, 1–4 classes, 2–8 DFL bins, a batch of 1–3,
// every config key the fused kernels read (top-k, α and β including 0, gains, pos weights).

const exponent = fc.oneof(fc.constantFrom(0, 0.5, 1, 6), fc.double({ min: 0, max: 8, noNaN: true }));

/**
 * Ground truth for a YOLOv8 layout: per image 0–5 boxes — {@link gtBox}'s degenerate ones, or a
 * box whose edges lie on the anchor points of an output (the in-box test's strict border) — plus
 * up to two collisions with one of them (the same box again: IoU ties between GTs, the first wins).
 * Sometimes the whole batch is empty.
 */
function v8GroundTruth(batch: number, numClasses: number, cells: [number, number][]): fc.Arbitrary<GtBox[][]> {
  const classId = fc.integer({ min: 0, max: numClasses - 1 });
  const onPoints = fc
    .record({ output: fc.nat(), x0: fc.nat(), y0: fc.nat(), w: fc.integer({ min: 1, max: 4 }), h: fc.integer({ min: 1, max: 4 }), classId })
    .map(({ output, x0, y0, w, h, classId: id }): GtBox => {
      const [gw, gh] = cells[output % cells.length]!;
      const [c0, r0] = [x0 % gw, y0 % gh];
      const [c1, r1] = [Math.min(c0 + w, gw), Math.min(r0 + h, gh)];
      // edges on the points (c + ½) / grid: the points on the edges are outside
      const left = (c0 + 0.5) / gw;
      const right = Math.min((c1 + 0.5) / gw, 1);
      const top = (r0 + 0.5) / gh;
      const bottom = Math.min((r1 + 0.5) / gh, 1);
      return { x: (left + right) / 2, y: (top + bottom) / 2, w: Math.max(right - left, 1e-3), h: Math.max(bottom - top, 1e-3), classId: id };
    });
  const image = fc
    .tuple(fc.array(fc.oneof({ weight: 3, arbitrary: gtBox(numClasses) }, { weight: 1, arbitrary: onPoints }), { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 2 }))
    .map(([boxes, repeats]) => (boxes.length === 0 ? boxes : [...boxes, ...repeats.map((of) => ({ ...boxes[of % boxes.length]! }))]));
  const empty = Array.from({ length: batch }, (): GtBox[] => []);
  return fc.oneof({ weight: 7, arbitrary: fc.array(image, { minLength: batch, maxLength: batch }) }, { weight: 1, arbitrary: fc.constant(empty) });
}

/** A whole random YOLOv8 case for the fused-parity suite ({@link LossCase} with its own shapes). */
export function yolov8ParityCase(preset: Preset): fc.Arbitrary<LossCase> {
  return fc
    .record({
      batch: fc.integer({ min: 1, max: 3 }),
      numClasses: fc.integer({ min: 1, max: 4 }),
      regMax: fc.integer({ min: 2, max: 8 }),
      levels: fc.integer({ min: 1, max: 3 }),
      stride: fc.constantFrom(2, 4, 8),
      coarse: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    })
    .chain(({ batch, numClasses, regMax, levels, stride, coarse: [gh, gw] }) => {
      const cells = Array.from({ length: levels }, (_, l): [number, number] => [gw * 2 ** (levels - 1 - l), gh * 2 ** (levels - 1 - l)]);
      const shapes = cells.map(([w, h]): [number, number, number, number] => [batch, h, w, 4 * regMax + numClasses]);
      const weight = fc.oneof(fc.constantFrom(0, 1, 0.25, 4), fc.double({ min: 0, max: 5, noNaN: true }));
      return fc.record({
        batch: fc.constant(batch),
        shapes: fc.constant(shapes),
        heads: headValues(shapes, () => false, parityLogit),
        gt: v8GroundTruth(batch, numClasses, cells),
        options: fc
          .record({
            reduction: fc.constantFrom('mean', 'sum'),
            lambdaCoord: lambda,
            lambdaClass: lambda,
            lambdaDfl: lambda,
            assignerTopK: fc.oneof(fc.constantFrom(10, 1), fc.integer({ min: 1, max: 40 })),
            assignerAlpha: exponent,
            assignerBeta: exponent,
            classPosWeight: fc.oneof(weight, fc.array(weight, { minLength: numClasses, maxLength: numClasses })),
          })
          .map((v) => ({ preset, inputSize: [gw * stride * 2 ** (levels - 1), gh * stride * 2 ** (levels - 1)], numClasses, regMax, ...v })),
      });
    });
}

// ---------------------------------------------------------------------------------------------
// Whole random YOLOv1/v2 set-ups for the fused-parity suite: a grid of 1–4 × 1–4 cells, 1–3
// predictors (v1) or anchors of any size in cells (v2), 1–4 classes, a batch of 1–3,
// every config key the fused kernels read.

/** The prediction-independent layout of a one-head parity case. */
interface GridLayout {
  batch: number;
  numClasses: number;
  gridW: number;
  gridH: number;
  /** v1: predictors per cell `B`; v2: anchors `A`. */
  boxes: number;
}

const gridLayout: fc.Arbitrary<GridLayout> = fc.record({
  batch: fc.integer({ min: 1, max: 3 }),
  numClasses: fc.integer({ min: 1, max: 4 }),
  gridW: fc.integer({ min: 1, max: 4 }),
  gridH: fc.integer({ min: 1, max: 4 }),
  boxes: fc.integer({ min: 1, max: 3 }),
});

/**
 * Ground truth on a grid: per image 0–5 boxes — {@link gtBox}'s degenerate ones, or a box centred
 * on a cell whose size is a whole or half number of cells (exact float32 corners: IoU ties and
 * thresholds with zero-valued predictions) — plus up to two collisions with one of them. Sometimes
 * the whole batch is empty.
 */
function gridGroundTruth(l: GridLayout): fc.Arbitrary<GtBox[][]> {
  const classId = fc.integer({ min: 0, max: l.numClasses - 1 });
  const centred = fc
    .record({
      cell: fc.nat(),
      w: fc.integer({ min: 1, max: 8 }),
      h: fc.integer({ min: 1, max: 8 }),
      classId,
    })
    .map(({ cell, w, h, classId: id }): GtBox => {
      const c = cell % (l.gridW * l.gridH);
      return {
        x: ((c % l.gridW) + 0.5) / l.gridW,
        y: (Math.floor(c / l.gridW) + 0.5) / l.gridH,
        w: Math.min(w / 2 / l.gridW, 1),
        h: Math.min(h / 2 / l.gridH, 1),
        classId: id,
      };
    });
  const collision = fc.record({
    of: fc.nat(),
    classId: fc.option(classId),
    nudge: fc.constantFrom(0, 1e-7, 0.01),
  });
  const image = fc
    .tuple(
      fc.array(
        fc.oneof({ weight: 3, arbitrary: gtBox(l.numClasses) }, { weight: 2, arbitrary: centred }),
        { maxLength: 5 },
      ),
      fc.array(collision, { maxLength: 2 }),
    )
    .map(([boxes, collisions]) =>
      boxes.length === 0
        ? boxes
        : [
            ...boxes,
            ...collisions.map(({ of, classId: id, nudge }): GtBox => {
              const b = boxes[of % boxes.length]!;
              return { ...b, x: Math.min(b.x + nudge, 1), classId: id ?? b.classId };
            }),
          ],
    );
  const empty = Array.from({ length: l.batch }, (): GtBox[] => []);
  return fc.oneof(
    { weight: 7, arbitrary: fc.array(image, { minLength: l.batch, maxLength: l.batch }) },
    { weight: 1, arbitrary: fc.constant(empty) },
  );
}

/**
 * Predictions for a one-head layout: {@link logit} values (tw/th in ±50), and now and then every
 * box channel 0 (each box its cell's centred prior: exact IoU ties with the centred GTs) or, for
 * v1, every predictor of a cell equal to the first (ties between predictors).
 */
function gridPredictions(
  version: 'yolov1' | 'yolov2',
  l: GridLayout,
  channels: number,
): fc.Arbitrary<Float32Array[]> {
  const shape = [l.batch, l.gridH, l.gridW, channels];
  const ch = 5 + l.numClasses;
  const isBox = (c: number): boolean =>
    version === 'yolov1' ? c < 5 * l.boxes && c % 5 < 4 : c % ch < 4;
  const isTwTh = (c: number): boolean =>
    isBox(c) && (version === 'yolov1' ? c % 5 >= 2 : c % ch >= 2);
  return fc
    .tuple(headValues([shape], isTwTh, parityLogit), fc.boolean(), fc.boolean())
    .map(([[values], zeroBoxes, twins]) => {
      const v = Float32Array.from(values!);
      for (let cell = 0; cell < v.length / channels; cell++) {
        const o = cell * channels;
        if (zeroBoxes) for (let c = 0; c < channels; c++) if (isBox(c)) v[o + c] = 0;
        if (twins && version === 'yolov1')
          for (let b = 1; b < l.boxes; b++) v.copyWithin(o + 5 * b, o, o + 5);
      }
      return [v];
    });
}

const squaredErrorScale = fc.oneof(
  fc.constantFrom(1, 0.5),
  fc.double({ min: 0.01, max: 4, noNaN: true }),
);
const cellSide = fc.oneof(
  fc.constantFrom(0.5, 1, 2, 4),
  fc.double({ min: 0.05, max: 12, noNaN: true }),
);

/** v1/v2 config keys the fused kernels read, on top of the preset and the layout. */
function gridParityConfig(
  version: 'yolov1' | 'yolov2',
  l: GridLayout,
): fc.Arbitrary<Record<string, unknown>> {
  const common = {
    reduction: fc.constantFrom('mean', 'sum'),
    rescore: fc.boolean(),
    squaredErrorScale,
    lambdaCoord: lambda,
    lambdaObj: lambda,
    lambdaNoobj: lambda,
    lambdaClass: lambda,
  };
  if (version === 'yolov1') {
    return fc.record({
      ...common,
      activation: fc.constantFrom('logistic', 'linear'),
      fallbackDistance: fc.constantFrom('sqrt-size', 'image-rmse'),
    });
  }
  return fc.record({
    ...common,
    ignoreThreshold: threshold,
    sizeLoss: fc.constantFrom('grid-cells', 'log-space'),
    smallBoxWeight: fc.boolean(),
    classLoss: fc.constantFrom('softmax-sse', 'softmax-ce'),
    slotConflict: fc.constantFrom('first-wins', 'last-wins'),
    anchors: fc.array(fc.tuple(cellSide, cellSide), { minLength: l.boxes, maxLength: l.boxes }),
  });
}

/** A whole random v1/v2 case for the fused-parity suite ({@link LossCase} with its own shape). */
export function gridParityCase(
  version: 'yolov1' | 'yolov2',
  preset: Preset,
): fc.Arbitrary<LossCase> {
  return gridLayout.chain((l) => {
    const channels =
      version === 'yolov1' ? 5 * l.boxes + l.numClasses : l.boxes * (5 + l.numClasses);
    const layoutKeys = version === 'yolov1' ? { boxesPerCell: l.boxes } : {};
    return fc.record({
      batch: fc.constant(l.batch),
      shapes: fc.constant([
        [l.batch, l.gridH, l.gridW, channels] as [number, number, number, number],
      ]),
      heads: gridPredictions(version, l, channels),
      gt: gridGroundTruth(l),
      options: gridParityConfig(version, l).map((v) => ({
        preset,
        gridSize: l.gridW === l.gridH ? l.gridW : [l.gridW, l.gridH],
        numClasses: l.numClasses,
        ...layoutKeys,
        ...v,
      })),
    });
  });
}
