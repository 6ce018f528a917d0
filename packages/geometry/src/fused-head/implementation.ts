import * as tf from '@tensorflow/tfjs-core';
import { fusedKernelsAvailable } from './fused-head-loss.js';

/**
 * Which implementation a multi-head loss runs: `'fused'` (one kernel per head, on the `cpu` and
 * `webgpu` backends), `'composed'` (tfjs ops, any backend; the reference), or `'auto'` (the
 * default: fused where the active backend has the kernels, else composed).
 */
export type LossImplementation = 'auto' | 'fused' | 'composed';

/**
 * Takes `implementation` out of a loss's options and decides which path runs.
 *
 * @param options - the loss options (`implementation` is removed from the returned rest).
 * @param where - the loss name for messages.
 * @returns `[fused, rest]`: whether to run the fused kernels, and the options without the key.
 */
export function chooseImplementation<O extends object>(
  options: (O & { implementation?: LossImplementation }) | undefined,
  where: string,
): [fused: boolean, rest: O | undefined] {
  if (options === undefined || options === null || !('implementation' in options)) {
    return [fusedKernelsAvailable(), options ?? undefined];
  }
  const { implementation, ...rest } = options;
  if (implementation !== 'auto' && implementation !== 'fused' && implementation !== 'composed') {
    throw new Error(
      `${where}: options.implementation must be 'auto', 'fused' or 'composed', got ${JSON.stringify(implementation)}`,
    );
  }
  if (implementation === 'composed') return [false, rest as O];
  const available = fusedKernelsAvailable();
  if (implementation === 'fused' && !available) {
    throw new Error(
      `${where}: options.implementation 'fused' needs the cpu or webgpu backend, the active backend is '${tf.getBackend()}' (use 'auto' or 'composed')`,
    );
  }
  return [available, rest as O];
}

