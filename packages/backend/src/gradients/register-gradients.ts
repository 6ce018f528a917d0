/**
 * Registers gradient configs with the single tfjs-core copy in use.
 *
 * `@tensorflow/tfjs-core` on its own ships no gradients, so `tf.grad` fails on
 * the first kernel ("gradient function not found for Sum"). These configs are
 * written against the public API only, and are registered solely for kernels
 * that have none yet, so gradients already provided (e.g. by a full
 * `@tensorflow/tfjs` import) win and tfjs prints no "Overriding" warning.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig } from '@tensorflow/tfjs-core';
import { binaryGradConfigs } from './binary.js';
import { elementwiseGradConfigs } from './elementwise.js';
import { nnGradConfigs } from './nn.js';
import { nonDifferentiableGradConfigs } from './non-differentiable.js';
import { reductionGradConfigs } from './reductions.js';
import { shapeGradConfigs } from './shape.js';

/** Every gradient config this package provides, one per kernel name. */
export const gradientConfigs: readonly GradConfig[] = [
  ...elementwiseGradConfigs,
  ...binaryGradConfigs,
  ...reductionGradConfigs,
  ...shapeGradConfigs,
  ...nnGradConfigs,
  ...nonDifferentiableGradConfigs,
];

/**
 * Registers a gradient for every kernel in {@link gradientConfigs} that has no
 * gradient registered yet. Safe to call any number of times.
 *
 * Must run before the forward pass being differentiated: the tape looks up a
 * kernel's gradient when the kernel executes.
 *
 * @returns the kernel names registered by this call (empty when all were
 *   already present).
 */
export function registerGradients(): string[] {
  const registered: string[] = [];
  for (const config of gradientConfigs) {
    // getGradient is typed as always returning a config, but yields undefined when absent.
    if ((tf.getGradient(config.kernelName) as GradConfig | undefined) != null) continue;
    tf.registerGradient(config);
    registered.push(config.kernelName);
  }
  return registered;
}
