import * as tf from '@tensorflow/tfjs-core';
import {
  disposeResult,
  expectAllClose,
  expectFinite,
  expectNoTensorLeak,
  randomGt,
  randomHeads,
  values,
  type Tolerance,
} from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import {
  encodeYolov5Targets,
  resolveYolov5Config,
  yolov5Loss,
  type GtBox,
  type Yolov5Options,
  type Yolov5LossOptions,
} from '../src/index.js';
import { referenceTerms } from './reference.js';
import { caseOptions, casePredictions, fixture } from './ultralytics-fixture.js';

const tolerance: Tolerance = { abs: 1e-5, rel: 1e-4 };
const small: Yolov5Options = { inputSize: [64, 48], numClasses: 3 };
const shapes = [
  [2, 6, 8, 24],
  [2, 3, 4, 24],
  [2, 2, 2, 24],
] as const;
const grids: [number, number][] = [
  [8, 6],
  [4, 3],
  [2, 2],
];

async function terms(
  heads: tf.Tensor[],
  gt: Parameters<typeof yolov5Loss>[1],
  options: Yolov5LossOptions,
) {
  const r = yolov5Loss(heads, gt, options);
  const [total, box, obj, noobj, cls] = await Promise.all(
    [r.total, r.box, r.obj, r.noobj, r.cls].map(async (t) => (await values(t))[0]!),
  );
  disposeResult(r);
  return { total: total!, box: box!, obj: obj!, noobj: noobj!, cls: cls!, stats: r.stats };
}

async function gradients(
  heads: tf.Tensor[],
  gt: Parameters<typeof yolov5Loss>[1],
  options: Yolov5LossOptions,
) {
  const grads = tf.grads((...xs: tf.Tensor[]) => yolov5Loss(xs, gt, options).total)(heads);
  for (const [i, g] of grads.entries()) await expectFinite(g, `grad level ${i}`);
  const flat = await Promise.all(grads.map((g) => values(g)));
  tf.dispose(grads);
  return flat;
}

describe('yolov5 reference (test/reference.ts) reproduces the ultralytics fixtures', () => {
  it.for(fixture.cases)('$name', async (c) => {
    const heads = casePredictions(c);
    const config = resolveYolov5Config(caseOptions(c));
    const targets = encodeYolov5Targets(c.groundTruth, {
      ...config,
      gridSizes: c.predictions.shapes.map(([, h, w]) => [w, h] as [number, number]),
    });
    const ref = referenceTerms(await Promise.all(heads.map((h) => values(h))), targets, config);
    const e = c.expected.loss;
    expectAllClose([ref.box, ref.obj, ref.cls], [e.box, e.obj, e.cls], c.tolerance, c.name);
    tf.dispose(heads);
  });
});

