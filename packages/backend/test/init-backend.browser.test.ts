// initBackend in a browser page (tooling/backend-matrix runs this file in headless Chromium, where
// the page imported @tensorflow/tfjs-backend-webgl and started on webgl).
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../src/index.js';

const quiet = { log: false } as const;

/** Gives `navigator.gpu` another value for one test; undone by the returned function. */
function stubGpu(gpu: unknown): () => void {
  Object.defineProperty(navigator, 'gpu', { value: gpu, configurable: true });
  return () => {
    delete (navigator as { gpu?: unknown }).gpu; // the prototype's own getter again
  };
}

/** Removes the running backend and registers its factory again: tfjs runs no backend afterwards. */
function forgetRunningBackend(): void {
  const name = tf.engine().backendName;
  const entry = tf.engine().registryFactory[name]!;
  tf.removeBackend(name);
  tf.registerBackend(name, entry.factory, entry.priority);
}

describe('initBackend in a browser', () => {
  let restore: (() => void) | undefined;
  afterEach(async () => {
    restore?.();
    restore = undefined;
    await tf.setBackend('webgl');
  });

  it("'auto' without WebGPU, nothing running: the registered webgl, saying why", async () => {
    restore = stubGpu(undefined);
    forgetRunningBackend();
    const lines: string[] = [];
    const info = await initBackend({ log: (l) => lines.push(l) });
    expect(info).toEqual({
      backend: 'webgl',
      adapter: null,
      reason: 'fell back from webgpu: this browser has no navigator.gpu (WebGPU disabled or unsupported)',
      fellBack: true,
      previous: null,
    });
    expect(lines).toEqual([`[yolo-loss] backend: webgl (${info.reason})`]);
    expect(Array.from(await tf.add(tf.tensor1d([1, 2]), 1).data())).toEqual([2, 3]);
  });

  it("'auto' keeps the page's webgl even where WebGPU has an adapter", async () => {
    const gpu = { requestAdapter: vi.fn(() => Promise.resolve({})) };
    restore = stubGpu(gpu);
    const info = await initBackend(quiet);
    expect(info).toMatchObject({ backend: 'webgl', previous: 'webgl', fellBack: false });
    expect(info.reason).toMatch(/^kept the app's backend/);
    expect(gpu.requestAdapter).not.toHaveBeenCalled();
  });

  it("'wasm' by name, not imported by the page: an error saying to import it", async () => {
    await expect(initBackend({ ...quiet, backend: 'wasm' })).rejects.toThrow(
      /backend 'wasm' was requested but is not available: @tensorflow\/tfjs-backend-wasm is not installed \(import '@tensorflow\/tfjs-backend-wasm' in your app before initBackend/,
    );
    expect(tf.getBackend()).toBe('webgl');
  });

  it("'tensorflow' by name: an error saying tfjs-node runs only in Node", async () => {
    await expect(initBackend({ ...quiet, backend: 'tensorflow' })).rejects.toThrow(
      /backend 'tensorflow' was requested but is not available: 'tensorflow' is the native backend of @tensorflow\/tfjs-node, which runs only in Node/,
    );
    expect(tf.getBackend()).toBe('webgl');
  });
});
