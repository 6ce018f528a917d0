export { testBackend, type TestBackend } from './test-backend.js';
export { expectAllClose, type Tolerance } from './expect-close.js';
export { loadFixture } from './load-fixture.js';
export { values, expectFinite } from './tensor-values.js';
export { expectNoTensorLeak } from './leaks.js';
export type { FixtureCase, FixtureFile, Fixture, FixtureTensor, FixtureGtBox } from './loss-fixtures.js';
export { seeded, rng, randomPred, randomHeads, randomGt, raggedGt, disposeResult } from './random-inputs.js';
export { expectFusedMatchesComposed } from './implementation-parity.js';
export { expectMultiHeadFixtureCase, type MultiHeadLossKit } from './multi-head-fixture.js';
