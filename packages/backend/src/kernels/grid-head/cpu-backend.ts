import type * as tf from '@tensorflow/tfjs-core';
import { gridHeadBackward } from './backward-cpu.js';
import type { FusedYolov1Spec, FusedYolov2Spec } from './spec.js';
import { yolov1HeadForward } from './yolov1-cpu.js';
import { yolov2HeadForward } from './yolov2-cpu.js';

/** The part of tfjs-backend-cpu's `MathBackendCPU` the kernels use (no import of the package). */
interface CpuBackend {
  data: { get(dataId: tf.DataId): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

type Inputs = Record<string, tf.TensorInfo | undefined>;

function valuesOf<T>(backend: CpuBackend, inputs: Inputs, name: string): T {
  return backend.data.get(inputs[name]!.dataId).values as T;
}

function output(backend: CpuBackend, values: Float32Array): tf.TensorInfo {
  return backend.makeTensorInfo([values.length], 'float32', values);
}

/** `YoloV1Head` on tfjs' CPU backend: {@link yolov1HeadForward} over the backend's arrays. */
export const cpuYolov1Forward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as CpuBackend;
  const i = inputs;
  return output(
    cpu,
    yolov1HeadForward(
      { pred: valuesOf(cpu, i, 'pred'), cellIndex: valuesOf(cpu, i, 'cellIndex'), table: valuesOf(cpu, i, 'table') },
      attrs as unknown as FusedYolov1Spec,
    ),
  );
};

/** `YoloV2Head` on tfjs' CPU backend: {@link yolov2HeadForward} over the backend's arrays. */
export const cpuYolov2Forward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as CpuBackend;
  const i = inputs;
  const a = attrs as unknown as FusedYolov2Spec & { maxBoxes: number };
  return output(
    cpu,
    yolov2HeadForward(
      {
        pred: valuesOf(cpu, i, 'pred'),
        slotIndex: valuesOf(cpu, i, 'slotIndex'),
        table: valuesOf(cpu, i, 'table'),
        gt: valuesOf(cpu, i, 'gt'),
      },
      a,
      a.maxBoxes,
    ),
  );
};

/** Attributes of the shared backward kernel. */
export interface GridHeadGradAttrs {
  rows: number;
  channels: number;
  /** Box groups per row (YOLOv1: `B`; YOLOv2: 1). */
  predictors: number;
}

/** `YoloGridHeadGrad` on tfjs' CPU backend: {@link gridHeadBackward}. */
export const cpuGridHeadBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as CpuBackend;
  const i = inputs;
  const { rows, channels, predictors } = attrs as unknown as GridHeadGradAttrs;
  return output(cpu, gridHeadBackward(valuesOf(cpu, i, 'forward'), valuesOf(cpu, i, 'dy'), rows, channels, predictors));
};
