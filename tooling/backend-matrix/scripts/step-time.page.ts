// The page side of step-time.mjs: YOLOv3 and YOLOv4 loss + gradient steps on tfjs's webgl
// backend with either implementation, timed in the page. Inputs as tooling/bench builds them
// (predictions uniform in ±2, 20 random boxes per image of 80 classes, fixed seeds).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import { initBackend } from '@yolo-loss/backend';
import { yolov3Loss } from '@yolo-loss/yolov3';
import { yolov4Loss } from '@yolo-loss/yolov4';

/** Deterministic LCG in [0, 1) (tooling/bench's). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

interface GtBox {
  x: number;
  y: number;
  w: number;
  h: number;
  classId: number;
}

function randomGt(images: number, count: number, seed: number): GtBox[][] {
  const r = rng(seed);
  return Array.from({ length: images }, () =>
    Array.from({ length: count }, () => ({
      x: 0.02 + r() * 0.96,
      y: 0.02 + r() * 0.96,
      w: 0.02 + r() * 0.48,
      h: 0.02 + r() * 0.48,
      classId: Math.floor(r() * 80),
    })),
  );
}

function randomHead(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  const r = rng(seed);
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = (r() * 2 - 1) * 2;
  return tf.tensor4d(data, shape);
}

/** What one measurement asks for. */
export interface StepRequest {
  version: 'yolov3' | 'yolov4';
  implementation: 'fused' | 'composed';
  size: number;
  batch: number;
  boxes: number;
  warmup: number;
  steps: number;
}

/** Milliseconds of each timed step, the terms of the last one, and what ran. */
export interface StepReply {
  times: number[];
  terms: number[];
  backend: string;
  renderer: string;
}

function renderer(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl === null) return 'no WebGL 2';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
}

/**
 * Times `warmup + steps` loss + gradient steps (the first `warmup` untimed). A step ends when the
 * device has finished it: one element of each gradient and the loss are read (the queue runs in
 * order), not the whole gradients, which a training step never downloads.
 */
async function measure(q: StepRequest): Promise<StepReply> {
  const strides = q.version === 'yolov3' ? [32, 16, 8] : [8, 16, 32];
  const heads = strides.map((s, i) => randomHead([q.batch, q.size / s, q.size / s, 255], 3 + i));
  const gt = randomGt(q.batch, q.boxes, 7);
  const options = { preset: 'paper' as const, inputSize: [q.size, q.size] as [number, number], implementation: q.implementation };
  const loss = (xs: tf.Tensor[]) => (q.version === 'yolov3' ? yolov3Loss(xs, gt, options) : yolov4Loss(xs, gt, options));
  const times: number[] = [];
  try {
    for (let i = 0; i < q.warmup + q.steps; i++) {
      const start = performance.now();
      const { value, grads } = tf.tidy(() => tf.valueAndGrads((...xs: tf.Tensor[]) => loss(xs).total)(heads));
      const probes = tf.tidy(() => grads.map((g) => tf.slice(tf.reshape(g, [-1]), [g.size - 1], [1])));
      await Promise.all(probes.map((p) => p.data()));
      await value.data();
      const elapsed = performance.now() - start;
      tf.dispose([value, ...grads, ...probes]);
      if (i >= q.warmup) times.push(elapsed);
    }
    // the terms once more, untimed, to compare the implementations
    const all = tf.tidy(() => {
      const r = loss(heads);
      return tf.stack([r.total, r.box, r.obj, r.noobj, r.cls]);
    });
    const terms = Array.from(await all.data());
    all.dispose();
    return { times, terms, backend: tf.getBackend(), renderer: renderer() };
  } finally {
    tf.dispose(heads);
  }
}

await initBackend({ backend: 'webgl', log: false });
(globalThis as { stepTime?: typeof measure }).stepTime = measure;
