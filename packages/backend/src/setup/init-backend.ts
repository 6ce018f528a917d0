import { YoloInputError } from '../errors.js';
import * as tf from '@tensorflow/tfjs-core';
import { registerGradients } from '../gradients/register-gradients.js';
import { registerKernels } from '../kernels/register-kernels.js';
import { runningBackend } from './active-backend.js';
import { activateBackend, registerNamedBackend, type NamedBackend } from './named-backends.js';
import { assertSingleTfjs } from './single-tfjs.js';
import { activateWebGPU, runningWebGPUAdapter, type AdapterInfo } from './webgpu-setup.js';

export type { AdapterInfo } from './webgpu-setup.js';

/**
 * Which backend to use: `'auto'` (see {@link initBackend}) or one by name — `'webgpu'`,
 * `'webgl'` (browsers), `'wasm'` (@tensorflow/tfjs-backend-wasm), `'tensorflow'`
 * (@tensorflow/tfjs-node, Node only) or `'cpu'`.
 */
export type BackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'tensorflow' | 'cpu';

/**
 * A backend {@link initBackend} can end up on: one of the named choices, or under `'auto'` any
 * backend the app registered and activated itself (kept as it is).
 */
export type BackendName = Exclude<BackendChoice, 'auto'> | (string & Record<never, never>);

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** `'auto'` (default) or a backend by name; see {@link initBackend}. */
  backend?: BackendChoice;
  /**
   * Under `'auto'`, make anything but WebGPU an error (no adapter, or the app's own backend
   * running) instead of a fallback. Defaults to the environment variable
   * `YOLO_LOSS_REQUIRE_WEBGPU=1` (Node), else false. Named choices ignore it.
   */
  requireWebGPU?: boolean;
  /** Where the one-line summary goes: default `console.info`; `false` for silence. */
  log?: ((line: string) => void) | false;
}

/** What {@link initBackend} chose. */
export interface BackendInfo {
  /** The active tfjs backend. */
  backend: BackendName;
  /** The WebGPU adapter on the `webgpu` backend, else null. */
  adapter: AdapterInfo | null;
  /** What it did and why: `'requested'`, `'adapter found'`, the app's backend kept, or why WebGPU was not used. */
  reason: string;
  /** True when `'auto'` looked for WebGPU, found none and used `webgl` or `cpu` instead. */
  fellBack: boolean;
  /** The backend that was running when initBackend was called (null: none yet). */
  previous: BackendName | null;
}

const CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'tensorflow', 'cpu'];
const OPTION_KEYS = new Set(['backend', 'requireWebGPU', 'log']);
const REQUIRED = 'WebGPU is required (requireWebGPU / YOLO_LOSS_REQUIRE_WEBGPU=1)';

