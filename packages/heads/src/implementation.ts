import * as tf from '@tensorflow/tfjs-core';
import { fusedKernelAvailable } from '@yolo-loss/backend/kernels';
import { YoloInputError } from '@yolo-loss/backend';

/**
 * Which implementation a loss runs: `'fused'` (one kernel per head, on the backends that have it:
 * `cpu` and `webgpu`, and `webgl` for YOLOv3/v4), `'composed'` (tfjs ops, any backend; the
 * reference), or `'auto'` (the default: fused where the active backend has the kernels, else
 * composed).
 */
export type LossImplementation = 'auto' | 'fused' | 'composed';

/**
 * Takes `implementation` out of a loss's options and decides which path runs: the fused kernel
 * where the active backend has it registered, the composed ops otherwise.
 *
 * @param options - the loss options (`implementation` is removed from the returned rest).
 * @param kernelName - the loss's fused kernel (its registry name); `undefined` for a loss without
 *   one (it always runs composed, and `'fused'` is an error).
 * @param where - the loss name for messages.
 * @returns `[fused, rest]`: whether to run the fused kernels, and the options without the key.
 */
export function chooseImplementation<O extends object>(
  options: (O & { implementation?: LossImplementation }) | undefined,
  kernelName: string | undefined,
  where: string,
): [fused: boolean, rest: O | undefined] {
  const available = (): boolean => kernelName !== undefined && fusedKernelAvailable(kernelName);
  if (options === undefined || options === null || !('implementation' in options)) {
    return [available(), options ?? undefined];
  }
  const { implementation, ...rest } = options;
  if (implementation !== 'auto' && implementation !== 'fused' && implementation !== 'composed') {
    throw new YoloInputError(
      `${where}: options.implementation must be 'auto', 'fused' or 'composed', got ${JSON.stringify(implementation)}`,
    );
  }
  if (implementation === 'composed') return [false, rest as O];
  if (implementation === 'fused' && kernelName === undefined) {
    throw new YoloInputError(`${where}: options.implementation 'fused': this loss has no fused kernel (use 'auto' or 'composed')`);
  }
  const fused = available();
  if (implementation === 'fused' && !fused) {
    throw new YoloInputError(
      `${where}: options.implementation 'fused' needs a backend with the ${kernelName} kernel, the active backend '${tf.getBackend()}' has none (use 'auto' or 'composed')`,
    );
  }
  return [fused, rest as O];
}

