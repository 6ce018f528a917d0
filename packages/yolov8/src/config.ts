import { checks, resolveConfig, type Check, type ConfigOptions, type ConfigSchema, type Reduction } from '@yolo-loss/backend';

/** Every key of the YOLOv8 loss (docs/losses/yolov8.md states what each means). */
export interface Yolov8Config {
  /** Classes `C`. */
  numClasses: number;
  /** `[width, height]` of the network input in pixels; each output's grid is `inputSize / stride`. */
  inputSize: readonly [number, number];
  /** Each output's stride in input pixels, ascending (the model's outputs in this order). */
  strides: readonly number[];
  /** DFL bins per box side (`reg_max`): an output has `4·regMax + C` channels. */
  regMax: number;
  /** Gain of the box (1 − CIoU) term (ultralytics' `hyp.box`). */
  lambdaCoord: number;
  /** Gain of the class BCE term (`hyp.cls`). */
  lambdaClass: number;
  /** Gain of the distribution focal loss term (`hyp.dfl`). */
  lambdaDfl: number;
  /** Anchors each ground-truth box takes by alignment in the task-aligned assigner (`tal_topk`). */
  assignerTopK: number;
  /** Exponent of the class score in the alignment `score^α · IoU^β`. */
  assignerAlpha: number;
  /** Exponent of the IoU in the alignment `score^α · IoU^β`. */
  assignerBeta: number;
  /** `pos_weight` of the class BCE: one number for every class, or one weight per class. */
  classPosWeight: number | readonly number[];
  /**
   * `'sum'` (default): each term × batch size, what ultralytics back-propagates; `'mean'`: the
   * terms ultralytics logs (normalised by the batch's target-score sum, not by the batch size).
   */
  reduction: Reduction;
}

/** The preset names of YOLOv8: only `ultralytics`. */
export type Yolov8Preset = 'ultralytics';
/** `{ preset?, ...any config key }`: unspecified keys come from the preset. */
export type Yolov8Options = ConfigOptions<Yolov8Config, Yolov8Preset>;
/** A fully resolved configuration: every key, no preset name (pass it anywhere options go). */
export type ResolvedYolov8Config = Readonly<Yolov8Config>;

/** The presets, each a full record of the keys: `ultralytics` (`v8DetectionLoss` with the default `hyp`). */
export const yolov8Presets: Readonly<Record<Yolov8Preset, Readonly<Yolov8Config>>> = {
  ultralytics: {
    numClasses: 80,
    inputSize: [640, 640],
    strides: [8, 16, 32],
    regMax: 16,
    lambdaCoord: 7.5,
    lambdaClass: 0.5,
    lambdaDfl: 1.5,
    assignerTopK: 10,
    assignerAlpha: 0.5,
    assignerBeta: 6.0,
    classPosWeight: 1,
    reduction: 'sum',
  },
};

const finiteNonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;

const schema: ConfigSchema<Yolov8Config> = {
  numClasses: checks.positiveInteger,
  inputSize: checks.size2,
  strides: (v) =>
    Array.isArray(v) && v.length > 0 && v.every((s) => Number.isInteger(s) && s > 0) && v.every((s, i) => i === 0 || s > v[i - 1])
      ? undefined
      : 'must be a non-empty, strictly ascending list of positive integers',
  regMax: (v) => (Number.isInteger(v) && (v as number) >= 2 ? undefined : 'must be an integer >= 2'),
  lambdaCoord: checks.nonNegative,
  lambdaClass: checks.nonNegative,
  lambdaDfl: checks.nonNegative,
  assignerTopK: checks.positiveInteger,
  assignerAlpha: checks.nonNegative,
  assignerBeta: checks.nonNegative,
  classPosWeight: ((v) =>
    finiteNonNegative(v) || (Array.isArray(v) && v.length > 0 && v.every(finiteNonNegative))
      ? undefined
      : 'must be a finite number >= 0 or a list of them (one per class)') satisfies Check,
  reduction: checks.reduction,
};

function crossCheck(c: Readonly<Yolov8Config>): string | undefined {
  if (Array.isArray(c.classPosWeight) && c.classPosWeight.length !== c.numClasses) {
    return `config key 'classPosWeight' needs one weight per class (numClasses = ${c.numClasses}), got ${c.classPosWeight.length}`;
  }
  const [w, h] = c.inputSize;
  const bad = c.strides.find((s) => w % s !== 0 || h % s !== 0);
  if (bad !== undefined) {
    return `config key 'inputSize' [${w}, ${h}] must be a multiple of every stride (strides [${c.strides.join(', ')}]; ${bad} does not divide it)`;
  }
  return undefined;
}

/**
 * Resolves the YOLOv8 configuration: the `ultralytics` preset's values, then every key given.
 * Throws a `YoloInputError` naming the key on a bad value or an unknown key, and when `inputSize`
 * is not a multiple of every stride or `classPosWeight` has not one weight per class.
 *
 * @param options - `{ preset?: 'ultralytics', ...config keys }` (docs/losses/yolov8.md).
 * @returns the frozen configuration (every key, no preset name).
 */
export function resolveYolov8Config(options?: Yolov8Options): ResolvedYolov8Config {
  return resolveConfig('yolov8', yolov8Presets, schema, options, crossCheck);
}

/**
 * `[height, width, channels]` of each model output, ascending stride: the grid is
 * `inputSize / stride` and the channels `4·regMax + numClasses` (DFL logits, then class logits).
 * The default config gives `[[80, 80, 144], [40, 40, 144], [20, 20, 144]]`.
 *
 * @param options - config keys (or a resolved config).
 */
export function yolov8OutputShapes(options?: Yolov8Options): [number, number, number][] {
  const c = resolveYolov8Config(options);
  const [w, h] = c.inputSize;
  return c.strides.map((s) => [h / s, w / s, 4 * c.regMax + c.numClasses]);
}
