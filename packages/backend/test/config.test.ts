import { describe, expect, it } from 'vitest';
import { checks, resolveConfig, type ConfigSchema } from '../src/index.js';

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
    expect(resolveConfig('demo', presets, schema, undefined)).toEqual({ ...presets.paper });
    expect(resolveConfig('demo', presets, schema, { preset: 'darknet', lambda: 2 })).toEqual({
      gridSize: 13,
      lambda: 2,
      mode: 'b',
    });
  });

  it('returns every key and no preset name, so the result resolves to itself under any preset', () => {
    const resolved = resolveConfig('demo', presets, schema, { preset: 'darknet', lambda: 2 });
    expect(Object.keys(resolved).sort()).toEqual(['gridSize', 'lambda', 'mode']);
    expect(resolveConfig('demo', presets, schema, resolved)).toEqual(resolved);
    expect(resolveConfig('demo', presets, schema, { ...resolved, preset: 'paper' })).toEqual(resolved);
  });

  it('names the unknown key, the unknown preset, and the bad value', () => {
    expect(() => resolveConfig('demo', presets, schema, { lamda: 1 } as never)).toThrow(/demo: unknown config key 'lamda'/);
    expect(() => resolveConfig('demo', presets, schema, { preset: 'v9' } as never)).toThrow(/unknown preset "v9" \(expected one of paper, darknet\)/);
    expect(() => resolveConfig('demo', presets, schema, { lambda: -1 })).toThrow(/config key 'lambda' must be a finite number >= 0, got -1/);
    expect(() => resolveConfig('demo', presets, schema, { gridSize: [7, 0] })).toThrow(/'gridSize' must be a positive integer or \[W, H\]/);
    expect(() => resolveConfig('demo', presets, schema, { mode: 'c' } as never)).toThrow(/'mode' must be one of 'a', 'b', got "c"/);
  });
});
