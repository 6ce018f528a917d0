import type * as tf from '@tensorflow/tfjs-core';
import type { Yolov5LevelAttrs as LevelAttrs } from './spec.js';
import { foldDispatch, WORKGROUP, type WebGpuBackend, type WebGpuProgram } from '../webgpu-program.js';
import { backwardShader, forwardShader } from './wgsl.js';


/**
 * One invocation per index `0 … invocations − 1`: flat workgroups, folded into a second dispatch
 * dimension past the per-dimension limit (the backend's `getGlobalIndex` flattens both; the
 * shaders return for indices past the end).
 */
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
    dispatch: foldDispatch(invocations),
    workgroupSize: [WORKGROUP, 1, 1],
    uniforms,
    getUserCode: source,
  };
}

const int = (v: number) => ({ type: 'int32' as const, data: [v] });

/** `Yolov5Level` on tfjs' WebGPU backend: one invocation per row. */
export const webgpuLevelForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { numClasses } = attrs as unknown as LevelAttrs;
  const { pred, rowStart, table, params } = inputs as Record<string, tf.TensorInfo>;
  const rows = rowStart!.shape[0]! - 1;
  const p = program(
    'yolov5Level',
    ['pred', 'rowStart', 'table', 'params'],
    rows * (5 + numClasses) + 4 * rows,
    rows,
    'rows : i32, numClasses : i32,',
    forwardShader,
  );
  return (backend as WebGpuBackend).runWebGPUProgram(
    p,
    [pred!, rowStart!, table!, params!],
    'float32',
    [int(rows), int(numClasses)],
  );
};

/** `Yolov5LevelGrad` on tfjs' WebGPU backend: one invocation per prediction. */
export const webgpuLevelBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { numClasses } = attrs as unknown as LevelAttrs;
  const { forward, dy, rowStart } = inputs as Record<string, tf.TensorInfo>;
  const total = (rowStart!.shape[0]! - 1) * (5 + numClasses);
  const p = program(
    'yolov5LevelGrad',
    ['forward', 'dy', 'rowStart'],
    total,
    total,
    'total : i32, numClasses : i32,',
    backwardShader,
  );
  return (backend as WebGpuBackend).runWebGPUProgram(p, [forward!, dy!, rowStart!], 'float32', [
    int(total),
    int(numClasses),
  ]);
};
