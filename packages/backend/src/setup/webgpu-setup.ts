import * as tf from '@tensorflow/tfjs-core';
import { errorMessage } from './error-message.js';
import { findGpu, importOptional, type AdapterLike } from './node-webgpu.js';
import { adoptWebGPUDevice, ownsWebGPUDevice } from './webgpu-lifetime.js';

/** The WebGPU adapter that was found, as far as the platform reports it. */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}

/** The adapter of the WebGPU device `initBackend` created last (full info, for a later call). */
let lastAdapter: AdapterInfo | undefined;

/**
 * Finds a WebGPU adapter, loads tfjs-backend-webgpu if needed and makes `webgpu` the active
 * backend. A device tfjs creates here is adopted (released by `disposeBackend` or at exit).
 *
 * @returns the adapter, or why WebGPU is not usable (the active backend is then undefined:
 *   the caller sets the next one).
 */
export async function activateWebGPU(): Promise<{ adapter: AdapterInfo } | { reason: string }> {
  const found = await findGpu();
  if ('reason' in found) return found;
  let adapter: AdapterLike | null;
  try {
    adapter = await found.gpu.requestAdapter();
  } catch (error) {
    return { reason: `requestAdapter() failed: ${errorMessage(error)}` };
  }
  if (!adapter) return { reason: 'no WebGPU adapter (requestAdapter() returned null)' };
  if (!tf.findBackendFactory('webgpu')) {
    try {
      await importOptional('@tensorflow/tfjs-backend-webgpu');
    } catch {
      return {
        reason:
          "@tensorflow/tfjs-backend-webgpu is not loaded (install it; in bundled apps also import '@yolo-loss/backend/webgpu')",
      };
    }
  }
  const createdHere = !('webgpu' in tf.engine().registry);
  try {
    if (!(await tf.setBackend('webgpu'))) return { reason: 'the tfjs webgpu backend failed to initialise' };
    await tf.ready();
  } catch (error) {
    return { reason: `the tfjs webgpu backend failed to initialise: ${errorMessage(error)}` };
  }
  const info = adapterInfo(adapter);
  // A device tfjs created at our request is ours to release (disposeBackend, or at exit).
  if (createdHere) {
    adoptWebGPUDevice();
    lastAdapter = info;
  }
  return { adapter: info };
}

/**
 * The adapter of the `webgpu` backend that is already running: the full info when
 * `initBackend` created it, else what tfjs-backend-webgpu kept of it (vendor, architecture).
 */
export function runningWebGPUAdapter(): AdapterInfo {
  if (ownsWebGPUDevice() && lastAdapter !== undefined) return lastAdapter;
  const kept = (tf.engine().registry.webgpu as { adapterInfo?: { vendor?: string; architecture?: string } } | undefined)
    ?.adapterInfo;
  return { vendor: kept?.vendor ?? '', architecture: kept?.architecture ?? '', device: '', description: '' };
}

function adapterInfo(adapter: AdapterLike): AdapterInfo {
  const info = adapter.info ?? {};
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
  };
}
