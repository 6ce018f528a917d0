import type { GtBox } from '../src/index.js';

/** One case of a loss fixture file (format: shared/fixtures/README.md). */
export interface FixtureCase {
  name: string;
  config: Record<string, unknown>;
  predictions: { shape: number[]; data: number[] }[];
  groundTruth: GtBox[][];
  expected: {
    loss: { total: number; box: number; obj: number; noobj: number; cls: number } | null;
    grad: { shape: number[]; data: number[] }[];
    responsible: number[][];
    dropped?: (number | null)[][];
    ignored?: number[][] | null;
  };
  compare: string[];
  tolerance: { abs: number; rel: number };
}

/** A fixture file. */
export interface FixtureFile {
  version: string;
  source: string;
  preset: 'paper' | 'darknet';
  cases: FixtureCase[];
}
