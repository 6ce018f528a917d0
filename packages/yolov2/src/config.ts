import { checks, resolveConfig, type ConfigOptions, type ConfigSchema } from '@yolo-loss/backend';
import { gridWH as gridSizeWH } from '@yolo-loss/heads';
import { yolov2Presets, type Yolov2Config } from './presets.js';

/** The preset names: `paper` (the paper's formulas, the default) and `darknet` (AlexeyAB's region layer). */
export type Yolov2Preset = keyof typeof yolov2Presets;

/** Options of every YOLOv2 entry point: a preset and any subset of {@link Yolov2Config}'s keys. */
export type Yolov2Options = ConfigOptions<Yolov2Config, Yolov2Preset>;

/** A fully resolved configuration: every key, no preset name (pass it anywhere options go). */
export type ResolvedYolov2Config = Readonly<Yolov2Config>;

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
  sizeLoss: checks.oneOf('grid-cells', 'log-space'),
  smallBoxWeight: checks.boolean,
  classLoss: checks.oneOf('softmax-sse', 'softmax-ce'),
  slotConflict: checks.oneOf('first-wins', 'last-wins'),
  squaredErrorScale: checks.positive,
  reduction: checks.reduction,
};

/**
 * Resolves YOLOv2 options: the preset's values (`paper` unless `preset` says otherwise), overridden
 * key by key, every value validated. A preset is only a record of values for these keys.
 *
 * @param options - `{ preset?, ...keys }`; unknown keys are an error.
 * @returns the frozen configuration.
 * @throws TypeError naming the key and what was expected.
 */
export function resolveYolov2Config(options?: Yolov2Options): ResolvedYolov2Config {
  return resolveConfig('yolov2', yolov2Presets, schema, options);
}

/** `[W, H]` of a resolved config's `gridSize`. */
export function gridWH(config: Readonly<Yolov2Config>): [number, number] {
  return gridSizeWH(config.gridSize);
}

/** Channels per cell: `A·(5 + C)`. */
export function channelsPerCell(config: Readonly<Yolov2Config>): number {
  return config.anchors.length * (5 + config.numClasses);
}
