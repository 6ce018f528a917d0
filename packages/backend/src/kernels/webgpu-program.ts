import type * as tf from '@tensorflow/tfjs-core';

// What every fused kernel's WebGPU side shares: the part of tfjs-backend-webgpu it calls (typed
// structurally, so the optional peer is never imported) and the flat dispatch of its programs.

/** The part of tfjs-backend-webgpu's backend the kernels use (the package is not imported). */
export interface WebGpuBackend {
  runWebGPUProgram(
    program: WebGpuProgram,
    inputs: tf.TensorInfo[],
    outputDtype: 'float32',
    uniforms?: { type: 'int32' | 'float32'; data: number[] }[],
  ): tf.TensorInfo;
  /** Frees an intermediate the kernel made (YOLOv8's program chain). */
  disposeData(dataId: tf.DataId): boolean;
}

/** tfjs-backend-webgpu's `WebGPUProgram` fields a flat one-dimensional program needs. */
export interface WebGpuProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  uniforms: string;
  getUserCode(): string;
}

/** Threads per workgroup of every flat program. */
export const WORKGROUP = 64;
/** WebGPU's default (and minimum guaranteed) `maxComputeWorkgroupsPerDimension`. */
export const MAX_WORKGROUPS_PER_DIMENSION = 65535;

/**
 * Workgroups for `invocations` threads of {@link WORKGROUP}: `[groups, 1, 1]`, folded into
 * `[x, y, 1]` (`x·y ≥ groups`, each at most {@link MAX_WORKGROUPS_PER_DIMENSION}) past the
 * per-dimension limit. tfjs' `getGlobalIndex()` then numbers the threads `(y·X + x)·64 + local`,
 * so `main(index)` is unchanged; the programs return for `index` past their size.
 */
export function foldDispatch(invocations: number): [number, number, number] {
  const groups = Math.max(1, Math.ceil(invocations / WORKGROUP));
  if (groups <= MAX_WORKGROUPS_PER_DIMENSION) return [groups, 1, 1];
  const y = Math.ceil(groups / MAX_WORKGROUPS_PER_DIMENSION);
  return [Math.ceil(groups / y), y, 1];
}
