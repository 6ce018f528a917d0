// Runs the integrator examples as a user would (plain node, built packages) and checks what they
// promise: the loss falls, decode returns detections, evaluate equals the loss, nothing leaks.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '..');

function runExample<T>(file: string, steps: number): T {
  const out = execFileSync(process.execPath, [join(dir, file), '--steps', String(steps)], {
    encoding: 'utf8',
    env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

interface GenericRun {
  results: { version: string; first: number; last: number; detections: number[] }[];
  tensors: number;
}
interface LayersRun {
  results: { version: string; first: number; last: number; evaluate: number; total: number; metrics: string[] }[];
  tensors: number;
}

describe('docs/examples', () => {
  it('trains a tfjs-layers model with the YOLOv3 loss (loss falls)', () => {
    const r = runExample<{ first: number; last: number }>('layers-model.mjs', 60);
    expect(Number.isFinite(r.last)).toBe(true);
    expect(r.last).toBeLessThan(r.first / 2);
  });

  it('trains a plain tfjs-core variables model with the YOLOv4 loss (loss falls)', () => {
    const r = runExample<{ first: number; last: number }>('core-variables.mjs', 60);
    expect(Number.isFinite(r.last)).toBe(true);
    expect(r.last).toBeLessThan(r.first / 2);
  });

  it('one generic loop trains YOLOv1–v5 and v8 through their version objects: the loss falls, decode returns detections', () => {
    const r = runExample<GenericRun>('generic-loop.mjs', 30);
    expect(r.results.map((v) => v.version)).toEqual(['yolov1', 'yolov2', 'yolov3', 'yolov4', 'yolov5', 'yolov8']);
    for (const v of r.results) {
      expect(v.last, v.version).toBeLessThan(v.first / 2);
      expect(v.detections.reduce((a, b) => a + b, 0), `${v.version} detections`).toBeGreaterThan(0);
    }
    expect(r.tensors).toBe(0);
  });

  it('tfjs-layers compile + fit + fitDataset for YOLOv1–v5 and v8; evaluate equals the loss', () => {
    const r = runExample<LayersRun>('layers-fit.mjs', 8);
    expect(r.results.map((v) => v.version)).toEqual(['yolov1', 'yolov2', 'yolov3', 'yolov4', 'yolov5', 'yolov8']);
    for (const v of r.results) {
      expect(v.last, v.version).toBeLessThan(v.first);
      expect(Math.abs(v.evaluate - v.total), v.version).toBeLessThanOrEqual(1e-4 * Math.abs(v.total));
      expect(v.metrics.some((m) => m.endsWith('box')), `${v.version} per-term metrics`).toBe(true);
    }
    expect(r.tensors).toBe(0);
  });
});
