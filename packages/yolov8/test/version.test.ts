// The version object: every member of @yolo-loss/heads' YoloVersion, the earlier names as the same
// functions, and the assignment in the shape every version shares.
import * as tf from '@tensorflow/tfjs-core';
import { YoloInputError } from '@yolo-loss/backend';
import type { Assignment, YoloConfig, YoloVersion } from '@yolo-loss/heads';
import { disposeResult, expectNoTensorLeak, randomGt, randomHeads, values } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import {
  decodeYolov8,
  encodeYolov8Targets,
  resolveYolov8Config,
  yolov8,
  yolov8Loss,
  yolov8OutputShapes,
  type GtBox,
} from '../src/index.js';

// type-checked: the version object is a YoloVersion, its config a YoloConfig
const asVersion: YoloVersion = yolov8;
const asConfig: YoloConfig = yolov8.resolveConfig();

const cfg = yolov8.resolveConfig({ numClasses: 3, inputSize: [64, 64] });
const gt: GtBox[][] = [
  [
    { x: 0.3, y: 0.4, w: 0.25, h: 0.3, classId: 1 },
    { x: 0.7, y: 0.6, w: 0.5, h: 0.4, classId: 2 },
  ],
  [{ x: 0.5, y: 0.5, w: 0.15, h: 0.2, classId: 0 }],
];
const outputsFor = (n = 2, seed = 3): tf.Tensor4D[] =>
  randomHeads(
    yolov8.outputShapes(cfg).map(([h, w, c]) => [n, h, w, c] as const),
    seed,
    2,
  );

