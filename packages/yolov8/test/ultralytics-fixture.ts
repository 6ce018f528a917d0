// Reads the ultralytics fixture file (see test/fixtures/README.md) into loss inputs.
import * as tf from '@tensorflow/tfjs-core';
import { loadFixture } from '@yolo-loss/test-utils';
import type { GtBox, Yolov8Options } from '../src/index.js';

export interface UltralyticsCase {
  name: string;
  config: {
    numClasses: number;
    inputSize: { width: number; height: number };
    batchSize: number;
    regMax: number;
    strides: number[];
    hyp: { box: number; cls: number; dfl: number };
    talTopk: number;
    talAlpha: number;
    talBeta: number;
  };
  predictions: { shapes: [number, number, number, number][]; data: number[][] };
  groundTruth: GtBox[][];
  expected: {
    loss: { box: number; cls: number; dfl: number; total: number; totalPerTerm: [number, number, number]; sumUnscaled: number };
    grad: { data: number[][] };
  };
  diagnostics: { foregroundAnchors: number };
  tolerance: { abs: number; rel: number };
}

export interface UltralyticsFixture {
  meta: { source: string };
  cases: UltralyticsCase[];
}

/** The case's config in our keys. */
export function caseOptions(c: UltralyticsCase): Yolov8Options {
  const k = c.config;
  return {
    numClasses: k.numClasses,
    inputSize: [k.inputSize.width, k.inputSize.height],
    regMax: k.regMax,
    lambdaCoord: k.hyp.box,
    lambdaClass: k.hyp.cls,
    lambdaDfl: k.hyp.dfl,
    assignerTopK: k.talTopk,
    assignerAlpha: k.talAlpha,
    assignerBeta: k.talBeta,
  };
}

/** The case's predictions as float32 tensors (each input is the float32 that was fed to torch). */
export function casePredictions(c: UltralyticsCase): tf.Tensor4D[] {
  return c.predictions.shapes.map((shape, i) => tf.tensor4d(Float32Array.from(c.predictions.data[i]!), shape));
}

/** The fixture file. */
export const fixture = loadFixture<UltralyticsFixture>('./fixtures/ultralytics-yolov8.json', import.meta.url);
