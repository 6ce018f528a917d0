import { describe, expect, it } from 'vitest';
import type { GridHeadKit, GridHeadSuiteOptions } from './kit.js';

/** One override of the config test: the keys given, and any key that follows from them. */
export interface ConfigOverride {
  given: Record<string, unknown>;
  /** Keys derived from `given` (e.g. `inputSize` from `gridSize`). */
  derived?: Record<string, unknown>;
}

/** What differs between the one-head versions in the config tests: their keys. */
export interface GridHeadConfigSuite {
  /** Overrides on top of the darknet preset, one at a time. */
  overrides: readonly ConfigOverride[];
  /** Bad options and what the error must name. */
  rejects: readonly (readonly [Record<string, unknown>, RegExp])[];
}

/**
 * Config resolution as YOLOv1 and YOLOv2 share it: the paper default, the chosen preset's keys,
 * overrides one key at a time, a named error for each bad value, a frozen result. One
 * `describe`, `resolve<Version>Config`.
 */
export function describeGridHeadConfig<O extends GridHeadSuiteOptions, T>(kit: GridHeadKit<O, T>, suite: GridHeadConfigSuite): void {
  const name = `resolve${kit.version.charAt(0).toUpperCase()}${kit.version.slice(1)}Config`;
  describe(name, () => {
    it(`${kit.version}: defaults to the paper preset`, () => {
      expect(kit.resolve()).toEqual({ ...kit.presets.paper });
    });

    it(`${kit.version}: takes every key from the chosen preset and overrides one key at a time`, () => {
      expect(kit.resolve({ preset: 'darknet' } as O)).toEqual({ ...kit.presets.darknet });
      for (const { given, derived } of suite.overrides) {
        const config = kit.resolve({ preset: 'darknet', ...given } as O);
        expect(config, JSON.stringify(given)).toEqual({ ...kit.presets.darknet, ...given, ...derived });
      }
    });

    it.each(suite.rejects)(`${kit.version}: rejects %j naming the key`, (options, message) => {
      expect(() => kit.resolve(options as O)).toThrow(message);
    });

    it(`${kit.version}: returns a frozen config`, () => {
      expect(Object.isFrozen(kit.resolve({ numClasses: 3 } as O))).toBe(true);
    });
  });
}
