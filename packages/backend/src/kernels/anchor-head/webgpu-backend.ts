import type * as tf from '@tensorflow/tfjs-core';
import type { FusedHeadAttrs, FusedHeadGradAttrs } from './cpu-backend.js';
import { forwardLayout } from './layout.js';
import { tableWidth } from './spec.js';
import { backwardShader, forwardShader } from './wgsl.js';
import { foldDispatch, WORKGROUP, type WebGpuBackend, type WebGpuProgram } from '../webgpu-program.js';

function program(
  name: string,
  variableNames: string[],
  outputShape: number[],
  invocations: number,
  uniforms: string,
  source: () => string,
): WebGpuProgram {
  return {
    variableNames,
    outputShape,
    shaderKey: name,
    dispatchLayout: { x: [0] },
    dispatch: foldDispatch(invocations),
    workgroupSize: [WORKGROUP, 1, 1],
    uniforms,
    getUserCode: source,
  };
}

const int = (v: number) => ({ type: 'int32' as const, data: [v] });

/** `YoloAnchorHead` on tfjs' WebGPU backend: one invocation per row, one partial sum per row. */
export const webgpuFusedHeadForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as FusedHeadAttrs;
  const { pred, slotIndex, table, gtBoxes, gtBins, params } = inputs as Record<string, tf.TensorInfo>;
  const rows = slotIndex!.shape[0]!;
  const entries = table!.shape[0]! / tableWidth(a.layers, a.numClasses);
  const key = `yoloAnchorHead_${a.box}_${a.ignore}_${a.classGate ? 'gate' : 'nogate'}`;
  const p = program(
    key,
    ['pred', 'slotIndex', 'table', 'gtBoxes', 'gtBins', 'params'],
    [forwardLayout(rows, entries, a.numClasses, rows).size],
    rows,
    'rows : i32, gridW : i32, gridH : i32, numAnchors : i32, numClasses : i32, layers : i32, entries : i32, gtGrid : i32,',
    () => forwardShader(a),
  );
  return (backend as WebGpuBackend).runWebGPUProgram(
    p,
    [pred!, slotIndex!, table!, gtBoxes!, gtBins!, params!],
    'float32',
    [rows, a.gridW, a.gridH, a.numAnchors, a.numClasses, a.layers, entries, a.gtGrid].map(int),
  );
};

/** `YoloAnchorHeadGrad` on tfjs' WebGPU backend: one invocation per prediction, `dx` in the prediction's shape. */
export const webgpuFusedHeadBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { forward, dy, slotIndex } = inputs as Record<string, tf.TensorInfo>;
  const { numClasses, shape } = attrs as unknown as FusedHeadGradAttrs;
  const rows = slotIndex!.shape[0]!;
  const total = rows * (5 + numClasses);
  const p = program(
    'yoloAnchorHeadGrad',
    ['forward', 'dy', 'slotIndex'],
    shape,
    total,
    'total : i32, numClasses : i32, rows : i32,',
    backwardShader,
  );
  return (backend as WebGpuBackend).runWebGPUProgram(p, [forward!, dy!, slotIndex!], 'float32', [
    int(total),
    int(numClasses),
    int(rows),
  ]);
};
