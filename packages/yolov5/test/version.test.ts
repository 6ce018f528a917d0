// The version object: every member of @yolo-loss/heads' YoloVersion, the earlier names as the same
// functions, and the assignment in the shape every version shares.
import * as tf from '@tensorflow/tfjs-core';
import { YoloInputError } from '@yolo-loss/backend';
import type { Assignment, YoloConfig, YoloVersion } from '@yolo-loss/heads';
import { disposeResult, expectNoTensorLeak, randomGt, randomHeads, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import {
  decodeYolov5,
  encodeYolov5Targets,
  resolveYolov5Config,
  yolov5,
  yolov5Loss,
  yolov5OutputShapes,
  type GtBox,
} from '../src/index.js';

// type-checked: the version object is a YoloVersion, its config a YoloConfig
const asVersion: YoloVersion = yolov5;
const asConfig: YoloConfig = yolov5.resolveConfig();

const cfg = yolov5.resolveConfig({ numClasses: 3, inputSize: [64, 64] });
const gt: GtBox[][] = [
  [
    { x: 0.3, y: 0.4, w: 0.25, h: 0.3, classId: 1 },
    { x: 0.7, y: 0.6, w: 0.5, h: 0.4, classId: 2 },
  ],
  [{ x: 0.5, y: 0.5, w: 0.15, h: 0.2, classId: 0 }],
];
const outputsFor = (n = 2, seed = 3): tf.Tensor4D[] =>
  randomHeads(
    yolov5.outputShapes(cfg).map(([h, w, c]) => [n, h, w, c] as const),
    seed,
    2,
  );

describe('yolov5 version object', () => {
  it('has every member of YoloVersion; the earlier names are the same functions', () => {
    expect(asVersion.name).toBe('yolov5');
    expect(asVersion.presets).toEqual(['ultralytics']);
    expect(asConfig.inputSize).toEqual([640, 640]);
    for (const m of [
      'resolveConfig',
      'outputShapes',
      'loss',
      'encodeTargets',
      'decode',
      'assignment',
      'layersLoss',
      'layersTargets',
      'layersMetrics',
    ] as const) {
      expect(`${m}: ${typeof yolov5[m]}`).toBe(`${m}: function`);
    }
    expect(resolveYolov5Config).toBe(yolov5.resolveConfig);
    expect(yolov5OutputShapes).toBe(yolov5.outputShapes);
    expect(yolov5Loss).toBe(yolov5.loss);
    expect(encodeYolov5Targets).toBe(yolov5.encodeTargets);
    expect(decodeYolov5).toBe(yolov5.decode);
  });

  it('outputShapes: [height, width, A·(5+C)] per output at strides 8, 16, 32, in the order of masks', () => {
    const c = yolov5.resolveConfig({ numClasses: 3, inputSize: [640, 640] });
    expect(yolov5.outputShapes(c)).toEqual([
      [80, 80, 24],
      [40, 40, 24],
      [20, 20, 24],
    ]);
    expect(yolov5.outputShapes({ numClasses: 3, inputSize: [640, 480] })).toEqual([
      [60, 80, 24],
      [30, 40, 24],
      [15, 20, 24],
    ]);
    expect(() => yolov5.outputShapes({ inputSize: [100, 100] })).toThrow(YoloInputError);
  });

  it('loss takes an array of outputs and equals itself on pre-encoded targets; total is the sum of the terms', async () => {
    const outputs = outputsFor();
    const r = yolov5.loss(outputs, gt, cfg);
    const [total, box, obj, noobj, cls] = await Promise.all(
      [r.total, r.box, r.obj, r.noobj, r.cls].map(async (t) => (await values(t))[0]!),
    );
    expect(total).toBeCloseTo(box! + obj! + noobj! + cls!, 4);
    expect(r.stats.numGt).toBe(3);
    expect(r.stats.positivesPerLevel.reduce((a, b) => a + b, 0)).toBe(r.stats.numTargets);
    const again = yolov5.loss(outputs, yolov5.encodeTargets(gt, cfg), cfg);
    expect((await values(again.total))[0]).toBe(total);
    disposeResult(r);
    disposeResult(again);
    tf.dispose(outputs);
  });

  it('rejects targets encoded by another loss, naming both', () => {
    const outputs = outputsFor();
    const other = { ...yolov5.encodeTargets(gt, cfg), kind: 'yolov3-targets' } as never;
    expect(() => yolov5.loss(outputs, other, cfg)).toThrow(/holds yolov3-targets .* not yolov5-targets/);
    tf.dispose(outputs);
  });

  it('assignment: every positive (several per GT: anchors, neighbour cells) as responsible, overwritten objectness writes as dropped, none ignored', async () => {
    // two GTs on the same cell and anchors: the second's objectness writes overwrite the first's
    const crowd: GtBox[][] = [
      [
        { x: 0.3, y: 0.3, w: 0.25, h: 0.3, classId: 0 },
        { x: 0.31, y: 0.32, w: 0.3, h: 0.25, classId: 1 },
      ],
      [],
    ];
    const outputs = outputsFor();
    const a: Assignment = await yolov5.assignment(outputs, crowd, cfg);
    const targets = yolov5.encodeTargets(crowd, cfg);
    expect(Object.keys(a).sort()).toEqual(['dropped', 'ignored', 'responsible']);
    expect(a.ignored).toEqual([]);
    expect(a.responsible).toHaveLength(targets.responsible.length);
    expect(a.dropped).toHaveLength(targets.dropped.length);
    expect(a.dropped.length).toBeGreaterThan(0);
    // the same positives, as (slot, gt) records, sorted by output, image, row, col, anchor
    const asKey = (s: { output: number; image: number; row: number; col: number; anchor: number; gt: number }) =>
      [s.output, s.image, s.row, s.col, s.anchor, s.gt].join(',');
    const fromTargets = targets.responsible.map(([output, image, row, col, anchor], i) =>
      asKey({ output, image, row, col, anchor, gt: targets.responsibleGt[i]! }),
    );
    expect(a.responsible.map(asKey).sort()).toEqual([...fromTargets].sort());
    const order = a.responsible.map((s) => [s.output, s.image, s.row, s.col, s.anchor]);
    const sorted = [...order].sort((x, y) => x.reduce((d, v, i) => d || v - y[i]!, 0));
    expect(order).toEqual(sorted);
    // every GT has more than one positive here (anchors × cells), each a dropped claim is a responsible one
    for (const g of [0, 1]) expect(a.responsible.filter((s) => s.gt === g).length).toBeGreaterThan(1);
    for (const d of a.dropped) expect(a.responsible.map(asKey)).toContain(asKey(d));
    // a slot appears as often as positives claim it, and is dropped once less
    const slot = (s: { output: number; image: number; row: number; col: number; anchor: number }) =>
      [s.output, s.image, s.row, s.col, s.anchor].join(',');
    const claims = new Map<string, number>();
    for (const s of a.responsible) claims.set(slot(s), (claims.get(slot(s)) ?? 0) + 1);
    const drops = new Map<string, number>();
    for (const s of a.dropped) drops.set(slot(s), (drops.get(slot(s)) ?? 0) + 1);
    expect([...claims].map(([key]) => [key, drops.get(key) ?? 0])).toEqual([...claims].map(([key, count]) => [key, count - 1]));
    tf.dispose(outputs);
  });

  it('decode takes the common options; assignment and decode leave no tensor behind', async () => {
    const outputs = outputsFor();
    const options = { scoreThreshold: 0.6, nms: 'diou', nmsThreshold: 0.5, nmsBeta: 0.6, classAgnostic: true, maxDetections: 7 } as const;
    const detections = await yolov5.decode(outputs, { ...cfg, ...options });
    expect(detections).toHaveLength(2);
    for (const list of detections) {
      expect(list.length).toBeLessThanOrEqual(7);
      for (const d of list) expect(d.score).toBeGreaterThan(0.6);
    }
    await expect(yolov5.decode(outputs, { ...cfg, nms: 'soft' as never })).rejects.toThrow(YoloInputError);
    await expectNoTensorLeak(async () => {
      await yolov5.decode(outputs, cfg);
      await yolov5.assignment(outputs, randomGt(2, 5, 3, 4), cfg);
    }, 2);
    tf.dispose(outputs);
  });
});
