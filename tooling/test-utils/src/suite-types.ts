import type { FixtureGtBox } from './loss-fixtures.js';

/** The two presets every version has. */
export type PresetName = 'paper' | 'darknet';

/** Ground truth as the losses take it: ragged lists, padded `[N, maxBoxes, 5]` rows, or a flat array. */
export type GroundTruthLike = FixtureGtBox[][] | number[][][] | Float32Array;
