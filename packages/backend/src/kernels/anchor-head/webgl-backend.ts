import * as tf from '@tensorflow/tfjs-core';
import type { FusedHeadAttrs, FusedHeadGradAttrs } from './cpu-backend.js';
import { backwardGlsl, forwardGlsl } from './glsl.js';
import { forwardLayout } from './layout.js';
import { tableWidth } from './spec.js';

/** The part of tfjs-backend-webgl's `MathBackendWebGL` the kernels use (the package is not imported). */
interface WebGlBackend {
  runWebGLProgram(program: WebGlProgram, inputs: tf.TensorInfo[], outputDtype: 'float32'): tf.TensorInfo;
  texData: { get(dataId: tf.DataId): { texture?: unknown } };
}

/** tfjs-backend-webgl's `GPGPUProgram` fields an unpacked program needs. */
interface WebGlProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
}

/**
 * `YoloAnchorHead` on tfjs' WebGL backend: one texel per value of the forward output, with one
 * partial sum per row (`P = rows`, as on WebGPU).
 */
export const webglFusedHeadForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as FusedHeadAttrs;
  const { pred, slotIndex, table, gtBoxes, gtBins, params, entryRows } = inputs as Record<string, tf.TensorInfo>;
  const rows = slotIndex!.shape[0]!;
  const entries = table!.shape[0]! / tableWidth(a.layers, a.numClasses);
  const program: WebGlProgram = {
    variableNames: ['pred', 'slotIndex', 'table', 'gtBoxes', 'gtBins', 'params', 'entryRows'],
    outputShape: [forwardLayout(rows, entries, a.numClasses, rows).size],
    userCode: forwardGlsl({ spec: a, rows, layers: a.layers, entries, gtGrid: a.gtGrid }),
  };
  return (backend as WebGlBackend).runWebGLProgram(
    program,
    [pred!, slotIndex!, table!, gtBoxes!, gtBins!, params!, entryRows!],
    'float32',
  );
};

/**
 * Whether `runWebGLProgram` will pass `t` as a uniform array: tfjs does so for a small tensor that
 * has no texture yet (its values still on the host), in an unpacked program.
 */
function uploadsAsUniform(backend: WebGlBackend, t: tf.TensorInfo): boolean {
  const size = t.shape.reduce((a, b) => a * b, 1);
  return backend.texData.get(t.dataId).texture == null && size <= tf.env().getNumber('WEBGL_SIZE_UPLOAD_UNIFORM');
}

/**
 * `YoloAnchorHeadGrad` on tfjs' WebGL backend: one texel per prediction, written as
 * `[N·H·W, A·(5+C)]` and returned in the prediction's shape (the same unpacked texture, as tfjs'
 * own reshape does).
 */
export const webglFusedHeadBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const webgl = backend as WebGlBackend;
  const { forward, dy, slotIndex } = inputs as Record<string, tf.TensorInfo>;
  const { numClasses, shape } = attrs as unknown as FusedHeadGradAttrs;
  const rows = slotIndex!.shape[0]!;
  const channels = shape[shape.length - 1]!;
  const numAnchors = channels / (5 + numClasses);
  const program: WebGlProgram = {
    variableNames: ['forward', 'dy', 'slotIndex'],
    outputShape: [rows / numAnchors, channels],
    userCode: backwardGlsl(rows, numAnchors, numClasses, uploadsAsUniform(webgl, dy!)),
  };
  const dx = webgl.runWebGLProgram(program, [forward!, dy!, slotIndex!], 'float32');
  return { dataId: dx.dataId, shape, dtype: dx.dtype };
};
