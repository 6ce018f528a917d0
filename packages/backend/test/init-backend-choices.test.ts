// What initBackend decides, case by case (docs/backends.md has the table). These tests change
// tfjs's engine (they remove and re-register backends), so they run in the cpu project, which
// they leave on cpu; the real WebGPU adapter is checked in the webgpu project.
import * as tf from '@tensorflow/tfjs-core';
import { testBackend } from '@yolo-loss/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { disposeBackend, initBackend, type BackendInfo } from '../src/index.js';

/** A backend with no kernels: enough for tfjs to register, initialise and activate it. */
class StubBackend extends tf.KernelBackend {
  override dispose(): void {}
}

type Gpu = { requestAdapter: () => Promise<unknown> };

/** Replaces `navigator.gpu` (Node: creates `navigator`) for one test; undone by the returned function. */
function stubGpu(gpu: Gpu): () => void {
  const holder = globalThis as { navigator?: { gpu?: unknown } };
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', { value: { ...(holder.navigator ?? {}), gpu }, configurable: true, writable: true });
  return () => {
    if (saved) Object.defineProperty(globalThis, 'navigator', saved);
    else delete holder.navigator;
  };
}

/** A machine without a WebGPU adapter. */
const noAdapter = (): Gpu => ({ requestAdapter: vi.fn(() => Promise.resolve(null)) });

/** Removes the running backend and registers its factory again: tfjs runs no backend afterwards. */
function forgetRunningBackend(): void {
  const name = tf.engine().backendName;
  if (!name) return;
  const entry = tf.engine().registryFactory[name]!;
  tf.removeBackend(name);
  tf.registerBackend(name, entry.factory, entry.priority);
}

/** Registers a backend for one test (removed again in afterEach). */
const registered: string[] = [];
function register(name: string, factory: () => tf.KernelBackend | Promise<tf.KernelBackend>): void {
  if (tf.findBackendFactory(name) != null) tf.removeBackend(name);
  tf.registerBackend(name, factory, 1);
  registered.push(name);
}

const quiet = { log: false, requireWebGPU: false } as const;

