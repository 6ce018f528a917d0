import type * as tf from '@tensorflow/tfjs-core';
import { forwardLayout, LEVEL_WIDTH, type Yolov8HeadAttrs as HeadAttrs } from './spec.js';
import { foldDispatch, WORKGROUP, type WebGpuBackend, type WebGpuProgram } from '../webgpu-program.js';
import { assignShader, backwardShader, decodeShader, normShader, termsShader, topKShader } from './wgsl.js';

/** Every program takes the same uniforms. */
const UNIFORMS = 'rows : i32, ch : i32, regMax : i32, numClasses : i32, batchSize : i32, maxBoxes : i32, numLevels : i32, total : i32, topK : i32,';

/**
 * One invocation per index `0 … invocations − 1`: flat workgroups, folded into a second dispatch
 * dimension past the per-dimension limit (the shaders return for indices past the end).
 */
function program(name: string, variableNames: string[], outputSize: number, invocations: number, source: () => string): WebGpuProgram {
  return {
    variableNames,
    outputShape: [Math.max(outputSize, 1)],
    shaderKey: name,
    dispatchLayout: { x: [0] },
    dispatch: foldDispatch(invocations),
    workgroupSize: [WORKGROUP, 1, 1],
    uniforms: UNIFORMS,
    getUserCode: source,
  };
}

/** A tensor seen as one-dimensional (the programs index flat buffers). */
const flat = (t: tf.TensorInfo): tf.TensorInfo => ({ ...t, shape: [t.shape.reduce((a, b) => a * b, 1)] });

/**
 * `Yolov8Head` on tfjs' WebGPU backend: five programs (decode per row side, top-k per GT, the GT
 * of each row, each GT's normaliser, the terms per row); the intermediate buffers are freed here.
 */
export const webgpuHeadForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const gpu = backend as WebGpuBackend;
  const { numClasses, regMax, batchSize, maxBoxes, topK } = attrs as unknown as HeadAttrs;
  const named = inputs as Record<string, tf.TensorInfo>;
  const [pred, gt, levels, params] = [named.pred!, named.gt!, named.levels!, named.params!].map(flat) as [
    tf.TensorInfo,
    tf.TensorInfo,
    tf.TensorInfo,
    tf.TensorInfo,
  ];
  const ch = 4 * regMax + numClasses;
  const rows = pred.shape[0]! / ch;
  const gts = batchSize * maxBoxes;
  // a GT cannot pick more anchors than an image has
  const k = Math.max(1, Math.min(topK, rows / Math.max(batchSize, 1)));
  const layout = forwardLayout(rows, regMax, numClasses);
  const uniforms = [rows, ch, regMax, numClasses, batchSize, maxBoxes, levels.shape[0]! / LEVEL_WIDTH, layout.size, k].map((v) => ({
    type: 'int32' as const,
    data: [v],
  }));
  const run = (p: WebGpuProgram, input: tf.TensorInfo[]): tf.TensorInfo => gpu.runWebGPUProgram(p, input, 'float32', uniforms);
  const dist = run(program('yolov8Decode', ['pred'], rows * 4, rows * 4, decodeShader), [pred]);
  const picks = run(program('yolov8TopK', ['pred', 'dist', 'gt', 'levels', 'params'], gts * k * 2, gts, topKShader), [
    pred,
    dist,
    gt,
    levels,
    params,
  ]);
  const assigned = run(
    program('yolov8Assign', ['pred', 'dist', 'gt', 'levels', 'params', 'topk'], rows * 3, rows, assignShader),
    [pred, dist, gt, levels, params, picks],
  );
  const norm = run(program('yolov8Norm', ['gt', 'levels', 'assigned'], gts * 2, gts, normShader), [gt, levels, assigned]);
  const out = run(
    program('yolov8Terms', ['pred', 'dist', 'gt', 'levels', 'params', 'assigned', 'gtNorm'], layout.size, rows, termsShader),
    [pred, dist, gt, levels, params, assigned, norm],
  );
  for (const t of [dist, picks, assigned, norm]) gpu.disposeData(t.dataId);
  return out;
};

/** `Yolov8HeadGrad` on tfjs' WebGPU backend: one invocation per raw output. */
export const webgpuHeadBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const gpu = backend as WebGpuBackend;
  const { numClasses, regMax } = attrs as unknown as HeadAttrs;
  const { forward, dy } = inputs as Record<string, tf.TensorInfo>;
  const ch = 4 * regMax + numClasses;
  const rows = forward!.shape[0]! / (8 * regMax + numClasses + 4);
  const total = rows * ch;
  const uniforms = [rows, ch, regMax, numClasses, 0, 0, 0, total, 0].map((v) => ({ type: 'int32' as const, data: [v] }));
  return gpu.runWebGPUProgram(program('yolov8HeadGrad', ['forward', 'dy'], total, total, backwardShader), [forward!, dy!], 'float32', uniforms);
};
