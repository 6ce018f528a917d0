import type * as tf from '@tensorflow/tfjs-core';
import type { FusedHeadAttrs, FusedHeadGradAttrs } from './cpu-backend.js';
import { backwardGlsl, forwardGlsl } from './glsl.js';
import { forwardLayout } from './layout.js';
import { tableWidth } from './spec.js';

/** The part of tfjs-backend-webgl's `MathBackendWebGL` the kernels use (the package is not imported). */
interface WebGlBackend {
  runWebGLProgram(program: WebGlProgram, inputs: tf.TensorInfo[], outputDtype: 'float32'): tf.TensorInfo;
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

/** `YoloAnchorHeadGrad` on tfjs' WebGL backend: one texel per prediction, `dx` in the prediction's shape. */
export const webglFusedHeadBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { forward, dy, slotIndex } = inputs as Record<string, tf.TensorInfo>;
  const { numClasses, shape } = attrs as unknown as FusedHeadGradAttrs;
  if (shape.length !== 4) {
    throw new Error(`YoloAnchorHeadGrad (webgl): the prediction must be [N, H, W, A·(5+C)], got shape [${shape.join(', ')}]`);
  }
  const program: WebGlProgram = {
    variableNames: ['forward', 'dy', 'slotIndex'],
    outputShape: shape,
    userCode: backwardGlsl(shape, numClasses),
  };
  return (backend as WebGlBackend).runWebGLProgram(program, [forward!, dy!, slotIndex!], 'float32');
};
