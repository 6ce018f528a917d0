// What the webgl fixture runs stand on: WebGL 2 with float32 render targets (SwiftShader in CI).
// Without float32 targets tfjs-backend-webgl computes in float16 and the fixtures cannot match.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

describe('the page', () => {
  it('runs tfjs on webgl: WebGL 2, float32 render targets, float32 textures', () => {
    expect(tf.getBackend()).toBe('webgl');
    expect(tf.env().getNumber('WEBGL_VERSION')).toBe(2);
    expect(tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')).toBe(true);
    expect(tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE')).toBe(true);
  });

  it('has the renderer it names (SwiftShader in CI)', () => {
    const gl = document.createElement('canvas').getContext('webgl2');
    expect(gl).not.toBeNull();
    const info = gl!.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl!.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl!.getParameter(gl!.RENDERER));
    console.info(`[backend-matrix] WebGL renderer: ${renderer}`);
    expect(renderer.length).toBeGreaterThan(0);
  });
});
