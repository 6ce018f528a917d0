import * as tf from '@tensorflow/tfjs-core';
import { uninstallGpu } from './node-webgpu.js';

/** The parts of a `GPUDevice` the lifetime code uses (keeps `GPU*` types out of our API). */
interface DeviceLike {
  destroy(): void;
  readonly queue: { onSubmittedWorkDone(): Promise<void> };
}

/** The part of tfjs-backend-webgpu's backend object we touch. */
interface WebGPUBackendLike {
  readonly device?: DeviceLike;
}

/** What {@link initBackend} created and {@link disposeBackend} releases. */
interface OwnedDevice {
  device: DeviceLike;
  onExit: () => void;
}

let owned: OwnedDevice | undefined;

const hasProcessEvents =
  typeof process !== 'undefined' && typeof process.once === 'function' && typeof process.off === 'function';

/**
 * Takes ownership of the device of the `webgpu` backend that `initBackend` has just created, and
 * in Node destroys it synchronously when the process exits.
 *
 * Why: Dawn runs the Vulkan driver's queue on threads of its own. On Mesa's lavapipe a shader
 * variant may still be compiling (LLVM) on that thread when `process.exit()` runs the C
 * library's exit handlers; LLVM's global destructors then pull the compiler's state from under
 * it and the process dies with SIGSEGV after the script's last line (more often with a cold
 * shader cache, which makes the compile slower). `GPUDevice.destroy()` waits for the queue to
 * go idle before it returns, so calling it from `process.on('exit')` — which runs before those
 * handlers — closes the race.
 */
export function adoptWebGPUDevice(): void {
  if (owned !== undefined) return;
  const device = (tf.engine().registry.webgpu as WebGPUBackendLike | undefined)?.device;
  if (device === undefined) return;
  const onExit = (): void => destroyQuietly(device);
  if (hasProcessEvents) process.once('exit', onExit);
  owned = { device, onExit };
}

/** True while a WebGPU device created by `initBackend` is alive (see {@link disposeBackend}). */
export function ownsWebGPUDevice(): boolean {
  return owned !== undefined;
}

/**
 * Releases what {@link initBackend} created for WebGPU: waits until the GPU has finished the work
 * submitted so far, removes tfjs's `webgpu` backend instance (its buffers are freed; the backend
 * stays registered, so a later `initBackend` creates a fresh one), destroys the device, and in
 * Node removes the `navigator.gpu` it installed, so the process can exit by itself. Call it at
 * the end of a script or test that used WebGPU. Without it the device is destroyed at process
 * exit. Does nothing when `initBackend` created no WebGPU device (the CPU backend, or a backend
 * the app set up itself), and is safe to call more than once.
 *
 * After it, tensors that lived on the `webgpu` backend are gone: call `initBackend` again before
 * using tfjs.
 *
 * @example
 * ```ts
 * await initBackend();
 * // ... train ...
 * await disposeBackend();
 * ```
 */
export async function disposeBackend(): Promise<void> {
  const current = owned;
  if (current === undefined) return;
  owned = undefined;
  try {
    // Commands tfjs recorded but never submitted are dropped with the device; submitted ones finish.
    await current.device.queue.onSubmittedWorkDone();
    const backend = tf.engine().registry.webgpu as WebGPUBackendLike | undefined;
    if (backend?.device === current.device) {
      const entry = tf.engine().registryFactory.webgpu;
      tf.removeBackend('webgpu');
      // removeBackend also forgets the factory; keep `webgpu` available for a later initBackend.
      if (entry !== undefined) tf.registerBackend('webgpu', entry.factory, entry.priority);
    }
  } finally {
    destroyQuietly(current.device);
    if (hasProcessEvents) process.off('exit', current.onExit);
    uninstallGpu();
  }
}

function destroyQuietly(device: DeviceLike): void {
  try {
    device.destroy();
  } catch {
    // A device that is already lost or destroyed has nothing left to release.
  }
}
