// One small, uniform description of each loss package, so every suite in this folder can run the
// same case on v1..v5, v8 × each version's presets without knowing which takes one tensor and which a list.
import * as tf from '@tensorflow/tfjs-core';
import type { GroundTruthInput, GtBox } from '@yolo-loss/geometry';
import * as v1 from '@yolo-loss/yolov1';
import * as v2 from '@yolo-loss/yolov2';
import * as v3 from '@yolo-loss/yolov3';
import * as v4 from '@yolo-loss/yolov4';
import * as v5 from '@yolo-loss/yolov5';
import * as v8 from '@yolo-loss/yolov8';

export type Version = 'yolov1' | 'yolov2' | 'yolov3' | 'yolov4' | 'yolov5' | 'yolov8';
/** A preset name: `'paper'`, `'darknet'` (YOLOv1–v4) or `'ultralytics'` (YOLOv5, YOLOv8). */
export type Preset = string;
export const versions: readonly Version[] = ['yolov1', 'yolov2', 'yolov3', 'yolov4', 'yolov5', 'yolov8'];
/** The presets of YOLOv1–v4; each kit lists its own ({@link Kit.presets}). */
export const presets: readonly Preset[] = ['paper', 'darknet'];
/** The versions whose loss has fused kernels (`implementation: 'fused' | 'composed'`). */
export const fusedVersions: readonly Version[] = versions;

/** The four scalar terms and the total, as every loss returns them (YOLOv8 adds `dfl`). */
export interface Terms {
  total: tf.Scalar;
  box: tf.Scalar;
  obj: tf.Scalar;
  noobj: tf.Scalar;
  cls: tf.Scalar;
  dfl?: tf.Scalar;
}
export const termNames = ['total', 'box', 'obj', 'noobj', 'cls'] as const;

/** Every tensor of a loss result (the five terms, and a version's own such as YOLOv8's `dfl`). */
export const resultTensors = (r: Terms): tf.Tensor[] => Object.values(r).filter((v): v is tf.Tensor => v instanceof tf.Tensor);

type Options = Record<string, unknown>;

/** What a suite needs from one version. */
export interface Kit {
  name: Version;
  /** The version's presets, the default first. */
  presets: readonly Preset[];
  /** Number of classes in {@link Kit.small}. */
  numClasses: number;
  /** A small config (few classes, a tiny grid), with the preset set. */
  small(preset: Preset): Options;
  /** Head shapes `[N, H, W, channels]` for {@link Kit.small} and a batch of `n`. */
  shapes(n: number): [number, number, number, number][];
  /** The loss, taking the heads as a list for every version (v1, v2 get the one tensor). */
  loss(heads: tf.Tensor4D[], gt: unknown, options: unknown): Terms;
  resolve(options: unknown): unknown;
  encode(gt: unknown, options: unknown): unknown;
  decode(heads: tf.Tensor4D[], options: unknown): Promise<unknown>;
  assignment(heads: tf.Tensor4D[], gt: unknown, options: unknown): Promise<unknown>;
}

// `never` casts: these suites call the public API with deliberately wrong values.
const one = (heads: tf.Tensor4D[]): tf.Tensor4D => (heads.length === 1 ? heads[0]! : (heads as never));

