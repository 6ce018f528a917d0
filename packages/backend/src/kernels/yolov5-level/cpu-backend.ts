import type * as tf from '@tensorflow/tfjs-core';
import { levelBackward, levelForward } from './cpu-kernel.js';
import type { Yolov5LevelAttrs as LevelAttrs } from './spec.js';

/** The part of tfjs-backend-cpu's `MathBackendCPU` the kernels use (the package is not imported). */
interface CpuBackend {
  data: { get(dataId: tf.DataId): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

function valuesOf<T>(backend: CpuBackend, t: tf.TensorInfo): T {
  return backend.data.get(t.dataId).values as T;
}

/** `Yolov5Level` on tfjs' CPU backend: {@link levelForward} over the backend's arrays. */
export const cpuLevelForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as CpuBackend;
  const { pred, rowStart, table, params } = inputs as Record<string, tf.TensorInfo>;
  const out = levelForward(
    {
      pred: valuesOf(cpu, pred!),
      rowStart: valuesOf(cpu, rowStart!),
      table: valuesOf(cpu, table!),
      params: valuesOf(cpu, params!),
    },
    (attrs as unknown as LevelAttrs).numClasses,
  );
  return cpu.makeTensorInfo([out.length], 'float32', out);
};

/** `Yolov5LevelGrad` on tfjs' CPU backend: {@link levelBackward}. */
export const cpuLevelBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as CpuBackend;
  const { forward, dy, rowStart } = inputs as Record<string, tf.TensorInfo>;
  const dx = levelBackward(
    valuesOf(cpu, forward!),
    valuesOf(cpu, dy!),
    valuesOf(cpu, rowStart!),
    (attrs as unknown as LevelAttrs).numClasses,
  );
  return cpu.makeTensorInfo([dx.length], 'float32', dx);
};
