import { checks, type ConfigOptions, type ConfigSchema } from '@yolo-loss/backend';
import { gridWH as gridSizeWH, type SingleHeadSpec } from '@yolo-loss/heads';
import type { yolov1Presets} from './presets.js';
import { type Yolov1Config } from './presets.js';

/** The preset names: `paper` (the paper's formulas, the default) and `darknet` (Darknet's detection layer). */
export type Yolov1Preset = keyof typeof yolov1Presets;

/** Options of every YOLOv1 entry point: a preset and any subset of {@link Yolov1Config}'s keys. */
export type Yolov1Options = ConfigOptions<Yolov1Config, Yolov1Preset>;

/** A fully resolved configuration: every key, no preset name (pass it anywhere options go). */
export type ResolvedYolov1Config = Readonly<Yolov1Config>;

/** One check per key. */
export const yolov1Schema: ConfigSchema<Yolov1Config> = {
  gridSize: checks.gridSize,
  inputSize: checks.size2,
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

/** `[W, H]` of a resolved config's `gridSize`. */
export function gridWH(config: Readonly<Yolov1Config>): [number, number] {
  return gridSizeWH(config.gridSize);
}

/** Channels per cell: `B·5 + C`. */
export function channelsPerCell(config: Readonly<Yolov1Config>): number {
  return config.boxesPerCell * 5 + config.numClasses;
}

/** The prediction tensor a config implies: `[N, H, W, B·5 + C]`, and how its channels come about. */
export function yolov1Layout(config: Readonly<Yolov1Config>): SingleHeadSpec {
  const [W, H] = gridWH(config);
  const ch = channelsPerCell(config);
  const explain = `gridSize ${W}×${H}, boxesPerCell ${config.boxesPerCell}, numClasses ${config.numClasses}: B·5 + C = ${ch}`;
  return { gridH: H, gridW: W, channels: ch, explain };
}
