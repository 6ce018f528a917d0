export { testBackend, type TestBackend } from './test-backend.js';
export { expectAllClose, type Tolerance } from './expect-close.js';
export { loadFixture } from './load-fixture.js';
export { values, expectFinite } from './tensor-values.js';
export { expectNoTensorLeak } from './leaks.js';
export type { FixtureCase, FixtureFile, Fixture, FixtureTensor, FixtureGtBox } from './loss-fixtures.js';
export { seeded, rng, randomPred, randomHeads, randomGt, raggedGt, disposeResult } from './random-inputs.js';
export { expectFusedMatchesComposed } from './implementation-parity.js';
export { expectMultiHeadFixtureCase, type MultiHeadLossKit } from './multi-head-fixture.js';
export { readTerms, type LossTerms } from './loss-terms.js';
export { describePresetsAsData, differingKeys, type PresetKit, type Observation } from './preset-suite.js';
export {
  inHeadOrder,
  gridsOf,
  type AnchorHeadKit,
  type AnchorHeadSuiteOptions,
  type AnchorHeadLossResult,
  type HeadShape,
} from './anchor-head/kit.js';
export type { GroundTruthLike, PresetName } from './suite-types.js';
export { describeAnchorHeadLoss, nonSquareLayout, type AnchorHeadLossSuite, type NonSquareCase } from './anchor-head/loss-suite.js';
export { describeAnchorHeadPresets, type AnchorHeadPresetsSuite } from './anchor-head/presets-suite.js';
export { describeFusedMatchesComposed } from './anchor-head/fused-suite.js';
export { describeAnchorHeadTraining, describeAnchorHeadFullSize, type FullSizeSuite } from './anchor-head/training-suite.js';
export { describeAnchorHeadValidation } from './anchor-head/validation-suite.js';
export { describeAnchorHeadFixtures } from './anchor-head/fixtures-suite.js';
export { type GridHeadKit, type GridHeadSuiteOptions } from './grid-head/kit.js';
export { describeGridHeadLoss, type GridHeadLossSuite } from './grid-head/loss-suite.js';
export { describeGridHeadTraining } from './grid-head/training-suite.js';
export { describeGridHeadConfig, type GridHeadConfigSuite, type ConfigOverride } from './grid-head/config-suite.js';
export { describeGridHeadFixtures, type GridHeadFixtureReadBack } from './grid-head/fixtures-suite.js';
export { describeGridHeadFusedMatchesComposed, type GridHeadFusedVariant } from './grid-head/fused-suite.js';
export { observeGridHeadCase } from './grid-head/observe.js';
export { expectDecodedBoxes, type DecodedBox } from './decoded-boxes.js';
