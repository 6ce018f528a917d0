import { checks, resolveConfig, type Check, type ConfigOptions, type ConfigSchema } from '@yolo-loss/backend';
import { yolov8Presets, type Yolov8Config } from './presets.js';

/** The presets of YOLOv8: `ultralytics` (the only one, the default). */
export type Yolov8Preset = 'ultralytics';

/** `{ preset?, ...any config key }`: unspecified keys come from the preset. */
export type Yolov8Options = ConfigOptions<Yolov8Config, Yolov8Preset>;

/** A fully resolved configuration: every key, no preset name (pass it anywhere options go). */
export type ResolvedYolov8Config = Readonly<Yolov8Config>;

const isNonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** One finite number >= 0, or a non-empty list of them (one per class). */
const numberOrList: Check = (v) =>
  isNonNegative(v) || (Array.isArray(v) && v.length > 0 && v.every(isNonNegative))
    ? undefined
    : 'must be a finite number >= 0 or a list of them (one per class)';

/** One check per key. */
export const yolov8Schema: ConfigSchema<Yolov8Config> = {
  numClasses: checks.positiveInteger,
  inputSize: checks.size2,
  regMax: (v) => (Number.isInteger(v) && (v as number) >= 2 ? undefined : 'must be an integer >= 2'),
  lambdaCoord: checks.nonNegative,
  lambdaClass: checks.nonNegative,
  lambdaDfl: checks.nonNegative,
  assignerTopK: checks.positiveInteger,
  assignerAlpha: checks.nonNegative,
  assignerBeta: checks.nonNegative,
  classPosWeight: numberOrList,
  reduction: checks.reduction,
};

/** Checks between keys: one class weight per class. */
function crossCheck(c: Readonly<Yolov8Config>): string | undefined {
  if (Array.isArray(c.classPosWeight) && c.classPosWeight.length !== c.numClasses) {
    return `config key 'classPosWeight' must be one number or one weight per class (numClasses = ${c.numClasses}), got ${c.classPosWeight.length} weights`;
  }
  return undefined;
}

/**
 * Resolves the YOLOv8 configuration: the `ultralytics` preset's values, then every key given.
 * Throws a `YoloInputError` naming the key on a bad value, an unknown key, or a `classPosWeight`
 * list that is not one weight per class.
 *
 * @param options - `{ preset?, ...config keys }` (docs/losses/yolov8.md).
 * @returns the frozen configuration: every key, no preset name; it resolves to itself.
 */
export function resolveYolov8Config(options?: Yolov8Options): ResolvedYolov8Config {
  return resolveConfig('yolov8', yolov8Presets, yolov8Schema, options, crossCheck);
}
