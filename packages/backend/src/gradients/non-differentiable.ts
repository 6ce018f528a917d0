/**
 * Zero gradients for piecewise-constant, comparison, logical and index ops.
 *
 * These still need configs: the tape walks every kernel between the watched
 * inputs and the loss, so e.g. `Greater` in `where(greater(x, 0), a, b)` lies on
 * the path and the tape throws "gradient function not found for Greater"
 * without one, even though its contribution is zero.
 */
import type { GradConfig } from '@tensorflow/tfjs-core';
import { savedAt, single, zerosFor } from './util.js';

/** Config for a shape-preserving unary kernel: dy already has the input's shape. */
function zeroGradLikeDy(kernelName: string): GradConfig {
  return { kernelName, gradFunc: (dy) => ({ x: () => zerosFor(single(dy)) }) };
}

/** Config giving each named input a float32 zero gradient of its own shape. */
function zeroGrad(kernelName: string, inputs: readonly string[]): GradConfig {
  return {
    kernelName,
    inputsToSave: [...inputs],
    gradFunc: (_dy, saved) =>
      Object.fromEntries(inputs.map((name, i) => [name, () => zerosFor(savedAt(saved, i))])),
  };
}

const unary = ['x'] as const;
const binary = ['a', 'b'] as const;

/** Zero-gradient configs. */
export const nonDifferentiableGradConfigs: GradConfig[] = [
  // Piecewise constant (derivative 0 almost everywhere) or value-independent.
  ...['Ceil', 'Floor', 'Round', 'Sign', 'Step', 'IsNan', 'IsInf', 'IsFinite'].map(zeroGradLikeDy),
  ...['OnesLike', 'ZerosLike', 'LogicalNot'].map(zeroGradLikeDy),
  // Index outputs: the input shape differs from dy's, so it is saved.
  ...['ArgMax', 'ArgMin'].map((k) => zeroGrad(k, unary)),
  ...[
    'Equal',
    'NotEqual',
    'Greater',
    'GreaterEqual',
    'Less',
    'LessEqual',
    'LogicalAnd',
    'LogicalOr',
  ].map((k) => zeroGrad(k, binary)),
  zeroGrad('OneHot', ['indices']),
];
