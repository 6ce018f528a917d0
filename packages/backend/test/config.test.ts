import { describe, expect, it } from 'vitest';
import { checkMasks, checks, resolveConfig, type ConfigSchema } from '../src/index.js';

interface Demo {
  gridSize: number | readonly [number, number];
  lambda: number;
  mode: 'a' | 'b';
}
const presets = {
  paper: { gridSize: 7, lambda: 5, mode: 'a' },
  darknet: { gridSize: 13, lambda: 1, mode: 'b' },
} as const satisfies Record<string, Demo>;
const schema: ConfigSchema<Demo> = { gridSize: checks.gridSize, lambda: checks.nonNegative, mode: checks.oneOf('a', 'b') };

describe('resolveConfig', () => {
  it('takes the first preset by default and applies overrides one key at a time', () => {
    expect(resolveConfig('demo', presets, schema, undefined)).toEqual({ ...presets.paper, preset: 'paper' });
    expect(resolveConfig('demo', presets, schema, { preset: 'darknet', lambda: 2 })).toEqual({
      gridSize: 13,
      lambda: 2,
      mode: 'b',
      preset: 'darknet',
    });
  });

  it('names the unknown key, the unknown preset, and the bad value', () => {
    expect(() => resolveConfig('demo', presets, schema, { lamda: 1 } as never)).toThrow(/demo: unknown config key 'lamda'/);
    expect(() => resolveConfig('demo', presets, schema, { preset: 'v9' } as never)).toThrow(/unknown preset "v9" \(expected one of paper, darknet\)/);
    expect(() => resolveConfig('demo', presets, schema, { lambda: -1 })).toThrow(/config key 'lambda' must be a finite number >= 0, got -1/);
    expect(() => resolveConfig('demo', presets, schema, { gridSize: [7, 0] })).toThrow(/'gridSize' must be a positive integer or \[W, H\]/);
    expect(() => resolveConfig('demo', presets, schema, { mode: 'c' } as never)).toThrow(/'mode' must be one of 'a', 'b', got "c"/);
  });
});

describe('checkMasks', () => {
  it('accepts a partition of the anchors and names a repeated or missing index', () => {
    expect(checkMasks([[0, 1], [2]], 3)).toBeUndefined();
    expect(checkMasks([[0, 1], [1, 2]], 3)).toMatch(/anchor index 1 appears in masks\[0\] and masks\[1\]/);
    expect(checkMasks([[0], [2]], 3)).toMatch(/anchor index 1 is in no mask/);
    expect(checkMasks([[0, 3]], 3)).toMatch(/masks\[0\] uses anchor index 3, but there are 3 anchors/);
  });
});
