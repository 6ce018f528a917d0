import type * as tf from '@tensorflow/tfjs-core';
import type { GridHeadGradAttrs } from './cpu-backend.js';
import { ROW_FIELDS, type FusedYolov1Spec, type FusedYolov2Spec } from './spec.js';
import { foldDispatch, WORKGROUP, type WebGpuBackend, type WebGpuProgram } from '../webgpu-program.js';
import { gridHeadBackwardShader } from './wgsl-common.js';
import { yolov1ForwardShader } from './yolov1-wgsl.js';
import { yolov2ForwardShader } from './yolov2-wgsl.js';


/** Runs a flat program: `invocations` calls of `main(index)`, one `int32` uniform per entry of `uniforms`. */
function run(
  backend: unknown,
  name: string,
  inputs: Record<string, tf.TensorInfo | undefined>,
  outputSize: number,
  invocations: number,
  uniforms: Record<string, number>,
  source: () => string,
): tf.TensorInfo {
  const program: WebGpuProgram = {
    variableNames: Object.keys(inputs),
    outputShape: [outputSize],
    shaderKey: name,
    dispatchLayout: { x: [0] },
    dispatch: foldDispatch(invocations),
    workgroupSize: [WORKGROUP, 1, 1],
    uniforms: Object.keys(uniforms)
      .map((u) => `${u} : i32,`)
      .join(' '),
    getUserCode: source,
  };
  return (backend as WebGpuBackend).runWebGPUProgram(
    program,
    Object.values(inputs) as tf.TensorInfo[],
    'float32',
    Object.values(uniforms).map((v) => ({ type: 'int32' as const, data: [v] })),
  );
}

/** `YoloV1Head` on tfjs' WebGPU backend: one invocation per cell. */
export const webgpuYolov1Forward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const spec = attrs as unknown as FusedYolov1Spec;
  const { pred, cellIndex, table } = inputs as Record<string, tf.TensorInfo>;
  const rows = cellIndex!.shape[0]!;
  const ch = 5 * spec.boxesPerCell + spec.numClasses;
  return run(
    backend,
    `yoloV1Head_${spec.activation}_${spec.fallbackDistance}_${spec.rescore ? 'rescore' : 'one'}`,
    { pred, cellIndex, table },
    rows * ch + ROW_FIELDS * rows,
    rows,
    { rows, gridW: spec.gridW, gridH: spec.gridH, boxes: spec.boxesPerCell, numClasses: spec.numClasses },
    () => yolov1ForwardShader(spec),
  );
};

/** `YoloV2Head` on tfjs' WebGPU backend: one invocation per slot. */
export const webgpuYolov2Forward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const spec = attrs as unknown as FusedYolov2Spec & { maxBoxes: number };
  const { pred, slotIndex, table, gt, params } = inputs as Record<string, tf.TensorInfo>;
  const rows = slotIndex!.shape[0]!;
  const key = [spec.sizeLoss, spec.smallBoxWeight ? 'weighted' : 'plain', spec.classLoss, spec.rescore ? 'rescore' : 'one'];
  return run(
    backend,
    `yoloV2Head_${key.join('_')}`,
    { pred, slotIndex, table, gt, params },
    rows * (5 + spec.numClasses) + ROW_FIELDS * rows,
    rows,
    {
      rows,
      gridW: spec.gridW,
      gridH: spec.gridH,
      numAnchors: spec.anchors.length / 2,
      numClasses: spec.numClasses,
      maxBoxes: spec.maxBoxes,
    },
    () => yolov2ForwardShader(spec),
  );
};

/** `YoloGridHeadGrad` on tfjs' WebGPU backend: one invocation per prediction. */
export const webgpuGridHeadBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { rows, channels, predictors } = attrs as unknown as GridHeadGradAttrs;
  const { forward, dy } = inputs as Record<string, tf.TensorInfo>;
  const total = rows * channels;
  return run(
    backend,
    'yoloGridHeadGrad',
    { forward, dy },
    total,
    total,
    { total, rows, channels, predictors },
    gridHeadBackwardShader,
  );
};
