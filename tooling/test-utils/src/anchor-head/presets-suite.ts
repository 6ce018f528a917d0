import { describePresetsAsData } from '../preset-suite.js';
import { randomGt } from '../random-inputs.js';
import { inHeadOrder, type AnchorHeadKit, type AnchorHeadSuiteOptions, type HeadShape } from './kit.js';
import { observeAnchorHeadCase } from './observe.js';

/** What an anchor-head version sets for its presets-as-data tests. */
export interface AnchorHeadPresetsSuite<O> {
  /** Keys (equal in both presets) on top of the 64×64, 2-class case, e.g. a lower `ignoreThreshold`. */
  small?: O;
  /** Random heads in ±`scale`. */
  scale: number;
  /** Keys that change only the encoding (`slotConflict`). */
  encodingKeys: readonly string[];
}

/**
 * `describePresetsAsData` for an anchor-head version on its fixed random case: 64×64 input,
 * 2 classes, batch 2 with 12 boxes per image (so that slot conflicts happen), heads of 2×2, 4×4
 * and 8×8 cells in the version's head order (LCG seed 5, values in ±`scale`).
 */
export function describeAnchorHeadPresets<O extends AnchorHeadSuiteOptions, T>(
  kit: AnchorHeadKit<O, T>,
  suite: AnchorHeadPresetsSuite<O>,
): void {
  const shapes = inHeadOrder<HeadShape>(kit, [
    [2, 2, 2, 21],
    [2, 4, 4, 21],
    [2, 8, 8, 21],
  ]);
  const small: AnchorHeadSuiteOptions = { inputSize: [64, 64], numClasses: 2, ...suite.small };
  describePresetsAsData<object>({
    version: kit.version,
    presets: kit.presets,
    resolve: (options) => kit.resolve(options as O),
    small,
    observe: observeAnchorHeadCase((heads, gt, config: object) => kit.loss(heads, gt, config as O), shapes, randomGt(2, 12, 2, 3), 5, suite.scale),
    encodingKeys: suite.encodingKeys,
  });
}