/**
 * Chooses and initialises the tfjs backend, registers the gradients the losses need and the
 * fused loss kernels, and checks that a single tfjs-core is loaded. Prints one line saying what
 * it chose and why. It never changes tfjs's flags.
 *
 * `'auto'` (the default) never replaces a backend the app chose:
 * 1. a backend the app already runs (it called `tf.setBackend`, or imported tfjs-node, or made
 *    tensors on a backend it registered) is kept — unless it is `cpu`, tfjs's own default,
 *    which counts as nothing chosen;
 * 2. else WebGPU when an adapter exists — in a browser through `navigator.gpu`, in Node through
 *    the optional peer `webgpu` (Dawn);
 * 3. else `webgl` where it is registered (a browser app that imported
 *    `@tensorflow/tfjs-backend-webgl`);
 * 4. else `cpu`.
 *
 * A named choice is used or is an error saying why not (not installed or registered, cannot run
 * here, failed to initialise; the previous backend stays active then). `'wasm'` and
 * `'tensorflow'` import their optional peers (`@tensorflow/tfjs-backend-wasm`,
 * `@tensorflow/tfjs-node`) only when asked for and not yet registered; in a bundled browser app
 * import the backend package yourself. The fused loss kernels exist for `cpu` and `webgpu`; on
 * every other backend the losses run composed tfjs ops.
 *
 * A WebGPU device it creates is released by {@link disposeBackend}; in Node it is also destroyed
 * when the process exits (before the C library's exit handlers, so a driver thread still
 * compiling a shader cannot crash the exit).
 *
 * @example
 * ```ts
 * const { backend, adapter, reason } = await initBackend();
 * await initBackend({ backend: 'wasm' }); // Node or browser, needs @tensorflow/tfjs-backend-wasm
 * ```
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const { backend: choice, requireWebGPU, log } = validateOptions(options);
  assertSingleTfjs(tf, '@yolo-loss/backend');
  const previous = await runningBackend();
  const info = choice === 'auto' ? await chooseAuto(previous, requireWebGPU) : await useNamed(choice, previous);
  // After the backend's package has loaded: tfjs-node brings tfjs's own gradients, which then
  // stay; ours fill only the kernels that have none.
  registerGradients();
  registerKernels();
  if (log !== false) log(describe(info));
  return info;
}

async function chooseAuto(previous: string | null, requireWebGPU: boolean): Promise<BackendInfo> {
  if (previous !== null && previous !== 'cpu') {
    if (requireWebGPU && previous !== 'webgpu') {
      throw new Error(
        `initBackend: ${REQUIRED} but the app runs the '${previous}' backend, which 'auto' does not replace; pass backend: 'webgpu' to switch`,
      );
    }
    return {
      backend: previous,
      adapter: previous === 'webgpu' ? runningWebGPUAdapter() : null,
      reason: `kept the app's backend: '${previous}' was running before initBackend ('auto' never replaces it; name a backend to switch)`,
      fellBack: false,
      previous,
    };
  }
  const webgpu = await activateWebGPU();
  if ('adapter' in webgpu) return { backend: 'webgpu', adapter: webgpu.adapter, reason: 'adapter found', fellBack: false, previous };
  if (requireWebGPU) {
    await restore(previous);
    throw new Error(`initBackend: ${REQUIRED} but is not available: ${webgpu.reason}`);
  }
  let reason = `fell back from webgpu: ${webgpu.reason}`;
  if (tf.findBackendFactory('webgl') != null) {
    const failed = await activateBackend('webgl');
    if (failed === undefined) return { backend: 'webgl', adapter: null, reason, fellBack: true, previous };
    reason += `; webgl: ${failed}`;
  }
  const cpuFailed = (await registerNamedBackend('cpu')) ?? (await activateBackend('cpu'));
  if (cpuFailed !== undefined) throw new Error(`initBackend: no backend could be initialised: ${reason}; cpu: ${cpuFailed}`);
  return { backend: 'cpu', adapter: null, reason, fellBack: true, previous };
}

async function useNamed(choice: Exclude<BackendChoice, 'auto'>, previous: string | null): Promise<BackendInfo> {
  const requested = previous === choice ? 'requested (already running)' : 'requested';
  if (choice === 'webgpu') {
    const webgpu = await activateWebGPU();
    if ('adapter' in webgpu) return { backend: 'webgpu', adapter: webgpu.adapter, reason: requested, fellBack: false, previous };
    await restore(previous);
    throw new Error(`initBackend: backend 'webgpu' was requested but is not available: ${webgpu.reason}`);
  }
  const name: NamedBackend = choice;
  const failed = (await registerNamedBackend(name)) ?? (await activateBackend(name));
  if (failed !== undefined) {
    await restore(previous);
    throw new Error(`initBackend: backend '${name}' was requested but is not available: ${failed}`);
  }
  return { backend: name, adapter: null, reason: requested, fellBack: false, previous };
}

/** After a failed attempt, puts the backend that was running back (tfjs keeps the failed name). */
async function restore(previous: string | null): Promise<void> {
  if (previous !== null && tf.engine().backendName !== previous) await tf.setBackend(previous);
}

function validateOptions(options: InitBackendOptions): Required<Omit<InitBackendOptions, 'log'>> & {
  log: ((line: string) => void) | false;
} {
  if (typeof options !== 'object' || options === null) {
    throw new YoloInputError(`initBackend: options must be an object, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) {
      throw new YoloInputError(`initBackend: unknown option '${key}' (expected one of ${[...OPTION_KEYS].join(', ')})`);
    }
  }
  const backend = options.backend ?? 'auto';
  if (!CHOICES.includes(backend)) {
    throw new YoloInputError(`initBackend: option 'backend' must be one of ${CHOICES.join(', ')}, got ${JSON.stringify(backend)}`);
  }
  const envRequire = typeof process !== 'undefined' && process.env?.YOLO_LOSS_REQUIRE_WEBGPU === '1';
  const requireWebGPU = options.requireWebGPU ?? envRequire;
  if (typeof requireWebGPU !== 'boolean') {
    throw new YoloInputError(`initBackend: option 'requireWebGPU' must be a boolean, got ${JSON.stringify(requireWebGPU)}`);
  }
  const log = options.log ?? ((line: string) => console.info(line));
  if (log !== false && typeof log !== 'function') {
    throw new YoloInputError("initBackend: option 'log' must be a function or false");
  }
  return { backend, requireWebGPU, log };
}

/** The one log line: `[yolo-loss] backend: <name> (<adapter>; <reason>)`. */
function describe(info: BackendInfo): string {
  if (info.backend === 'webgpu' && info.adapter !== null) {
    const a = info.adapter;
    const name = [a.vendor, a.description || a.device || a.architecture].filter(Boolean).join(' ');
    return `[yolo-loss] backend: webgpu (adapter: ${name || 'unnamed'}; ${info.reason})`;
  }
  return `[yolo-loss] backend: ${info.backend} (${info.reason})`;
}
