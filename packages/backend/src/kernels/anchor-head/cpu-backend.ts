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

/**
 * Attributes of the fused forward kernel: the head's spec plus the table's and the ground-truth
 * index's layout, and whether the ignore rule culls (always, except in the tests of the culling).
 */
export type FusedHeadAttrs = FusedHeadSpec & { layers: number; gtGrid: number; cull: boolean };

/** Attributes of the fused backward kernel. */
export interface FusedHeadGradAttrs {
  numClasses: number;
  /** `K`, rows of the packed table. */
  entries: number;
  /** The shape of `dx`: the prediction's. */
  shape: number[];
}

/** `YoloAnchorHead` on tfjs' CPU backend: {@link fusedHeadForward} over the backend's arrays. */
export const cpuFusedHeadForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as CpuBackend;
  const a = attrs as unknown as FusedHeadAttrs;
  const { pred, slotIndex, table, gtBoxes, gtBins } = inputs as Record<string, tf.TensorInfo>;
  const out = fusedHeadForward(
    {
      pred: valuesOf(cpu, pred!),
      slotIndex: valuesOf(cpu, slotIndex!),
      table: valuesOf(cpu, table!),
      gtBoxes: valuesOf(cpu, gtBoxes!),
      gtBins: valuesOf(cpu, gtBins!),
    },
    a,
    a,
  );
  return cpu.makeTensorInfo([out.length], 'float32', out);
};

/** `YoloAnchorHeadGrad` on tfjs' CPU backend: {@link fusedHeadBackward}, `dx` in the prediction's shape. */
export const cpuFusedHeadBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as CpuBackend;
  const { forward, dy, slotIndex } = inputs as Record<string, tf.TensorInfo>;
  const { numClasses, entries, shape } = attrs as unknown as FusedHeadGradAttrs;
  const dx = fusedHeadBackward(
    valuesOf(cpu, forward!),
    valuesOf(cpu, dy!),
    valuesOf(cpu, slotIndex!),
    numClasses,
    entries,
  );
  return cpu.makeTensorInfo(shape, 'float32', dx);
};
