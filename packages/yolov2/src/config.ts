import { checks, resolveConfig, type ConfigOptions, type ConfigSchema } from '@yolo-loss/backend';
import { gridWH as gridSizeWH } from '@yolo-loss/geometry';
import { yolov2Presets, type Yolov2Config } from './presets.js';

/** The preset names: `paper` (the seed's formulas) and `darknet` (AlexeyAB's region layer). */
export type Yolov2Preset = keyof typeof yolov2Presets;

/** Options of every YOLOv2 entry point: a preset and any subset of {@link Yolov2Config}'s keys. */
export type Yolov2Options = ConfigOptions<Yolov2Config, Yolov2Preset>;

/** A fully resolved configuration: every key set, plus the preset it came from. */
export type ResolvedYolov2Config = Readonly<Yolov2Config> & { readonly preset: Yolov2Preset };

const schema: ConfigSchema<Yolov2Config> = {
  gridSize: checks.gridSize,
  numClasses: checks.positiveInteger,
  anchors: checks.anchors,
  lambdaCoord: checks.nonNegative,
  lambdaObj: checks.nonNegative,
  lambdaNoobj: checks.nonNegative,
  lambdaClass: checks.nonNegative,
  ignoreThreshold: checks.unitInterval,
  rescore: checks.boolean,
  reduction: checks.oneOf('mean', 'sum'),
};

const resolved = new WeakSet<object>();

/**
 * Resolves YOLOv2 options: the preset's defaults (`paper` unless `preset` says otherwise),
 * overridden key by key, every value validated.
 *
 * The preset also selects semantics that no key covers (LOSSES.md §2): `paper` uses squared
 * errors in grid-cell units with the `(2 − ŵ·ĥ)` weight, squared-error softmax classes and the
 * first GT winning a slot; `darknet` uses ½·squared error, `t`-space `tw, th`, no `(2 − ŵ·ĥ)`,
 * softmax cross-entropy classes and the last GT winning a slot.
 *
 * @param options - `{ preset?, ...keys }`; unknown keys are an error.
 * @returns the frozen configuration.
 * @throws TypeError naming the key and what was expected.
 */
export function resolveYolov2Config(options?: Yolov2Options): ResolvedYolov2Config {
  const config = resolveConfig('yolov2', yolov2Presets, schema, options);
  resolved.add(config);
  return config;
}

/** `[W, H]` of a resolved config's `gridSize`. */
export function gridWH(config: Readonly<Yolov2Config>): [number, number] {
  return gridSizeWH(config.gridSize);
}

/** Channels per cell: `A·(5 + C)`. */
export function channelsPerCell(config: Readonly<Yolov2Config>): number {
  return config.anchors.length * (5 + config.numClasses);
}

/** `options` itself when it came from {@link resolveYolov2Config}, else its resolution. */
export function toConfig(options: Yolov2Options | ResolvedYolov2Config | undefined): ResolvedYolov2Config {
  if (options !== undefined && resolved.has(options)) return options as ResolvedYolov2Config;
  return resolveYolov2Config(options);
}
