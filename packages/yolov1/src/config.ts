import { checks, resolveConfig, type ConfigOptions, type ConfigSchema } from '@yolo-loss/backend';
import { gridWH as gridSizeWH } from '@yolo-loss/geometry';
import { yolov1Presets, type Yolov1Config } from './presets.js';

/** The preset names: `paper` (the seed's formulas) and `darknet` (Darknet's detection layer). */
export type Yolov1Preset = keyof typeof yolov1Presets;

/** Options of every YOLOv1 entry point: a preset and any subset of {@link Yolov1Config}'s keys. */
export type Yolov1Options = ConfigOptions<Yolov1Config, Yolov1Preset>;

/** A fully resolved configuration: every key set, plus the preset it came from. */
export type ResolvedYolov1Config = Readonly<Yolov1Config> & { readonly preset: Yolov1Preset };

const schema: ConfigSchema<Yolov1Config> = {
  gridSize: checks.gridSize,
  boxesPerCell: checks.positiveInteger,
  numClasses: checks.positiveInteger,
  lambdaCoord: checks.nonNegative,
  lambdaObj: checks.nonNegative,
  lambdaNoobj: checks.nonNegative,
  lambdaClass: checks.nonNegative,
  rescore: checks.boolean,
  reduction: checks.oneOf('mean', 'sum'),
};

/**
 * Resolves YOLOv1 options: the preset's defaults (`paper` unless `preset` says otherwise),
 * overridden key by key, every value validated.
 *
 * The preset also selects semantics that no key covers (LOSSES.md §1): `paper` decodes every
 * output through σ with softmax classes and squared errors; `darknet` reads every output as
 * linear (`√w = tw`, `√h = th`, raw confidence and class scores) with ½·squared error.
 *
 * @param options - `{ preset?, ...keys }`; unknown keys are an error.
 * @returns the frozen configuration.
 * @throws TypeError naming the key and what was expected.
 */
export function resolveYolov1Config(options?: Yolov1Options): ResolvedYolov1Config {
  const config = resolveConfig('yolov1', yolov1Presets, schema, options);
  resolved.add(config);
  return config;
}

const resolved = new WeakSet<object>();

/** `[W, H]` of a resolved config's `gridSize`. */
export function gridWH(config: Readonly<Yolov1Config>): [number, number] {
  return gridSizeWH(config.gridSize);
}

/** Channels per cell: `B·5 + C`. */
export function channelsPerCell(config: Readonly<Yolov1Config>): number {
  return config.boxesPerCell * 5 + config.numClasses;
}

/** `options` itself when it came from {@link resolveYolov1Config}, else its resolution. */
export function toConfig(options: Yolov1Options | ResolvedYolov1Config | undefined): ResolvedYolov1Config {
  if (options !== undefined && resolved.has(options)) return options as ResolvedYolov1Config;
  return resolveYolov1Config(options);
}