export const kits: Record<Version, Kit> = {
  yolov1: {
    name: 'yolov1',
    presets,
    numClasses: 3,
    small: (preset) => ({ preset, gridSize: 3, boxesPerCell: 2, numClasses: 3 }),
    shapes: (n) => [[n, 3, 3, 13]],
    loss: (h, gt, o) => v1.yolov1Loss(one(h), gt as never, o as never),
    resolve: (o) => v1.resolveYolov1Config(o as never),
    encode: (gt, o) => v1.encodeYolov1Targets(gt as never, o as never),
    decode: (h, o) => v1.decodeYolov1(one(h), o as never),
    assignment: (h, gt, o) => v1.yolov1Assignment(one(h), gt as never, o as never),
  },
  yolov2: {
    name: 'yolov2',
    presets,
    numClasses: 3,
    small: (preset) => ({
      preset,
      gridSize: 3,
      numClasses: 3,
      anchors: [
        [0.6, 0.9],
        [1.8, 1.4],
      ],
    }),
    shapes: (n) => [[n, 3, 3, 16]],
    loss: (h, gt, o) => v2.yolov2Loss(one(h), gt as never, o as never),
    resolve: (o) => v2.resolveYolov2Config(o as never),
    encode: (gt, o) => v2.encodeYolov2Targets(gt as never, o as never),
    decode: (h, o) => v2.decodeYolov2(one(h), o as never),
    assignment: (h, gt, o) => v2.yolov2Assignment(one(h), gt as never, o as never),
  },
  yolov3: {
    name: 'yolov3',
    presets,
    numClasses: 3,
    small: (preset) => ({ preset, ...multiHead }),
    shapes: (n) => [
      [n, 2, 2, 24],
      [n, 4, 4, 24],
    ],
    loss: (h, gt, o) => v3.yolov3Loss(h, gt as never, o as never),
    resolve: (o) => v3.resolveYolov3Config(o as never),
    encode: (gt, o) => v3.encodeYolov3Targets(gt as never, o as never),
    decode: (h, o) => v3.decodeYolov3(h, o as never),
    assignment: (h, gt, o) => v3.yolov3Assignment(h, gt as never, o as never),
  },
  yolov4: {
    name: 'yolov4',
    presets,
    numClasses: 3,
    small: (preset) => ({ preset, ...multiHead, scaleXY: [1.2, 1.1] }),
    shapes: (n) => [
      [n, 2, 2, 24],
      [n, 4, 4, 24],
    ],
    loss: (h, gt, o) => v4.yolov4Loss(h, gt as never, o as never),
    resolve: (o) => v4.resolveYolov4Config(o as never),
    encode: (gt, o) => v4.encodeYolov4Targets(gt as never, o as never),
    decode: (h, o) => v4.decodeYolov4(h, o as never),
    assignment: (h, gt, o) => v4.yolov4Assignment(h, gt as never, o as never),
  },
  yolov5: {
    name: 'yolov5',
    presets: ['ultralytics'],
    numClasses: 3,
    // two outputs at strides 8 and 16 (YOLOv5's layout: the finest grid first)
    small: (preset) => ({ preset, ...multiHead, masks: [[0, 1, 2], [3, 4, 5]] }),
    shapes: (n) => [
      [n, 8, 8, 24],
      [n, 4, 4, 24],
    ],
    loss: (h, gt, o) => v5.yolov5Loss(h, gt as never, o as never),
    resolve: (o) => v5.resolveYolov5Config(o as never),
    encode: (gt, o) => v5.encodeYolov5Targets(gt as never, o as never),
    decode: (h, o) => v5.decodeYolov5(h, o as never),
    assignment: (h, gt, o) => v5.yolov5.assignment(h, gt as never, o as never),
  },
  yolov8: {
    name: 'yolov8',
    presets: ['ultralytics'],
    numClasses: 3,
    // two outputs at strides 8 and 16, 4 DFL bins per side: 4·4 + 3 = 19 channels
    small: (preset) => ({ preset, inputSize: [64, 64], numClasses: 3, regMax: 4 }),
    shapes: (n) => [
      [n, 8, 8, 19],
      [n, 4, 4, 19],
    ],
    loss: (h, gt, o) => v8.yolov8Loss(h, gt as never, o as never),
    resolve: (o) => v8.resolveYolov8Config(o as never),
    encode: (gt, o) => v8.encodeYolov8Targets(gt as never, o as never),
    decode: (h, o) => v8.decodeYolov8(h, o as never),
    assignment: (h, gt, o) => v8.yolov8.assignment(h, gt as never, o as never),
  },
};

/** v3/v4: a 64×64 input, two heads (strides 32 and 16), three anchors each, three classes (v5: strides 8 and 16). */
const multiHead = {
  inputSize: [64, 64],
  numClasses: 3,
  anchors: [
    [6, 8],
    [12, 10],
    [10, 20],
    [24, 18],
    [30, 44],
    [56, 50],
  ],
  masks: [
    [3, 4, 5],
    [0, 1, 2],
  ],
};

/** A valid ground truth for a batch of `n`: two boxes in image 0, one in the others. */
export function validGt(n: number): GtBox[][] {
  return Array.from({ length: n }, (_, i) =>
    i === 0
      ? [
          { x: 0.3, y: 0.4, w: 0.2, h: 0.3, classId: 1 },
          { x: 0.7, y: 0.6, w: 0.5, h: 0.4, classId: 2 },
        ]
      : [{ x: 0.5, y: 0.5, w: 0.6, h: 0.7, classId: 0 }],
  );
}

export type { GroundTruthInput };
