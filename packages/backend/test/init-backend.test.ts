import * as tf from '@tensorflow/tfjs-core';
import { testBackend } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { initBackend, YoloInputError } from '../src/index.js';

describe('initBackend', () => {
  it(`runs this project on the ${testBackend()} backend`, async () => {
    const lines: string[] = [];
    const info = await initBackend({ backend: testBackend(), log: (l) => lines.push(l) });
    expect(info.backend).toBe(testBackend());
    expect(tf.getBackend()).toBe(testBackend());
    expect(info.previous).toBe(testBackend()); // test/setup.ts chose it already
    expect(info.reason).toBe('requested (already running)');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^\\[yolo-loss\\] backend: ${testBackend()} \\(`));
    expect(info.adapter === null).toBe(info.backend !== 'webgpu');
  });

  it('rejects unknown options and bad values, naming them', async () => {
    await expect(initBackend({ backnd: 'cpu' } as never)).rejects.toThrow(/unknown option 'backnd'/);
    await expect(initBackend({ backend: 'gpu' as never })).rejects.toThrow(
      /option 'backend' must be one of auto, webgpu, webgl, wasm, tensorflow, cpu, got "gpu"/,
    );
    await expect(initBackend({ requireWebGPU: 'yes' as never })).rejects.toThrow(/'requireWebGPU' must be a boolean/);
    await expect(initBackend({ log: 'yes' as never })).rejects.toThrow(/option 'log' must be a function or false/);
    await expect(initBackend({ backend: 'gpu' as never })).rejects.toBeInstanceOf(YoloInputError);
    await expect(initBackend(null as never)).rejects.toBeInstanceOf(YoloInputError);
  });
});
