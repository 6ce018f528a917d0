import { YoloInputError } from '../errors.js';
import { describe } from '../config.js';

/** What identifies one loaded copy of `@tensorflow/tfjs-core`. */
export interface TfjsIdentity {
  /** The copy's `Tensor` class: two copies never share it. */
  readonly Tensor: unknown;
  /** The copy's `version_core`. */
  readonly version_core: string;
}

interface Seen {
  Tensor: unknown;
  version: string;
  loadedBy: string;
}

// Kept on globalThis, like tfjs's own engine, so every copy of this package sees it too.
const SEEN = Symbol.for('@yolo-loss/tfjs-core');

/**
 * Throws when `tf` is a different copy of `@tensorflow/tfjs-core` from the one a package of
 * ours saw first. Two copies register kernels and gradients twice ("kernel already
 * registered") and tensors from one are foreign to the other.
 *
 * @param tf - the tfjs-core namespace a package imported.
 * @param loadedBy - the package that imported it, named in the error.
 */
export function assertSingleTfjs(tf: TfjsIdentity, loadedBy: string): void {
  const t = tf as Partial<TfjsIdentity> | null | undefined;
  if (typeof t?.Tensor !== 'function' || typeof t.version_core !== 'string') {
    throw new YoloInputError(
      `assertSingleTfjs: tf: expected the @tensorflow/tfjs-core namespace (import * as tf from '@tensorflow/tfjs-core'), got ${describe(tf)}`,
    );
  }
  const store = globalThis as { [SEEN]?: Seen };
  const seen = store[SEEN];
  if (seen === undefined) {
    store[SEEN] = { Tensor: tf.Tensor, version: tf.version_core, loadedBy };
    return;
  }
  if (seen.Tensor !== tf.Tensor) {
    throw new Error(
      `Two copies of @tensorflow/tfjs-core are loaded: ${seen.version} (used by ${seen.loadedBy}) ` +
        `and ${tf.version_core} (used by ${loadedBy}). Install one version and dedupe ` +
        `(npm dedupe / pnpm dedupe); @yolo-loss packages take tfjs-core as a peer dependency.`,
    );
  }
}
