import type * as tf from '@tensorflow/tfjs-core';
import { fusedHeadBackward, fusedHeadForward } from './cpu-kernel.js';
import type { FusedHeadSpec } from './spec.js';

/** The part of tfjs-backend-cpu's `MathBackendCPU` the kernels use (no import of the package). */
interface CpuBackend {
  data: { get(dataId: tf.DataId): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

function valuesOf<T>(backend: CpuBackend, t: tf.TensorInfo): T {
  return backend.data.get(t.dataId).values as T;
}

/** Attributes of the fused forward kernel: the head's spec plus the table's layout. */
export type FusedHeadAttrs = FusedHeadSpec & { layers: number; maxBoxes: number };

/** `FusedYoloHead` on tfjs' CPU backend: {@link fusedHeadForward} over the backend's arrays. */
export const cpuFusedHeadForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as CpuBackend;
  const a = attrs as unknown as FusedHeadAttrs;
  const { pred, slotIndex, table, gt } = inputs as Record<string, tf.TensorInfo>;
  const out = fusedHeadForward(
    {
      pred: valuesOf(cpu, pred!),
      slotIndex: valuesOf(cpu, slotIndex!),
      table: valuesOf(cpu, table!),
      gt: valuesOf(cpu, gt!),
    },
    a,
    a.layers,
    a.maxBoxes,
  );
  return cpu.makeTensorInfo([out.length], 'float32', out);
};

/** `FusedYoloHeadGrad` on tfjs' CPU backend: {@link fusedHeadBackward}. */
export const cpuFusedHeadBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as CpuBackend;
  const { forward, dy, slotIndex } = inputs as Record<string, tf.TensorInfo>;
  const numClasses = (attrs as { numClasses: number }).numClasses;
  const dx = fusedHeadBackward(
    valuesOf(cpu, forward!),
    valuesOf(cpu, dy!),
    valuesOf(cpu, slotIndex!),
    numClasses,
  );
  return cpu.makeTensorInfo([dx.length], 'float32', dx);
};
