import * as tf from '@tensorflow/tfjs-core';
import { registerGradients } from '../gradients/register-gradients.js';
import { registerKernels } from '../kernels/register-kernels.js';
import { findGpu, importOptional, type AdapterLike } from './node-webgpu.js';
import { assertSingleTfjs } from './single-tfjs.js';
import { adoptWebGPUDevice } from './webgpu-lifetime.js';

/** Which backend to use: `'auto'` tries WebGPU first and falls back to the CPU. */
export type BackendChoice = 'auto' | 'webgpu' | 'cpu';

/** A backend {@link initBackend} can end up on. */
export type BackendName = 'webgpu' | 'cpu';

/** The WebGPU adapter that was found, as far as the platform reports it. */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** `'auto'` (default): WebGPU when an adapter exists, else CPU. */
  backend?: BackendChoice;
  /**
   * Make a missing WebGPU adapter an error instead of a CPU fallback. Defaults to the
   * environment variable `YOLO_LOSS_REQUIRE_WEBGPU=1` (Node), else false.
   */
  requireWebGPU?: boolean;
  /** Where the one-line summary goes: default `console.info`; `false` for silence. */
  log?: ((line: string) => void) | false;
}

/** What {@link initBackend} chose. */
export interface BackendInfo {
  /** The active tfjs backend. */
  backend: BackendName;
  /** The WebGPU adapter, or null on the CPU backend. */
  adapter: AdapterInfo | null;
  /** Why this backend: `'requested'`, `'adapter found'`, or why WebGPU was not usable. */
  reason: string;
  /** True when WebGPU was wanted (`'auto'`) but the CPU was used instead. */
  fellBack: boolean;
}

const CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'cpu'];
const OPTION_KEYS = new Set(['backend', 'requireWebGPU', 'log']);

/**
 * Chooses and initialises the tfjs backend, registers the gradients the losses need, and
 * checks that a single tfjs-core is loaded. Prints one line saying what it chose and, on a
 * fallback, why.
 *
 * - `'auto'`: WebGPU when an adapter exists — in a browser through `navigator.gpu`, in Node
 *   through the optional peer `webgpu` (Dawn) — else the CPU backend.
 * - `'webgpu'`: WebGPU or an error saying why not. `'cpu'`: the CPU backend.
 *
 * A WebGPU device it creates is released by {@link disposeBackend}; in Node it is also destroyed
 * when the process exits (before the C library's exit handlers, so a driver thread still
 * compiling a shader cannot crash the exit).
 *
 * @example
 * ```ts
 * const { backend, adapter } = await initBackend();
 * ```
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const { backend: choice, requireWebGPU, log } = validateOptions(options);
  assertSingleTfjs(tf, '@yolo-loss/backend');
  registerGradients();
  registerKernels();

  let info: BackendInfo;
  if (choice === 'cpu') {
    info = await useCpu('requested', false);
  } else {
    const webgpu = await tryWebGPU();
    if ('adapter' in webgpu) {
      info = { backend: 'webgpu', adapter: webgpu.adapter, reason: choice === 'webgpu' ? 'requested' : 'adapter found', fellBack: false };
    } else if (choice === 'webgpu' || requireWebGPU) {
      const why = choice === 'webgpu' ? "backend 'webgpu' was requested" : 'WebGPU is required (requireWebGPU / YOLO_LOSS_REQUIRE_WEBGPU=1)';
      throw new Error(`initBackend: ${why} but is not available: ${webgpu.reason}`);
    } else {
      info = await useCpu(webgpu.reason, true);
    }
  }
  if (log !== false) log(describe(info));
  return info;
}

function validateOptions(options: InitBackendOptions): Required<Omit<InitBackendOptions, 'log'>> & {
  log: ((line: string) => void) | false;
} {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`initBackend: options must be an object, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) {
      throw new TypeError(`initBackend: unknown option '${key}' (expected one of ${[...OPTION_KEYS].join(', ')})`);
    }
  }
  const backend = options.backend ?? 'auto';
  if (!CHOICES.includes(backend)) {
    throw new TypeError(`initBackend: option 'backend' must be one of ${CHOICES.join(', ')}, got ${JSON.stringify(backend)}`);
  }
  const envRequire = typeof process !== 'undefined' && process.env?.YOLO_LOSS_REQUIRE_WEBGPU === '1';
  const requireWebGPU = options.requireWebGPU ?? envRequire;
  if (typeof requireWebGPU !== 'boolean') {
    throw new TypeError(`initBackend: option 'requireWebGPU' must be a boolean, got ${JSON.stringify(requireWebGPU)}`);
  }
  const log = options.log ?? ((line: string) => console.info(line));
  if (log !== false && typeof log !== 'function') {
    throw new TypeError("initBackend: option 'log' must be a function or false");
  }
  return { backend, requireWebGPU, log };
}

async function tryWebGPU(): Promise<{ adapter: AdapterInfo } | { reason: string }> {
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
  // A device tfjs created at our request is ours to release (disposeBackend, or at exit).
  if (createdHere) adoptWebGPUDevice();
  return { adapter: adapterInfo(adapter) };
}

async function useCpu(reason: string, fellBack: boolean): Promise<BackendInfo> {
  if (!tf.findBackendFactory('cpu')) await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) throw new Error('initBackend: the tfjs cpu backend failed to initialise');
  await tf.ready();
  return { backend: 'cpu', adapter: null, reason, fellBack };
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

function describe(info: BackendInfo): string {
  if (info.backend === 'webgpu') {
    const a = info.adapter;
    const name = [a?.vendor, a?.description || a?.device || a?.architecture].filter(Boolean).join(' ');
    return `[yolo-loss] backend: webgpu (adapter: ${name || 'unnamed'})`;
  }
  return info.fellBack
    ? `[yolo-loss] backend: cpu (fell back from webgpu: ${info.reason})`
    : `[yolo-loss] backend: cpu (${info.reason})`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
