import { checks, resolveConfig, type ConfigOptions, type ConfigSchema } from '@yolo-loss/backend';
import { gridWH as gridSizeWH } from '@yolo-loss/heads';
import { yolov1Presets, type Yolov1Config } from './presets.js';

/** The preset names: `paper` (the paper's formulas, the default) and `darknet` (Darknet's detection layer). */
export type Yolov1Preset = keyof typeof yolov1Presets;

/** Options of every YOLOv1 entry point: a preset and any subset of {@link Yolov1Config}'s keys. */
export type Yolov1Options = ConfigOptions<Yolov1Config, Yolov1Preset>;

/** A fully resolved configuration: every key, no preset name (pass it anywhere options go). */
export type ResolvedYolov1Config = Readonly<Yolov1Config>;

const schema: ConfigSchema<Yolov1Config> = {
  gridSize: checks.gridSize,
  boxesPerCell: checks.positiveInteger,
  numClasses: checks.positiveInteger,
  lambdaCoord: checks.nonNegative,
  lambdaObj: checks.nonNegative,
  lambdaNoobj: checks.nonNegative,
  lambdaClass: checks.nonNegative,
  rescore: checks.boolean,
  activation: checks.oneOf('logistic', 'linear'),
  fallbackDistance: checks.oneOf('sqrt-size', 'image-rmse'),
  squaredErrorScale: checks.positive,
  reduction: checks.reduction,
};

/**
 * Resolves YOLOv1 options: the preset's values (`paper` unless `preset` says otherwise), overridden
 * key by key, every value validated. A preset is only a record of values for these keys.
 *
 * @param options - `{ preset?, ...keys }`; unknown keys are an error.
 * @returns the frozen configuration.
 * @throws TypeError naming the key and what was expected.
 */
export function resolveYolov1Config(options?: Yolov1Options): ResolvedYolov1Config {
  return resolveConfig('yolov1', yolov1Presets, schema, options);
}

/** `[W, H]` of a resolved config's `gridSize`. */
export function gridWH(config: Readonly<Yolov1Config>): [number, number] {
  return gridSizeWH(config.gridSize);
}

/** Channels per cell: `B·5 + C`. */
export function channelsPerCell(config: Readonly<Yolov1Config>): number {
  return config.boxesPerCell * 5 + config.numClasses;
}
