import * as tf from '@tensorflow/tfjs-core';
import { registerGradients } from '../gradients/register-gradients.js';
import { registerKernels } from '../kernels/register-kernels.js';
import { assertSingleTfjs, type TfjsIdentity } from './single-tfjs.js';

/**
 * What every loss package calls before building a loss: checks that its tfjs-core is the
 * same copy as ours, and registers the gradient functions tfjs-core leaves out and the fused
 * loss kernels (idempotent, cheap after the first call). No backend is chosen here; see
 * {@link initBackend}.
 *
 * @param callerTf - the tfjs-core namespace the calling package imported.
 * @param caller - the calling package's name, for the error message.
 */
export function prepareTfjs(callerTf: TfjsIdentity, caller: string): void {
  assertSingleTfjs(tf, '@yolo-loss/backend');
  assertSingleTfjs(callerTf, caller);
  registerGradients();
  registerKernels();
}