describe('yolov8 version object', () => {
  it('has every member of YoloVersion; the earlier names are the same functions', () => {
    expect(asVersion.name).toBe('yolov8');
    expect(asVersion.presets).toEqual(['ultralytics']);
    expect(asConfig.inputSize).toEqual([640, 640]);
    for (const m of ['resolveConfig', 'outputShapes', 'loss', 'encodeTargets', 'decode', 'assignment', 'layersLoss', 'layersTargets', 'layersMetrics'] as const) {
      expect(`${m}: ${typeof yolov8[m]}`).toBe(`${m}: function`);
    }
    expect(resolveYolov8Config).toBe(yolov8.resolveConfig);
    expect(yolov8OutputShapes).toBe(yolov8.outputShapes);
    expect(yolov8Loss).toBe(yolov8.loss);
    expect(encodeYolov8Targets).toBe(yolov8.encodeTargets);
    expect(decodeYolov8).toBe(yolov8.decode);
  });

  it('the ultralytics preset: every key the issue names, with ultralytics\' defaults', () => {
    expect(yolov8.resolveConfig()).toEqual({
      numClasses: 80,
      inputSize: [640, 640],
      regMax: 16,
      lambdaCoord: 7.5,
      lambdaClass: 0.5,
      lambdaDfl: 1.5,
      assignerTopK: 10,
      assignerAlpha: 0.5,
      assignerBeta: 6,
      classPosWeight: 1,
      reduction: 'sum',
    });
    expect(yolov8.resolveConfig(cfg)).toEqual(cfg);
    expect(() => yolov8.resolveConfig({ strides: [8, 16, 32] } as never)).toThrow(/unknown config key 'strides'/);
    expect(() => yolov8.resolveConfig({ classPosWeight: [1, 2] })).toThrow(/classPosWeight/);
    expect(() => yolov8.resolveConfig({ regMax: 1 })).toThrow(/regMax/);
  });

  it('outputShapes: [height, width, 4·regMax + C] per output at strides 8, 16, 32', () => {
    expect(yolov8.outputShapes({ numClasses: 3, inputSize: [640, 640] })).toEqual([
      [80, 80, 67],
      [40, 40, 67],
      [20, 20, 67],
    ]);
    expect(yolov8.outputShapes({ numClasses: 2, inputSize: [640, 480], regMax: 8 })).toEqual([
      [60, 80, 34],
      [30, 40, 34],
      [15, 20, 34],
    ]);
    expect(() => yolov8.outputShapes({ inputSize: [100, 100] })).toThrow(YoloInputError);
  });

  it('loss: total is the sum of the terms, obj and noobj 0; equals itself on pre-encoded targets; stats from the GT', async () => {
    const outputs = outputsFor();
    const r = yolov8.loss(outputs, gt, cfg);
    const [total, box, obj, noobj, cls, dfl] = await Promise.all([r.total, r.box, r.obj, r.noobj, r.cls, r.dfl].map(async (t) => (await values(t))[0]!));
    expect([obj, noobj]).toEqual([0, 0]);
    expect(total).toBeCloseTo(box! + cls! + dfl!, 4);
    expect(r.stats.numGt).toBe(3);
    expect(r.stats.numTargets).toBeGreaterThan(3);
    expect(r.stats.droppedTargets).toBe(0);
    const again = yolov8.loss(outputs, yolov8.encodeTargets(gt, cfg), cfg);
    expect((await values(again.total))[0]).toBe(total);
    disposeResult(r);
    disposeResult(again);
    tf.dispose(outputs);
  });

  it('other strides and another number of outputs: the strides follow from inputSize and each grid', async () => {
    // two outputs of strides 4 and 16 at 64×32
    const c = { numClasses: 2, inputSize: [64, 32] as [number, number] };
    const outputs = randomHeads([[1, 8, 16, 66], [1, 2, 4, 66]], 4, 2);
    const r = yolov8.loss(outputs, [[{ x: 0.5, y: 0.5, w: 0.3, h: 0.5, classId: 1 }]], c);
    expect(Number.isFinite((await values(r.total))[0])).toBe(true);
    disposeResult(r);
    expect(() => yolov8.loss([outputs[1]!, outputs[0]!], gt.slice(0, 1), c)).toThrow(/ascending stride/);
    const odd = tf.zeros([1, 3, 5, 66]);
    expect(() => yolov8.loss([odd as tf.Tensor4D], gt.slice(0, 1), c)).toThrow(/grid 3×5 must divide inputSize/);
    tf.dispose([...outputs, odd]);
  });

  it('rejects targets encoded by another loss, naming both', () => {
    const outputs = outputsFor();
    const other = { ...yolov8.encodeTargets(gt, cfg), kind: 'yolov5-targets' } as never;
    expect(() => yolov8.loss(outputs, other, cfg)).toThrow(/holds yolov5-targets .* not yolov8-targets/);
    tf.dispose(outputs);
  });

  it('assignment: each foreground anchor once, with its GT and IoU; anchors two GTs picked go to one of them, the other\'s claim dropped', async () => {
    // two overlapping GTs: some anchors are picked by both
    const crowd: GtBox[][] = [
      [
        { x: 0.4, y: 0.4, w: 0.5, h: 0.5, classId: 0 },
        { x: 0.45, y: 0.42, w: 0.5, h: 0.45, classId: 0 },
      ],
      [],
    ];
    const outputs = randomHeads(yolov8.outputShapes(cfg).map(([h, w, c]) => [2, h, w, c] as const), 8, 0.1);
    const a: Assignment = await yolov8.assignment(outputs, crowd, cfg);
    expect(Object.keys(a).sort()).toEqual(['dropped', 'ignored', 'responsible']);
    expect(a.ignored).toEqual([]);
    const slot = (s: { output: number; image: number; row: number; col: number }) => [s.output, s.image, s.row, s.col].join(',');
    const slots = a.responsible.map(slot);
    expect(new Set(slots).size).toBe(slots.length);
    for (const s of a.responsible) {
      expect(s.image).toBe(0);
      expect(s.anchor).toBe(0);
      expect(s.iou).toBeGreaterThan(0);
    }
    // each GT holds at most topK anchors of its own picks, and every dropped claim is another GT's anchor
    expect(a.dropped.length).toBeGreaterThan(0);
    for (const d of a.dropped) {
      const owner = a.responsible.find((s) => slot(s) === slot(d));
      expect(owner?.gt).not.toBe(d.gt);
    }
    const order = a.responsible.map((s) => [s.output, s.image, s.row, s.col]);
    expect(order).toEqual([...order].sort((x, y) => x.reduce((d, v, i) => d || v - y[i]!, 0)));
    tf.dispose(outputs);
  });

  it('decode takes the common options; assignment and decode leave no tensor behind', async () => {
    const outputs = outputsFor();
    const options = { scoreThreshold: 0.6, nms: 'diou', nmsThreshold: 0.5, nmsBeta: 0.6, classAgnostic: true, maxDetections: 7 } as const;
    const detections = await yolov8.decode(outputs, { ...cfg, ...options });
    expect(detections).toHaveLength(2);
    for (const list of detections) {
      expect(list.length).toBeLessThanOrEqual(7);
      for (const d of list) expect(d.score).toBeGreaterThan(0.6);
    }
    await expect(yolov8.decode(outputs, { ...cfg, nms: 'soft' as never })).rejects.toThrow(YoloInputError);
    await expectNoTensorLeak(async () => {
      await yolov8.decode(outputs, cfg);
      await yolov8.assignment(outputs, randomGt(2, 5, 3, 4), cfg);
    }, 2);
    tf.dispose(outputs);
  });
});
