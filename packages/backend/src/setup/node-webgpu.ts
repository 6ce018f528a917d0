/** Minimal view of `navigator.gpu` we need (keeps GPU* types out of our public API). */
export interface GpuLike {
  requestAdapter(options?: unknown): Promise<AdapterLike | null>;
}

/** Minimal view of a `GPUAdapter`. */
export interface AdapterLike {
  readonly info?: {
    readonly vendor?: string;
    readonly architecture?: string;
    readonly device?: string;
    readonly description?: string;
  };
}

interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

/** True in Node.js (where the optional peers are imported by name), false in browsers and workers. */
export const isNode =
  typeof process !== 'undefined' && typeof process.versions === 'object' && process.versions.node !== undefined;

/**
 * Imports a module by a name bundlers cannot see, so an optional peer that is absent never
 * breaks a browser build (browsers reach these only through `@yolo-loss/backend/webgpu`).
 */
export async function importOptional<T>(name: string): Promise<T> {
  const load = (specifier: string): Promise<T> => import(/* @vite-ignore */ specifier) as Promise<T>;
  return load(name);
}

/**
 * Finds `navigator.gpu`: the browser's own, or in Node the Dawn bindings of the optional
 * `webgpu` package, installed as `globalThis.navigator.gpu` (where tfjs-backend-webgpu
 * looks for it) together with the `GPUBufferUsage`-style globals it uses.
 *
 * @returns the GPU entry point, or a reason why there is none.
 */
export async function findGpu(): Promise<{ gpu: GpuLike } | { reason: string }> {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  if (nav?.gpu) return { gpu: nav.gpu };
  if (!isNode) return { reason: 'this browser has no navigator.gpu (WebGPU disabled or unsupported)' };
  let dawn: DawnModule;
  try {
    dawn = await importOptional<DawnModule>('webgpu');
  } catch {
    return { reason: "the optional 'webgpu' package (Dawn for Node) is not installed" };
  }
  // Dawn logs to stderr; XDG_RUNTIME_DIR silences one harmless warning on headless Linux.
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  for (const [key, value] of Object.entries(dawn.globals)) {
    if (!(key in globalThis)) (globalThis as Record<string, unknown>)[key] = value;
  }
  const gpu = dawn.create([]);
  if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  else (globalThis as { navigator?: unknown }).navigator = { gpu };
  installed = { createdNavigator: nav === undefined };
  return { gpu };
}

/** Set while `navigator.gpu` is the Dawn instance {@link findGpu} installed. */
let installed: { createdNavigator: boolean } | undefined;

/**
 * Removes the Dawn `navigator.gpu` that {@link findGpu} installed (and the `navigator` object if
 * it created that too). Dawn keeps Node's event loop alive while its instance is reachable
 * (the `webgpu` package's "Lifetime" notes); without the reference the process can end by itself.
 */
export function uninstallGpu(): void {
  if (installed === undefined) return;
  const holder = globalThis as { navigator?: { gpu?: unknown } };
  if (installed.createdNavigator) delete holder.navigator;
  else if (holder.navigator) delete holder.navigator.gpu;
  installed = undefined;
}
