import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseArgs } from '../src/cli.mjs';

describe('parseArgs', () => {
  it('has defaults', () => {
    expect(parseArgs([])).toMatchObject({ ...DEFAULTS, help: false });
  });
  it('reads every flag, in both spellings', () => {
    const o = parseArgs(['--steps', '10', '--versions=v1,yolov3', '--backend', 'cpu', '--seed', '0', '--out', 'x', '--no-mosaic', '--no-cosine', '--jobs=1', '--eval-every', '0']);
    expect(o).toMatchObject({ steps: 10, versions: ['yolov1', 'yolov3'], backend: 'cpu', seed: 0, out: 'x', mosaic: false, cosine: false, jobs: 1, evalEvery: 0 });
    expect(parseArgs(['--', '--help']).help).toBe(true);
  });
  it('names the bad flag and value', () => {
    expect(() => parseArgs(['--steps', '0'])).toThrow(/--steps needs an integer >= 1, got "0"/);
    expect(() => parseArgs(['--backend', 'gpu'])).toThrow(/--backend must be auto, cpu or webgpu/);
    expect(() => parseArgs(['--versions', 'v9'])).toThrow(/unknown version "v9"/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option "--fast"/);
    expect(() => parseArgs(['--eval-every', '-1'])).toThrow(/--eval-every needs an integer >= 0, got "-1"/);
  });
});
