// The one interface every version object keeps (docs/integrators.md): the same members, the same
// vocabulary, the same shapes of results — checked on every version with the same code.
import * as tf from '@tensorflow/tfjs-core';
import { YoloInputError } from '@yolo-loss/backend';
import type { YoloConfig, YoloVersion } from '@yolo-loss/heads';
import { expectNoTensorLeak, values } from '@yolo-loss/test-utils';
import { yolov1 } from '@yolo-loss/yolov1';
import { yolov2 } from '@yolo-loss/yolov2';
import { yolov3 } from '@yolo-loss/yolov3';
import { yolov4 } from '@yolo-loss/yolov4';
import { yolov5 } from '@yolo-loss/yolov5';
import { yolov8 } from '@yolo-loss/yolov8';
import { describe, expect, it } from 'vitest';

const all: readonly YoloVersion[] = [yolov1, yolov2, yolov3, yolov4, yolov5, yolov8];
/** Each version's default preset: the papers' for YOLOv1–v4, ultralytics' own for YOLOv5 and YOLOv8. */
const defaultPreset: Record<string, string> = { yolov5: 'ultralytics', yolov8: 'ultralytics' };
/** Each version's terms besides the four: YOLOv8's distribution focal loss. */
const ownTerms: Record<string, readonly string[]> = { yolov8: ['dfl'] };
/** Every tensor of a loss result. */
const tensorsOf = (r: object): tf.Tensor[] => Object.values(r).filter((t): t is tf.Tensor => t instanceof tf.Tensor);
const members = [
  'name',
  'presets',
  'resolveConfig',
  'outputShapes',
  'loss',
  'encodeTargets',
  'decode',
  'assignment',
  'layersLoss',
  'layersTargets',
  'layersMetrics',
] as const;

const gt = [
  [
    { x: 0.3, y: 0.4, w: 0.25, h: 0.3, classId: 1 },
    { x: 0.7, y: 0.6, w: 0.5, h: 0.4, classId: 2 },
  ],
  [{ x: 0.5, y: 0.5, w: 0.15, h: 0.2, classId: 0 }],
];

/** Random outputs of the shapes a config implies (fixed seeds). */
const outputsFor = (v: YoloVersion, cfg: YoloConfig, n = 2): tf.Tensor4D[] =>
  v.outputShapes(cfg).map((s, i) => tf.randomNormal<tf.Rank.R4>([n, ...s], 0, 1, 'float32', 11 + i));

const scalar = async (t: tf.Tensor): Promise<number> => (await values(t))[0]!;

