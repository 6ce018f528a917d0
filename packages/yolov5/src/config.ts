import {
  checks,
  describeValue,
  resolveConfig,
  type Check,
  type ConfigOptions,
  type ConfigSchema,
} from '@yolo-loss/backend';
import { anchorHeadChecks, checkMasks } from '@yolo-loss/heads';
import { defaultLevelWeights, yolov5Presets, type Yolov5Config } from './presets.js';

/** The presets of YOLOv5: `ultralytics` (the only one, the default). */
export type Yolov5Preset = 'ultralytics';

/** `{ preset?, ...any config key }`: unspecified keys come from the preset. */
export type Yolov5Options = ConfigOptions<Yolov5Config, Yolov5Preset>;

/** A fully resolved configuration: every key, no preset name (pass it anywhere options go). */
export type ResolvedYolov5Config = Readonly<Yolov5Config>;

const isNonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** A list (possibly empty: the cross-check names the count) of finite numbers >= 0. */
const weightList: Check = (v) =>
  Array.isArray(v) && v.every(isNonNegative) ? undefined : 'must be a list of finite numbers >= 0, one per output';

/** One finite number >= 0, or a non-empty list of them (one per class). */
const numberOrList: Check = (v) =>
  isNonNegative(v) || (Array.isArray(v) && v.length > 0 && v.every(isNonNegative))
    ? undefined
    : 'must be a finite number >= 0 or a list of them (one per class)';

/** One check per key. */
export const yolov5Schema: ConfigSchema<Yolov5Config> = {
  numClasses: anchorHeadChecks.numClasses,
  inputSize: anchorHeadChecks.inputSize,
  anchors: anchorHeadChecks.anchors,
  masks: anchorHeadChecks.masks,
  lambdaCoord: anchorHeadChecks.lambdaCoord,
  lambdaObj: anchorHeadChecks.lambdaObj,
  lambdaClass: anchorHeadChecks.lambdaClass,
  anchorThreshold: checks.positive,
  levelWeights: weightList,
  objIouRatio: checks.unitInterval,
  labelSmoothing: checks.unitInterval,
  classPosWeight: numberOrList,
  objPosWeight: checks.nonNegative,
  focalGamma: checks.nonNegative,
  reduction: anchorHeadChecks.reduction,
};

/** Checks between keys: masks against anchors, one level weight per output, one class weight per class. */
function crossCheck(c: Readonly<Yolov5Config>): string | undefined {
  const masks = checkMasks(c.masks, c.anchors.length);
  if (masks !== undefined) return masks;
  if (c.levelWeights.length !== c.masks.length) {
    const why = c.masks.length > 5 ? ' (there is no default beyond 5 outputs)' : '';
    return `config key 'levelWeights' must hold one weight per output: masks has ${c.masks.length} outputs, levelWeights has ${c.levelWeights.length}${why}, got ${describeValue(c.levelWeights)}`;
  }
  if (Array.isArray(c.classPosWeight) && c.classPosWeight.length !== c.numClasses) {
    return `config key 'classPosWeight' must be one number or one weight per class (numClasses = ${c.numClasses}), got ${c.classPosWeight.length} weights`;
  }
  return undefined;
}

/** `levelWeights` the caller did not give follow the number of outputs `masks` gives. */
function deriveLevelWeights(c: Record<string, unknown>, given: ReadonlySet<string>): undefined {
  if (given.has('masks') && !given.has('levelWeights')) {
    c.levelWeights = defaultLevelWeights((c.masks as readonly unknown[]).length);
  }
  return undefined;
}

/**
 * Resolves the YOLOv5 configuration: the `ultralytics` preset's values, then every key given.
 * `levelWeights`, when not given, follows `masks`: `[4, 1, 0.4]` for 3 outputs, else the first
 * `masks.length` of `[4, 1, 0.25, 0.06, 0.02]` (ultralytics' `balance`). Throws a
 * `YoloInputError` naming the key on a bad value, an unknown key, masks that do not use every
 * anchor exactly once, `levelWeights` of the wrong length or a `classPosWeight` list that is not
 * one weight per class.
 *
 * @param options - `{ preset?, ...config keys }` (docs/losses/yolov5.md).
 * @returns the frozen configuration: every key, no preset name; it resolves to itself.
 */
export function resolveYolov5Config(options?: Yolov5Options): ResolvedYolov5Config {
  return resolveConfig('yolov5', yolov5Presets, yolov5Schema, options, crossCheck, deriveLevelWeights);
}
