import type * as tf from '@tensorflow/tfjs-core';
import type { FusedHeadAttrs } from './cpu-backend.js';
import { backwardShader, forwardShader } from './wgsl.js';

/** The part of tfjs-backend-webgpu's backend the kernels use (the package is not imported). */
interface WebGpuBackend {
  runWebGPUProgram(
    program: WebGpuProgram,
    inputs: tf.TensorInfo[],
    outputDtype: 'float32',
    uniforms?: { type: 'int32' | 'float32'; data: number[] }[],
  ): tf.TensorInfo;
}

/** tfjs-backend-webgpu's `WebGPUProgram` fields a flat one-dimensional program needs. */
interface WebGpuProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  uniforms: string;
  getUserCode(): string;
}

const WORKGROUP = 64;

function program(
  name: string,
  variableNames: string[],
  outputSize: number,
  invocations: number,
  uniforms: string,
  source: () => string,
): WebGpuProgram {
  return {
    variableNames,
    outputShape: [outputSize],
    shaderKey: name,
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(invocations / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    uniforms,
    getUserCode: source,
  };
}

const int = (v: number) => ({ type: 'int32' as const, data: [v] });

/** `FusedYoloHead` on tfjs' WebGPU backend: one invocation per row. */
export const webgpuFusedHeadForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as FusedHeadAttrs;
  const { pred, slotIndex, table, gt, params } = inputs as Record<string, tf.TensorInfo>;
  const rows = slotIndex!.shape[0]!;
  const key = `fusedYoloHead_${a.box}_${a.ignore}_${a.classGate ? 'gate' : 'nogate'}`;
  const p = program(
    key,
    ['pred', 'slotIndex', 'table', 'gt', 'params'],
    rows * (5 + a.numClasses) + 4 * rows,
    rows,
    'rows : i32, gridW : i32, gridH : i32, numAnchors : i32, numClasses : i32, layers : i32, maxBoxes : i32,',
    () => forwardShader(a),
  );
  return (backend as WebGpuBackend).runWebGPUProgram(p, [pred!, slotIndex!, table!, gt!, params!], 'float32', [
    int(rows),
    int(a.gridW),
    int(a.gridH),
    int(a.numAnchors),
    int(a.numClasses),
    int(a.layers),
    int(a.maxBoxes),
  ]);
};

/** `FusedYoloHeadGrad` on tfjs' WebGPU backend: one invocation per prediction. */
export const webgpuFusedHeadBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { forward, dy, slotIndex } = inputs as Record<string, tf.TensorInfo>;
  const numClasses = (attrs as { numClasses: number }).numClasses;
  const total = slotIndex!.shape[0]! * (5 + numClasses);
  const p = program(
    'fusedYoloHeadGrad',
    ['forward', 'dy', 'slotIndex'],
    total,
    total,
    'total : i32, numClasses : i32,',
    backwardShader,
  );
  return (backend as WebGpuBackend).runWebGPUProgram(p, [forward!, dy!, slotIndex!], 'float32', [
    int(total),
    int(numClasses),
  ]);
};
