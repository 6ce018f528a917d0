/** A ground-truth box as the fixtures write it (centre format, normalised). */
export interface FixtureGtBox {
  x: number;
  y: number;
  w: number;
  h: number;
  classId: number;
}

/** A tensor in a fixture: shape and row-major data (`null` = not produced / masked). */
export interface FixtureTensor {
  shape: number[];
  data: (number | null)[];
}

/** One case of a loss fixture file (format: docs/contributing/fixtures.md). */
export interface FixtureCase {
  name: string;
  config: Record<string, unknown>;
  predictions: FixtureTensor[];
  groundTruth: FixtureGtBox[][];
  expected: {
    loss: Record<'total' | 'box' | 'obj' | 'noobj' | 'cls', number> | null;
    grad: FixtureTensor[];
    gradMask?: FixtureTensor[];
    responsible: number[][];
    responsibleGt?: number[];
    ignored?: number[][] | null;
    dropped?: (number | null)[][];
  };
  compare: string[];
  tolerance: { abs: number; rel: number };
}

/** A loss fixture file. */
export interface FixtureFile {
  version?: string;
  source?: string;
  preset: 'paper' | 'darknet';
  cases: FixtureCase[];
}

/** The same as {@link FixtureFile}. */
export type Fixture = FixtureFile;
