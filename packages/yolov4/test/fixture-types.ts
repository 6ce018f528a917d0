import type { GtBox } from '../src/index.js';

export interface FixtureTensor {
  shape: number[];
  data: (number | null)[];
}

export interface FixtureCase {
  name: string;
  config: Record<string, unknown>;
  predictions: FixtureTensor[];
  groundTruth: GtBox[][];
  expected: {
    loss: Record<'total' | 'box' | 'obj' | 'noobj' | 'cls', number> | null;
    grad: FixtureTensor[];
    gradMask?: FixtureTensor[];
    responsible: number[][];
    responsibleGt?: number[];
    ignored?: number[][];
    dropped?: number[][];
  };
  compare: string[];
  tolerance: { abs: number; rel: number };
}

export interface Fixture {
  preset: 'paper' | 'darknet';
  cases: FixtureCase[];
}
