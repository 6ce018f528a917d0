import { checks, type ConfigOptions, type ConfigSchema } from '@yolo-loss/backend';
import { gridWH as gridSizeWH, type SingleHeadSpec } from '@yolo-loss/heads';
import type { yolov2Presets} from './presets.js';
import { type Yolov2Config } from './presets.js';

/** The preset names: `paper` (the paper's formulas, the default) and `darknet` (AlexeyAB's region layer). */
export type Yolov2Preset = keyof typeof yolov2Presets;

/** Options of every YOLOv2 entry point: a preset and any subset of {@link Yolov2Config}'s keys. */
export type Yolov2Options = ConfigOptions<Yolov2Config, Yolov2Preset>;

/** A fully resolved configuration: every key, no preset name (pass it anywhere options go). */
export type ResolvedYolov2Config = Readonly<Yolov2Config>;

/** One check per key. */
export const yolov2Schema: ConfigSchema<Yolov2Config> = {
  gridSize: checks.gridSize,
  inputSize: checks.size2,
  numClasses: checks.positiveInteger,
  anchors: checks.anchors,
  anchorUnits: checks.oneOf('grid', 'pixels'),
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

/** `[W, H]` of a resolved config's `gridSize`. */
export function gridWH(config: Readonly<Yolov2Config>): [number, number] {
  return gridSizeWH(config.gridSize);
}

/** Channels per cell: `A·(5 + C)`. */
export function channelsPerCell(config: Readonly<Yolov2Config>): number {
  return config.anchors.length * (5 + config.numClasses);
}

/** The prediction tensor a config implies: `[N, H, W, A·(5 + C)]`, and how its channels come about. */
export function yolov2Layout(config: Readonly<Yolov2Config>): SingleHeadSpec {
  const [W, H] = gridWH(config);
  const ch = channelsPerCell(config);
  const explain = `gridSize ${W}×${H}, ${config.anchors.length} anchors, numClasses ${config.numClasses}: A·(5 + C) = ${ch}`;
  return { gridH: H, gridW: W, channels: ch, explain };
}

/** The anchors in grid cells (`anchorUnits: 'pixels'`: divided by the input pixels per cell on each axis). */
export function anchorsInCells(config: Readonly<Yolov2Config>): readonly (readonly [number, number])[] {
  if (config.anchorUnits === 'grid') return config.anchors;
  const [W, H] = gridWH(config);
  const [sx, sy] = [config.inputSize[0] / W, config.inputSize[1] / H];
  return config.anchors.map(([w, h]) => [w / sx, h / sy] as const);
}