describe('yolov5 options against the reference', () => {
  const variants: [string, Yolov5Options][] = [
    ['defaults', {}],
    ['classPosWeight 2.5, objPosWeight 3', { classPosWeight: 2.5, objPosWeight: 3 }],
    ['classPosWeight per class', { classPosWeight: [0.5, 2, 3] }],
    ['focalGamma 1.5', { focalGamma: 1.5 }],
    ['focalGamma 0.5 with pos weights', { focalGamma: 0.5, classPosWeight: 2, objPosWeight: 0.5 }],
    ['objIouRatio 0.3', { objIouRatio: 0.3 }],
    ['objIouRatio 0 (target 1)', { objIouRatio: 0 }],
    ['labelSmoothing 0.2', { labelSmoothing: 0.2 }],
    [
      'gains, levelWeights, anchorThreshold 2.5',
      {
        lambdaCoord: 0.3,
        lambdaObj: 0.7,
        lambdaClass: 1.3,
        levelWeights: [1, 2, 3],
        anchorThreshold: 2.5,
      },
    ],
  ];
  for (const [name, extra] of variants) {
    it(`${name}: terms equal the reference; the gradient is finite`, async () => {
      const heads = randomHeads(shapes, 5, 2);
      const gt = randomGt(2, 5, 3, 17);
      const options = { ...small, ...extra, reduction: 'mean' as const };
      const config = resolveYolov5Config(options);
      const ref = referenceTerms(
        await Promise.all(heads.map((h) => values(h))),
        encodeYolov5Targets(gt, { ...config, gridSizes: grids }),
        config,
      );
      for (const implementation of ['fused', 'composed'] as const) {
        const got = await terms(heads, gt, { ...options, implementation });
        expect(got.stats.numTargets).toBeGreaterThan(0);
        expectAllClose(
          [got.box, got.obj + got.noobj, got.cls],
          [ref.box, ref.obj, ref.cls],
          tolerance,
          `${name} (${implementation})`,
        );
        await gradients(heads, gt, { ...options, implementation });
      }
      tf.dispose(heads);
    });
  }

  it('focal γ and pos weights: the gradient equals central differences of the reference', async () => {
    const heads = randomHeads(shapes, 8, 2);
    const gt = randomGt(2, 4, 3, 3);
    const options = {
      ...small,
      focalGamma: 1.5,
      classPosWeight: [0.5, 2, 3],
      objPosWeight: 2,
      objIouRatio: 0.6,
      reduction: 'mean' as const,
    };
    const config = resolveYolov5Config(options);
    const targets = encodeYolov5Targets(gt, { ...config, gridSizes: grids });
    const data = (await Promise.all(heads.map((h) => values(h)))).map((d) => Float64Array.from(d));
    const total = () =>
      Object.values(referenceTerms(data, targets, config)).reduce((a, b) => a + b, 0);
    // objectness and class channels of the first positive at level 0, and the objectness of a
    // row without one (the box channels' differences would include the CIoU α and the objectness
    // target, which the loss detaches; the fixtures check those gradients)
    const row = targets.heads[0]!.rows[0]!;
    const negative = targets.heads[0]!.objWriter.indexOf(-1);
    const entries = [4, 5, 6, 7].map((k) => row * 8 + k).concat(negative * 8 + 4);
    const h = 1e-4;
    const numeric = entries.map((i) => {
      const x = data[0]![i]!;
      data[0]![i] = x + h;
      const up = total();
      data[0]![i] = x - h;
      const down = total();
      data[0]![i] = x;
      return (up - down) / (2 * h);
    });
    // float32 gradients vs float64 differences: a looser, stated tolerance (not a fixture's)
    for (const implementation of ['fused', 'composed'] as const) {
      const grads = await gradients(heads, gt, { ...options, implementation });
      expectAllClose(
        entries.map((i) => grads[0]![i]!),
        numeric,
        { abs: 1e-6, rel: 1e-3 },
        `grad vs central differences (${implementation})`,
      );
    }
    tf.dispose(heads);
  });
});

