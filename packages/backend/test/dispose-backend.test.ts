import * as tf from '@tensorflow/tfjs-core';
import { testBackend } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { disposeBackend, initBackend } from '../src/index.js';

const gpuOf = (): unknown => (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;

describe('disposeBackend', () => {
  it.runIf(testBackend() === 'webgpu')(
    'waits for the GPU, removes the webgpu backend it created, and a later initBackend starts a fresh one',
    async () => {
      expect('webgpu' in tf.engine().registry).toBe(true);
      const before = tf.engine().registry.webgpu;
      // Work submitted but never read back: disposeBackend must wait for it, not race it.
      const pending = tf.tidy(() => tf.sum(tf.mul(tf.randomNormal([1 << 16]), 2)));
      pending.dispose();

      await disposeBackend();
      expect('webgpu' in tf.engine().registry).toBe(false);
      expect(tf.findBackendFactory('webgpu')).not.toBeNull();
      expect(gpuOf()).toBeUndefined();
      await disposeBackend(); // nothing left to release: a no-op

      const info = await initBackend({ backend: 'webgpu', log: false });
      expect(info.backend).toBe('webgpu');
      expect(tf.engine().registry.webgpu).not.toBe(before);
      expect(gpuOf()).toBeDefined();
      const x = tf.tensor1d([1, 2, 3]);
      expect(Array.from(await tf.mul(x, 2).data())).toEqual([2, 4, 6]);
      await disposeBackend();
    },
  );

  it.runIf(testBackend() === 'cpu')('leaves a CPU backend alone', async () => {
    await initBackend({ backend: 'cpu', log: false });
    await disposeBackend();
    expect(tf.getBackend()).toBe('cpu');
    expect(Array.from(await tf.add(tf.scalar(1), 2).data())).toEqual([3]);
  });
});
