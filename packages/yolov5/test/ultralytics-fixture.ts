// Reads the ultralytics fixture file (see test/fixtures/README.md) into loss inputs.
import * as tf from '@tensorflow/tfjs-core';
import { loadFixture, type Tolerance } from '@yolo-loss/test-utils';
import type { GtBox, Yolov5Options } from '../src/index.js';

/** One case of `ultralytics-yolov5.json` (the fields the tests read). */
export interface UltralyticsCase {
  name: string;
  config: {
    numClasses: number;
    inputSize: { width: number; height: number };
    batchSize: number;
    /** Per output, `[w0, h0, w1, h1, …]` in pixels. */
    anchors: number[][];
    strides: number[];
    hypEffective: {
      box: number;
      cls: number;
      obj: number;
      cls_pw: number;
      obj_pw: number;
      anchor_t: number;
      fl_gamma: number;
      label_smoothing: number;
    };
    gr: number;
    balance: number[];
  };
  predictions: { shapes: [number, number, number, number][]; data: number[][] };
  groundTruth: GtBox[][];
  expected: {
    loss: { box: number; obj: number; cls: number; total: number; sumUnscaled: number };
    grad: { data: number[][] };
  };
  diagnostics: { positivesPerLevel: number[]; duplicateCellsPerLevel: number[] };
  tolerance: Tolerance;
}

export const fixture = loadFixture<{ cases: UltralyticsCase[] }>(
  './fixtures/ultralytics-yolov5.json',
  import.meta.url,
);

/** The case's ComputeLoss settings as our config keys. */
export function caseOptions(c: UltralyticsCase): Yolov5Options {
  const hyp = c.config.hypEffective;
  let next = 0;
  return {
    numClasses: c.config.numClasses,
    inputSize: [c.config.inputSize.width, c.config.inputSize.height],
    anchors: c.config.anchors.flatMap((level) =>
      level.flatMap((_, i) =>
        i % 2 === 0 ? [[level[i]!, level[i + 1]!] as [number, number]] : [],
      ),
    ),
    masks: c.config.anchors.map((level) => level.filter((_, i) => i % 2 === 0).map(() => next++)),
    lambdaCoord: hyp.box,
    lambdaObj: hyp.obj,
    lambdaClass: hyp.cls,
    anchorThreshold: hyp.anchor_t,
    levelWeights: c.config.balance,
    objIouRatio: c.config.gr,
    labelSmoothing: hyp.label_smoothing,
    classPosWeight: hyp.cls_pw,
    objPosWeight: hyp.obj_pw,
    focalGamma: hyp.fl_gamma,
  };
}

/** The case's predictions as float32 tensors (the caller disposes them). */
export function casePredictions(c: UltralyticsCase): tf.Tensor4D[] {
  return c.predictions.shapes.map((shape, i) =>
    tf.tensor4d(Float32Array.from(c.predictions.data[i]!), shape),
  );
}
