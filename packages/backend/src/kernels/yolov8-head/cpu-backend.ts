import type * as tf from '@tensorflow/tfjs-core';
import { headBackward, headForward } from './cpu-kernel.js';
import type { Yolov8HeadAttrs as HeadAttrs } from './spec.js';

/** The part of tfjs-backend-cpu's `MathBackendCPU` the kernels use (the package is not imported). */
interface CpuBackend {
  data: { get(dataId: tf.DataId): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

function valuesOf<T>(backend: CpuBackend, t: tf.TensorInfo): T {
  return backend.data.get(t.dataId).values as T;
}

/** `Yolov8Head` on tfjs' CPU backend: {@link headForward} over the backend's arrays. */
export const cpuHeadForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as CpuBackend;
  const { pred, gt, levels, params } = inputs as Record<string, tf.TensorInfo>;
  const out = headForward(
    {
      pred: valuesOf(cpu, pred!),
      gt: valuesOf(cpu, gt!),
      levels: valuesOf(cpu, levels!),
      params: valuesOf(cpu, params!),
    },
    attrs as unknown as HeadAttrs,
  );
  return cpu.makeTensorInfo([out.length], 'float32', out);
};

/** `Yolov8HeadGrad` on tfjs' CPU backend: {@link headBackward}. */
export const cpuHeadBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as CpuBackend;
  const { forward, dy } = inputs as Record<string, tf.TensorInfo>;
  const dx = headBackward(valuesOf(cpu, forward!), valuesOf(cpu, dy!), attrs as unknown as HeadAttrs);
  return cpu.makeTensorInfo([dx.length], 'float32', dx);
};