describe('the version object contract', () => {
  it.each(all.map((v) => [v.name, v] as const))('%s has every member of YoloVersion', (name, v) => {
    expect(v.name).toBe(name);
    for (const m of members.slice(2)) expect(`${m}: ${typeof v[m]}`).toBe(`${m}: function`);
    expect(v.presets[0]).toBe(defaultPreset[name] ?? 'paper');
  });

  it('outputShapes: [height, width, channels] per output, in the order the loss takes them', () => {
    const shapes = (v: YoloVersion, inputSize: [number, number]) =>
      v.outputShapes(v.resolveConfig({ preset: 'paper', numClasses: 3, inputSize }));
    expect(shapes(yolov3, [416, 416])).toEqual([
      [13, 13, 24],
      [26, 26, 24],
      [52, 52, 24],
    ]);
    expect(shapes(yolov4, [608, 608])).toEqual([
      [76, 76, 24],
      [38, 38, 24],
      [19, 19, 24],
    ]);
    expect(shapes(yolov1, [448, 448])).toEqual([[7, 7, 2 * 5 + 3]]);
    expect(shapes(yolov2, [416, 416])).toEqual([[13, 13, 5 * (5 + 3)]]);
    expect(shapes(yolov3, [640, 480])).toEqual([
      [15, 20, 24],
      [30, 40, 24],
      [60, 80, 24],
    ]);
    // YOLOv5: strides 8, 16, 32 in the order of its masks (one preset, 'ultralytics')
    expect(yolov5.outputShapes(yolov5.resolveConfig({ numClasses: 3, inputSize: [640, 640] }))).toEqual([
      [80, 80, 24],
      [40, 40, 24],
      [20, 20, 24],
    ]);
    // YOLOv8: strides 8, 16, 32, ascending; 4·regMax + C channels
    expect(yolov8.outputShapes(yolov8.resolveConfig({ numClasses: 3, inputSize: [640, 640] }))).toEqual([
      [80, 80, 67],
      [40, 40, 67],
      [20, 20, 67],
    ]);
  });

  it('YOLOv1/v2 take inputSize or gridSize, and check them against each other', () => {
    expect(yolov1.resolveConfig({ inputSize: [448, 448] }).gridSize).toBe(7);
    expect(yolov1.resolveConfig({ gridSize: [5, 4] }).inputSize).toEqual([320, 256]);
    expect(yolov2.resolveConfig({ inputSize: [608, 416] }).gridSize).toEqual([19, 13]);
    expect(yolov2.resolveConfig({ gridSize: 19, inputSize: [608, 608] }).gridSize).toBe(19);
    expect(() => yolov2.resolveConfig({ gridSize: 13, inputSize: [600, 600] })).toThrow(YoloInputError);
    expect(() => yolov2.resolveConfig({ gridSize: 13, inputSize: [600, 600] })).toThrow(/inputSize.*gridSize.*disagree/);
    expect(() => yolov1.resolveConfig({ inputSize: [400, 400] })).toThrow(/'inputSize' \[400, 400\] is not a multiple of this version's 64/);
  });

  it('anchorUnits: the same anchors in pixels or grid cells give the same loss (YOLOv2, YOLOv3)', async () => {
    const v2Grid = yolov2.resolveConfig({ numClasses: 3 });
    const v2Pixels = yolov2.resolveConfig({
      numClasses: 3,
      anchorUnits: 'pixels',
      anchors: v2Grid.anchors.map(([w, h]) => [w * 32, h * 32] as const),
    });
    const v3Pixels = yolov3.resolveConfig({ numClasses: 3, inputSize: [128, 128] });
    const strideOf = (i: number) => v3Pixels.strides[v3Pixels.masks.findIndex((m) => m.includes(i))]!;
    const v3Grid = yolov3.resolveConfig({
      numClasses: 3,
      inputSize: [128, 128],
      anchorUnits: 'grid',
      strides: v3Pixels.strides,
      anchors: v3Pixels.anchors.map(([w, h], i) => [w / strideOf(i), h / strideOf(i)] as const),
    });
    const pairs: [YoloVersion, YoloConfig, YoloConfig][] = [
      [yolov2, v2Grid, v2Pixels],
      [yolov3, v3Pixels, v3Grid],
    ];
    for (const [v, a, b] of pairs) {
      const outputs = outputsFor(v, a);
      const la = await scalar(v.loss(outputs, gt, a).total);
      const lb = await scalar(v.loss(outputs, gt, b).total);
      expect(Math.abs(lb - la)).toBeLessThanOrEqual(1e-3 * Math.abs(la));
      tf.dispose(outputs);
    }
    expect(v2Pixels.anchorUnits).toBe('pixels');
    expect(() => yolov3.resolveConfig({ anchorUnits: 'grid', masks: [[0, 1, 2], [3, 4, 5], [6, 7, 8]] })).toThrow(/give 'strides' too/);
  });

  it.each(all.map((v) => [v.name, v] as const))(
    '%s: loss takes an array of outputs; decode takes the common options; assignment has the common shape',
    async (_, v) => {
      const cfg = v.resolveConfig({ numClasses: 3, inputSize: [128, 128] });
      const outputs = outputsFor(v, cfg);
      const r = v.loss(outputs, gt, cfg);
      const total = await scalar(r.total);
      const own = (ownTerms[v.name] ?? []).map((k) => (r as unknown as Record<string, tf.Scalar>)[k]!);
      const parts = await Promise.all([r.box, r.obj, r.noobj, r.cls, ...own].map(scalar));
      expect(total).toBeCloseTo(parts.reduce((a, b) => a + b, 0), 2);
      tf.dispose(tensorsOf(r));

      const targets = v.encodeTargets(gt, cfg);
      const again = v.loss(outputs, targets, cfg);
      expect(await scalar(again.total)).toBeCloseTo(total, 3);
      tf.dispose(tensorsOf(again));

      const options = { scoreThreshold: 0.6, nms: 'diou', nmsThreshold: 0.5, nmsBeta: 0.6, classAgnostic: true, maxDetections: 7 } as const;
      const detections = await v.decode(outputs, { ...cfg, ...options });
      expect(detections).toHaveLength(2);
      for (const list of detections) {
        expect(list.length).toBeLessThanOrEqual(7);
        for (const d of list) {
          expect(Object.keys(d).sort()).toEqual(['classId', 'h', 'score', 'w', 'x', 'y']);
          expect(d.score).toBeGreaterThan(0.6);
        }
      }
      await expect(v.decode(outputs, { ...cfg, nms: 'soft' as never })).rejects.toThrow(YoloInputError);
      await expect(v.decode(outputs, { ...cfg, nms: 'soft' as never })).rejects.toThrow(/options\.nms must be 'iou', 'diou' or 'none'/);

      const a = await v.assignment(outputs, gt, cfg);
      expect(Object.keys(a).sort()).toEqual(['dropped', 'ignored', 'responsible']);
      expect(a.responsible.length).toBeGreaterThanOrEqual(3);
      for (const s of a.responsible) {
        expect(s.output).toBeLessThan(outputs.length);
        expect(s.image === 0 ? s.gt < 2 : s.gt < 1).toBe(true);
      }
      tf.dispose(outputs);
    },
  );

  it.each(all.map((v) => [v.name, v] as const))('%s: one error class for bad input', (_, v) => {
    const cfg = v.resolveConfig({ numClasses: 3, inputSize: [128, 128] });
    const outputs = outputsFor(v, cfg);
    expect(() => v.resolveConfig({ numClasses: 0 })).toThrow(YoloInputError);
    expect(() => v.resolveConfig({ nmsThreshold: 0.5 } as never)).toThrow(YoloInputError);
    expect(() => v.loss(outputs, [[{ x: 0.5, y: 0.5, w: 0, h: 0.2, classId: 0 }], []], cfg)).toThrow(YoloInputError);
    expect(() => v.loss(outputs, [[{ x: 0.5, y: 0.5, w: 0.2, h: 0.2, classId: 3 }], []], cfg)).toThrow(/image 0.*box 0|box 0.*image 0/);
    expect(() => v.loss(outputs.map((o) => tf.slice(o, [0, 0, 0, 0], [-1, -1, -1, 5])), gt, cfg)).toThrow(YoloInputError);
    expect(() => v.layersTargets(gt, { ...cfg, maxBoxes: 0 })).toThrow(YoloInputError);
    tf.dispose(outputs);
  });

  it.each(all.map((v) => [v.name, v] as const))(
    '%s: the tfjs-layers losses of the outputs add up to the loss, the metrics to the terms; nothing leaks',
    async (_, v) => {
      const cfg = v.resolveConfig({ numClasses: 3, inputSize: [128, 128] });
      const outputs = outputsFor(v, cfg);
      const r = v.loss(outputs, gt, cfg);
      const total = await scalar(r.total);
      const box = await scalar(r.box);
      tf.dispose(tensorsOf(r));
      const ys = v.layersTargets(gt, cfg);
      expect(ys.map((y) => y.shape.slice(1))).toEqual(v.outputShapes(cfg));
      const losses = v.layersLoss(cfg);
      expect(losses).toHaveLength(outputs.length);
      const sum = await scalar(tf.addN(losses.map((fn, i) => fn(ys[i]!, outputs[i]!))));
      expect(Math.abs(sum - total)).toBeLessThanOrEqual(1e-4 * Math.abs(total) + 1e-5);
      const metrics = v.layersMetrics(cfg);
      // YOLOv8's terms: box, cls, dfl (no objectness)
      const terms = v === yolov8 ? ['box', 'cls', 'dfl'] : ['box', 'obj', 'noobj', 'cls'];
      expect(metrics.map((m) => m.map((fn) => fn.name))).toEqual(outputs.map(() => terms));
      const boxSum = await scalar(tf.addN(metrics.map((m, i) => m[0]!(ys[i]!, outputs[i]!))));
      expect(Math.abs(boxSum - box)).toBeLessThanOrEqual(1e-4 * Math.abs(box) + 1e-5);
      await expectNoTensorLeak(async () => {
        const parts = losses.map((fn, i) => fn(ys[i]!, outputs[i]!));
        await values(parts[0]!);
        tf.dispose(parts);
      }, 2);
      tf.dispose([...outputs, ...ys]);
    },
  );

  // (YOLOv8 has no cell of the centre: it assigns among the anchor points inside the box, below)
  it.each(all.filter((v) => v !== yolov8).map((v) => [v.name, v] as const))(
    '%s: a centre just below a cell border lands in the cell float32 gives it (as Darknet and every other version)',
    async (_, v) => {
      // x·13 is 5 − 1.3e-8 in float64 but exactly 5 in float32: the cell must be 5 for every version.
      const x = (5 - 1e-9) / 13;
      const inputSize: [number, number] = v === yolov1 ? [832, 832] : [416, 416];
      const cfg = v.resolveConfig({ numClasses: 3, inputSize });
      const outputs = outputsFor(v, cfg, 1);
      const a = await v.assignment(outputs, [[{ x, y: x, w: 0.6, h: 0.6, classId: 0 }]], cfg);
      const onGrid13 = a.responsible.filter((slot) => v.outputShapes(cfg)[slot.output]![1] === 13);
      expect(onGrid13.length).toBeGreaterThan(0);
      const cells = onGrid13.map((slot) => [slot.row, slot.col]);
      expect(cells).toContainEqual([5, 5]);
      // YOLOv5 also takes the neighbour cells the offset is closest to: (5, 4) and (4, 5) for an offset of 0.
      for (const cell of cells) expect([[5, 5], [5, 4], [4, 5]]).toContainEqual(cell);
      tf.dispose(outputs);
    },
  );

  it('yolov8: an anchor point exactly on a box edge is outside it (the strict in-box test, in float32)', async () => {
    // a box from 8 px to 24 px across and down at 64×64: the stride-8 points 12, 20 are inside, 4 and 28 not,
    // the stride-16 point 8 and 24 lie on the edges (outside), the stride-32 point 16 is inside
    const cfg = yolov8.resolveConfig({ numClasses: 3, inputSize: [64, 64], assignerTopK: 40 });
    const outputs = tf.tidy(() => outputsFor(yolov8, cfg, 1).map((o) => tf.mul<tf.Tensor4D>(o, 0.01)));
    const a = await yolov8.assignment(outputs, [[{ x: 0.25, y: 0.25, w: 0.25, h: 0.25, classId: 0 }]], cfg);
    const cells = a.responsible.map((s) => [s.output, s.row, s.col]);
    expect(cells.sort()).toEqual([
      [0, 1, 1],
      [0, 1, 2],
      [0, 2, 1],
      [0, 2, 2],
      [2, 0, 0],
    ]);
    tf.dispose(outputs);
  });

  it.each(all.map((v) => [v.name, v] as const))(
    '%s: an inputSize that is not a multiple of every output stride has no output shapes (YoloInputError naming inputSize)',
    (_, v) => {
      expect(() => v.outputShapes(v.resolveConfig({ numClasses: 3, inputSize: [100, 100] }))).toThrow(YoloInputError);
      expect(() => v.outputShapes(v.resolveConfig({ numClasses: 3, inputSize: [100, 100] }))).toThrow(/inputSize/);
    },
  );
});
