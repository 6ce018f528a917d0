import * as tf from '@tensorflow/tfjs-core';
import { ANCHOR_HEAD_GRAD_KERNEL, ANCHOR_HEAD_KERNEL, anchorHeadKernels } from './anchor-head/op.js';
import { GRID_HEAD_GRAD_KERNEL, gridHeadKernels, YOLOV1_HEAD_KERNEL, YOLOV2_HEAD_KERNEL } from './grid-head/op.js';
import { YOLOV5_LEVEL_GRAD_KERNEL, YOLOV5_LEVEL_KERNEL, yolov5LevelKernels } from './yolov5-level/op.js';
import { YOLOV8_HEAD_GRAD_KERNEL, YOLOV8_HEAD_KERNEL, yolov8HeadKernels } from './yolov8-head/op.js';

/** One fused kernel: its registry name and its function per backend. */
interface KernelSet {
  name: string;
  functions: Readonly<Partial<Record<string, tf.KernelFunc>>>;
}

/** Every fused kernel of the library, by name, with the backends it exists for. */
const KERNELS: readonly KernelSet[] = [
  {
    name: ANCHOR_HEAD_KERNEL,
    functions: {
      cpu: anchorHeadKernels.cpu.forward,
      webgpu: anchorHeadKernels.webgpu.forward,
      webgl: anchorHeadKernels.webgl.forward,
    },
  },
  {
    name: ANCHOR_HEAD_GRAD_KERNEL,
    functions: {
      cpu: anchorHeadKernels.cpu.backward,
      webgpu: anchorHeadKernels.webgpu.backward,
      webgl: anchorHeadKernels.webgl.backward,
    },
  },
  {
    name: YOLOV1_HEAD_KERNEL,
    functions: { cpu: gridHeadKernels.cpu.yolov1, webgpu: gridHeadKernels.webgpu.yolov1 },
  },
  {
    name: YOLOV2_HEAD_KERNEL,
    functions: { cpu: gridHeadKernels.cpu.yolov2, webgpu: gridHeadKernels.webgpu.yolov2 },
  },
  {
    name: GRID_HEAD_GRAD_KERNEL,
    functions: { cpu: gridHeadKernels.cpu.backward, webgpu: gridHeadKernels.webgpu.backward },
  },
  {
    name: YOLOV5_LEVEL_KERNEL,
    functions: { cpu: yolov5LevelKernels.cpu.forward, webgpu: yolov5LevelKernels.webgpu.forward },
  },
  {
    name: YOLOV5_LEVEL_GRAD_KERNEL,
    functions: { cpu: yolov5LevelKernels.cpu.backward, webgpu: yolov5LevelKernels.webgpu.backward },
  },
  {
    name: YOLOV8_HEAD_KERNEL,
    functions: { cpu: yolov8HeadKernels.cpu.forward, webgpu: yolov8HeadKernels.webgpu.forward },
  },
  {
    name: YOLOV8_HEAD_GRAD_KERNEL,
    functions: { cpu: yolov8HeadKernels.cpu.backward, webgpu: yolov8HeadKernels.webgpu.backward },
  },
];

/**
 * Registers the library's fused loss kernels (CPU typed-array loops, WGSL programs and, for the
 * YOLOv3/v4 heads, tfjs-backend-webgl GLSL programs) in the kernel registry of the tfjs-core your
 * app loaded, for every backend they exist for — by backend name, so no backend package is
 * imported and a kernel for a backend the app never loads is never run — the way
 * the backend packages register theirs, and beside {@link registerGradients}. Idempotent: a
 * kernel that is already registered for a backend is left as it is. `initBackend` and every loss
 * call it; call it yourself only if you use the fused ops directly.
 */
export function registerKernels(): void {
  for (const { name, functions } of KERNELS) {
    for (const [backendName, kernelFunc] of Object.entries(functions)) {
      if (kernelFunc !== undefined && tf.getKernel(name, backendName) === undefined) {
        tf.registerKernel({ kernelName: name, backendName, kernelFunc });
      }
    }
  }
}

/**
 * Whether the active tfjs backend has the named fused kernel registered (a pure query: it
 * registers nothing). The losses run their fused path where this holds and composed tfjs ops
 * elsewhere.
 *
 * @param kernelName - a fused kernel's registry name, e.g. `ANCHOR_HEAD_KERNEL`.
 */
export function fusedKernelAvailable(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}