describe('yolov5 loss', () => {
  it("total = box + obj + noobj + cls; 'sum' = N × 'mean'", async () => {
    const heads = randomHeads(shapes);
    const gt = randomGt(2, 4, 3);
    const sum = await terms(heads, gt, small);
    const mean = await terms(heads, gt, { ...small, reduction: 'mean' });
    expect(sum.total).toBeCloseTo(sum.box + sum.obj + sum.noobj + sum.cls, 4);
    expectAllClose(
      [sum.total, sum.box, sum.obj, sum.noobj, sum.cls],
      [mean.total, mean.box, mean.obj, mean.noobj, mean.cls].map((v) => 2 * v),
      tolerance,
      "'sum' vs 2 × 'mean'",
    );
    tf.dispose(heads);
  });

  it('padded ground truth (number[][][], Float32Array) and encoded targets equal the ragged lists', async () => {
    const heads = randomHeads(shapes);
    const gt = randomGt(2, 3, 3);
    gt[1] = gt[1]!.slice(0, 1);
    const rows = gt.map((img) => [
      ...img.map((b) => [b.x, b.y, b.w, b.h, b.classId]),
      [0, 0, 0, 0, -1],
      [0.5, 0.5, 0, 0, 0],
    ]);
    while (rows[1]!.length < rows[0]!.length) rows[1]!.push([0, 0, 0, 0, -1]);
    const flat = Float32Array.from(rows.flat(2));
    const a = await terms(heads, gt, small);
    const b = await terms(heads, rows, small);
    const c = await terms(
      heads,
      encodeYolov5Targets(flat, { ...small, batchSize: 2, gridSizes: grids }),
      small,
    );
    for (const other of [b, c]) {
      expectAllClose(
        [other.total, other.box, other.obj, other.noobj, other.cls],
        [a.total, a.box, a.obj, a.noobj, a.cls],
        tolerance,
        'padded',
      );
    }
    expect(b.stats.numGt).toBe(4);
    expect(c.stats.responsible).toEqual(a.stats.responsible);
    tf.dispose(heads);
  });

  it('a batch without boxes: box = obj = cls = 0, noobj > 0, and a finite gradient', async () => {
    const heads = randomHeads(shapes);
    const r = await terms(heads, [[], []], small);
    expect([r.box, r.obj, r.cls]).toEqual([0, 0, 0]);
    expect(r.noobj).toBeGreaterThan(0);
    expect(r.stats).toMatchObject({
      numGt: 0,
      numTargets: 0,
      droppedTargets: 0,
      positivesPerLevel: [0, 0, 0],
      unmatchedGt: 0,
    });
    await gradients(heads, [[], []], small);
    tf.dispose(heads);
  });

  it('one class: no class term, and the class channels get no gradient', async () => {
    const heads = randomHeads([
      [2, 6, 8, 18],
      [2, 3, 4, 18],
      [2, 2, 2, 18],
    ]);
    const gt = randomGt(2, 4, 1);
    const r = await terms(heads, gt, { ...small, numClasses: 1 });
    expect(r.cls).toBe(0);
    expect(r.box).toBeGreaterThan(0);
    const grads = await gradients(heads, gt, { ...small, numClasses: 1 });
    for (const g of grads) for (let i = 5; i < g.length; i += 6) expect(g[i]).toBe(0);
    tf.dispose(heads);
  });

  it('a box too small for every anchor adds nothing and is counted in stats.unmatchedGt', async () => {
    const heads = randomHeads(shapes);
    const tiny: GtBox[][] = [[{ x: 0.5, y: 0.5, w: 0.01, h: 0.01, classId: 0 }], []];
    const r = await terms(heads, tiny, small);
    expect(r.stats).toMatchObject({ numGt: 1, numTargets: 0, unmatchedGt: 1 });
    expect([r.box, r.obj, r.cls]).toEqual([0, 0, 0]);
    tf.dispose(heads);
  });

  it('saturated logits (±80), huge and tiny tw/th, with and without focal γ: finite terms and gradients', async () => {
    const heads = randomHeads(shapes, 9, 80);
    const gt = randomGt(2, 5, 3, 2);
    for (const extra of [
      {},
      { focalGamma: 0.5 },
      { focalGamma: 2, classPosWeight: 3 },
    ] as Yolov5Options[]) {
      const r = await terms(heads, gt, { ...small, ...extra });
      expect(Number.isFinite(r.total)).toBe(true);
      await gradients(heads, gt, { ...small, ...extra });
    }
    tf.dispose(heads);
  });

  it('500 boxes per image', async () => {
    const heads = randomHeads(shapes, 3);
    const gt = randomGt(2, 500, 3, 11);
    const r = await terms(heads, gt, small);
    expect(Number.isFinite(r.total)).toBe(true);
    expect(r.stats.numGt).toBe(1000);
    expect(r.stats.numTargets).toBe(r.stats.positivesPerLevel.reduce((a, b) => a + b, 0));
    await gradients(heads, gt, small);
    tf.dispose(heads);
  });

  it('leaves no tensors behind over repeated loss + gradient steps', async () => {
    const heads = randomHeads(shapes);
    const gt = randomGt(2, 4, 3);
    for (const implementation of ['fused', 'composed'] as const) {
      await expectNoTensorLeak(async () => {
        const options = { ...small, focalGamma: 1, classPosWeight: [1, 2, 3], implementation };
        const r = yolov5Loss(heads, gt, options);
        await values(r.total);
        disposeResult(r);
        const { value, grads } = tf.valueAndGrads(
          (...xs: tf.Tensor[]) => yolov5Loss(xs, gt, options).total,
        )(heads);
        await values(value);
        tf.dispose([value, ...grads]);
      }, 3);
    }
    tf.dispose(heads);
  });
});