describe.runIf(testBackend() === 'cpu')("initBackend's choices", () => {
  let restoreGpu: (() => void) | undefined;

  beforeEach(() => {
    restoreGpu = stubGpu(noAdapter());
  });

  afterEach(async () => {
    restoreGpu?.();
    restoreGpu = undefined;
    await tf.setBackend('cpu');
    for (const name of registered.splice(0)) if (tf.findBackendFactory(name) != null) tf.removeBackend(name);
  });

  it("'auto', nothing running, no WebGPU adapter: cpu, saying why", async () => {
    forgetRunningBackend();
    const lines: string[] = [];
    const info = await initBackend({ ...quiet, log: (l) => lines.push(l) });
    expect(info).toEqual<BackendInfo>({
      backend: 'cpu',
      adapter: null,
      reason: 'fell back from webgpu: no WebGPU adapter (requestAdapter() returned null)',
      fellBack: true,
      previous: null,
    });
    expect(lines).toEqual(['[yolo-loss] backend: cpu (fell back from webgpu: no WebGPU adapter (requestAdapter() returned null))']);
  });

  it("'auto' with tfjs's default cpu running counts as nothing chosen: it looks for WebGPU", async () => {
    const gpu = noAdapter();
    restoreGpu?.();
    restoreGpu = stubGpu(gpu);
    const info = await initBackend(quiet);
    expect(gpu.requestAdapter).toHaveBeenCalledTimes(1);
    expect(info).toMatchObject({ backend: 'cpu', previous: 'cpu', fellBack: true });
  });

  it("'auto' keeps an app on wasm, even where a WebGPU adapter exists", async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    expect(await tf.setBackend('wasm')).toBe(true); // the app's own choice
    const gpu = { requestAdapter: vi.fn(() => Promise.resolve({ info: { vendor: 'stub' } })) };
    restoreGpu?.();
    restoreGpu = stubGpu(gpu);
    const lines: string[] = [];
    const info = await initBackend({ ...quiet, log: (l) => lines.push(l) });
    expect(info).toMatchObject({ backend: 'wasm', previous: 'wasm', fellBack: false, adapter: null });
    expect(info.reason).toMatch(/^kept the app's backend: 'wasm' was running before initBackend/);
    expect(tf.getBackend()).toBe('wasm');
    expect(gpu.requestAdapter).not.toHaveBeenCalled();
    expect(lines[0]).toMatch(/^\[yolo-loss\] backend: wasm \(kept the app's backend/);
    // and the losses' ops run there: a gradient through our registered gradients
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor1d([1, -2, 3]));
    expect(Array.from(await g.data())).toEqual([2, -4, 6]);
  });

  it("'auto' keeps a custom backend the app registered and activated", async () => {
    register('my-accelerator', () => new StubBackend());
    await tf.setBackend('my-accelerator');
    const info = await initBackend(quiet);
    expect(info).toMatchObject({ backend: 'my-accelerator', previous: 'my-accelerator', fellBack: false, adapter: null });
    expect(tf.getBackend()).toBe('my-accelerator');
  });

  it("'auto' waits for a tf.setBackend the app did not await, then keeps that backend", async () => {
    register('slow-start', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return new StubBackend();
    });
    void tf.setBackend('slow-start');
    const info = await initBackend(quiet);
    expect(info).toMatchObject({ backend: 'slow-start', previous: 'slow-start' });
  });

  it("'auto' with requireWebGPU: the app's wasm is an error, not replaced, and stays active", async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    await expect(initBackend({ log: false, requireWebGPU: true })).rejects.toThrow(
      /WebGPU is required .* but the app runs the 'wasm' backend, which 'auto' does not replace; pass backend: 'webgpu' to switch/,
    );
    expect(tf.getBackend()).toBe('wasm');
  });

  it("'auto' with requireWebGPU and no adapter: an error with the reason; cpu stays active", async () => {
    await expect(initBackend({ log: false, requireWebGPU: true })).rejects.toThrow(
      /WebGPU is required .* but is not available: no WebGPU adapter/,
    );
    expect(tf.getBackend()).toBe('cpu');
  });

  it("'auto' without WebGPU uses a registered webgl (a browser app), else cpu with webgl's failure", async () => {
    register('webgl', () => new StubBackend());
    forgetRunningBackend();
    expect(await initBackend(quiet)).toMatchObject({ backend: 'webgl', fellBack: true, previous: null, reason: expect.stringMatching(/^fell back from webgpu: no WebGPU adapter/) });

    register('webgl', () => {
      throw new Error('no WebGL2 context');
    });
    await tf.setBackend('cpu');
    forgetRunningBackend();
    const info = await initBackend(quiet);
    expect(info.backend).toBe('cpu');
    expect(info.reason).toMatch(/; webgl: the tfjs webgl backend failed to initialise: no WebGL2 context$/);
  });

  it("'wasm' by name: loads @tensorflow/tfjs-backend-wasm and switches to it", async () => {
    const info = await initBackend({ ...quiet, backend: 'wasm' });
    expect(info).toEqual<BackendInfo>({ backend: 'wasm', adapter: null, reason: 'requested', fellBack: false, previous: 'cpu' });
    expect(tf.getBackend()).toBe('wasm');
    expect(Array.from(await tf.add(tf.tensor1d([1, 2]), 1).data())).toEqual([2, 3]);
  });

  it("'cpu' by name replaces the app's backend (a named choice is used)", async () => {
    register('my-accelerator', () => new StubBackend());
    await tf.setBackend('my-accelerator');
    expect(await initBackend({ ...quiet, backend: 'cpu' })).toMatchObject({ backend: 'cpu', previous: 'my-accelerator', reason: 'requested' });
  });

  it("'tensorflow' by name uses a registered tensorflow backend (stands in for @tensorflow/tfjs-node)", async () => {
    register('tensorflow', () => new StubBackend());
    expect(await initBackend({ ...quiet, backend: 'tensorflow' })).toMatchObject({ backend: 'tensorflow', previous: 'cpu', reason: 'requested' });
    expect(tf.getBackend()).toBe('tensorflow');
  });

  it("'tensorflow' by name without @tensorflow/tfjs-node: an error saying so; cpu stays active", async () => {
    await expect(initBackend({ ...quiet, backend: 'tensorflow' })).rejects.toThrow(
      /backend 'tensorflow' was requested but is not available: @tensorflow\/tfjs-node is not installed \(npm install @tensorflow\/tfjs-node/,
    );
    expect(tf.getBackend()).toBe('cpu');
  });

  it("'webgl' by name in Node: an error saying WebGL needs a browser", async () => {
    await expect(initBackend({ ...quiet, backend: 'webgl' })).rejects.toThrow(
      /backend 'webgl' was requested but is not available: WebGL needs a browser/,
    );
    expect(tf.getBackend()).toBe('cpu');
  });

  it('a named backend that fails to initialise: an error with its message; the previous backend is put back', async () => {
    register('webgl', () => {
      throw new Error('no WebGL2 context');
    });
    await expect(initBackend({ ...quiet, backend: 'webgl' })).rejects.toThrow(
      /backend 'webgl' was requested but is not available: the tfjs webgl backend failed to initialise: no WebGL2 context/,
    );
    expect(tf.getBackend()).toBe('cpu');
  });

  it("'webgpu' by name without an adapter: an error with the reason; cpu stays active", async () => {
    await expect(initBackend({ ...quiet, backend: 'webgpu' })).rejects.toThrow(
      /backend 'webgpu' was requested but is not available: no WebGPU adapter/,
    );
    expect(tf.getBackend()).toBe('cpu');
  });

  it("gradients a backend package brought (tfjs-node's @tensorflow/tfjs) stay: ours fill only the gaps", async () => {
    const theirs: tf.GradConfig = { kernelName: 'Square', gradFunc: (dy) => ({ x: () => dy as tf.Tensor }) };
    const ours = tf.getGradient('Square');
    tf.unregisterGradient('Square');
    tf.registerGradient(theirs);
    try {
      register('tensorflow', () => new StubBackend());
      await initBackend({ ...quiet, backend: 'tensorflow' });
      expect(tf.getGradient('Square')).toBe(theirs);
    } finally {
      tf.unregisterGradient('Square');
      tf.registerGradient(ours);
    }
  });

  it("never changes tfjs's flags", async () => {
    // wasm's first start evaluates its own flags (SIMD, threads): let that happen before the snapshot
    await initBackend({ ...quiet, backend: 'wasm' });
    await tf.setBackend('cpu');
    const flags = { ...tf.env().getFlags() };
    await initBackend({ ...quiet, backend: 'wasm' });
    await initBackend(quiet);
    await tf.setBackend('cpu');
    forgetRunningBackend();
    await initBackend(quiet);
    expect(tf.env().getFlags()).toEqual(flags);
  });
});

describe.runIf(testBackend() === 'webgpu')("initBackend's choices with a WebGPU adapter", () => {
  afterEach(async () => {
    await initBackend({ backend: 'webgpu', log: false });
  });

  it("'auto', nothing running: webgpu, naming the adapter", async () => {
    await disposeBackend(); // removes the webgpu backend test/setup.ts created: nothing runs now
    const info = await initBackend(quiet);
    expect(info).toMatchObject({ backend: 'webgpu', reason: 'adapter found', fellBack: false, previous: null });
    expect(info.adapter).not.toBeNull();
  });

  it("'auto' with webgpu already running keeps it and reports its adapter", async () => {
    const info = await initBackend(quiet);
    expect(info).toMatchObject({ backend: 'webgpu', previous: 'webgpu', fellBack: false });
    expect(info.reason).toMatch(/^kept the app's backend/);
    expect(info.adapter).not.toBeNull();
  });
});
