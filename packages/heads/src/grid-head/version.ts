import * as tf from '@tensorflow/tfjs-core';
import {
  prepareTfjs,
  resolveConfig,
  YoloInputError,
  type ConfigOptions,
  type ConfigSchema,
  type LossResult,
  type LossStats,
  type Reduction,
} from '@yolo-loss/backend';
import { normalizeGroundTruth, type Detection, type GroundTruthInput, type GtBox } from '@yolo-loss/geometry';
import { splitDecodeOptions, type DecodeOptions } from '../decode/decode-options.js';
import { selectDetections } from '../decode/detections.js';
import { chooseImplementation, type LossImplementation } from '../implementation.js';
import { checkSingleHead, type SingleHeadSpec } from '../validate/heads.js';
import { defaultMaxBoxes, layersOptions } from '../version/layers-options.js';
import type { Assignment, LayersLoss, LayersOptions, YoloConfig, YoloVersion } from '../version/yolo-version.js';
import type { GridHeadFusedPart } from './fused.js';

/** What every one-head version's encoded targets carry. */
export interface GridHeadTargets<S extends LossStats = LossStats> {
  /** `'<version>-targets'`, e.g. `'yolov1-targets'`. */
  readonly kind: string;
  readonly batchSize: number;
  readonly stats: Readonly<S>;
}

/** The keys every one-head version has: a grid, the input size it implies, classes, a reduction. */
export interface GridHeadConfig extends YoloConfig {
  /** Grid `S` (a number) or `[W, H]`. */
  readonly gridSize: number | readonly [number, number];
  readonly reduction: Reduction;
}

/**
 * What a one-head loss package (YOLOv1, YOLOv2 style: one `[N, H, W, channels]` prediction) states
 * about itself: its presets and key checks, the head layout its config implies, and the parts that
 * differ from version to version — encoding, the terms, the assignment read-back, the boxes and
 * scores it decodes, and how its targets travel as tfjs-layers `yTrue`. The shared flow
 * (validation, targets, tidying, NMS, the version object) comes from {@link defineGridHeadVersion}.
 *
 * @typeParam X - the targets as tensors (what the terms read).
 * @typeParam A - the assignment read-back in the version's own shape.
 */
export interface GridHeadVersionDefinition<C extends GridHeadConfig, P extends string, T extends GridHeadTargets, X, A> {
  /** The version, e.g. `'yolov1'`: messages and the targets' `kind`. */
  name: string;
  /** The npm package, for the single-tfjs check's message. */
  packageName: string;
  /** Every preset as a full record of the keys (the first is the default). */
  presets: Readonly<Record<P, Readonly<C>>>;
  /** One check per key. */
  schema: ConfigSchema<C>;
  /** The architecture's input pixels per cell, for `inputSize` ⇄ `gridSize` (YOLOv1 64, YOLOv2 32). */
  stride: number;
  /** Checks between keys. */
  crossCheck?: (config: Readonly<C>) => string | undefined;
  /** The prediction tensor the config implies (grid, channels, and how they come about). */
  layout: (config: Readonly<C>) => SingleHeadSpec;
  /** Encodes validated boxes (one list per image) into targets, on the CPU. */
  encode: (boxes: readonly (readonly GtBox[])[], config: Readonly<C>) => T;
  /** Why pre-encoded targets do not fit this call (`undefined` when they fit). */
  targetsMismatch: (targets: T, config: Readonly<C>, batchSize: number) => string | undefined;
  /** The targets as tensors, uploaded from the CPU (runs inside a `tf.tidy`). */
  upload: (targets: T, config: Readonly<C>) => X;
  /** The four terms, reduced over the batch, from composed tfjs ops (runs inside a `tf.tidy`): the reference, on any backend. */
  terms: (pred: tf.Tensor4D, targets: X, config: Readonly<C>) => Omit<LossResult, 'stats'>;
  /**
   * The same terms through a fused backend kernel (one pass over the predictions), where the
   * active backend has it; without this part the loss always runs {@link terms}.
   */
  fused?: GridHeadFusedPart<Readonly<C>, T>;
  /** The assignment the loss uses, read back (async). */
  readAssignment: (pred: tf.Tensor4D, targets: T, config: Readonly<C>) => Promise<A>;
  /** The version's read-back in the shape every version shares. */
  toAssignment: (assignment: A) => Assignment;
  /** Boxes `[N, P, 4]` (image-normalised `xywh`) and class scores `[N, P, C]` (runs inside a `tf.tidy`). */
  detections: (pred: tf.Tensor4D, config: Readonly<C>) => [tf.Tensor3D, tf.Tensor3D];
  /** Packs the targets into the `[N, H·W·channels]` values of tfjs-layers `yTrue` (see the version's notes). */
  pack: (targets: T, config: Readonly<C>, maxBoxes: number, where: string) => Float32Array;
  /** Unpacks `yTrue` on the device into the targets as tensors (runs inside a `tf.tidy`; no GPU→CPU read). */
  unpack: (yTrue: tf.Tensor, config: Readonly<C>, maxBoxes: number) => X;
}

/** Options of a one-head loss call: config keys, the preset, and which implementation runs. */
export type GridHeadLossOptions<C extends object, P extends string> = ConfigOptions<C, P> & {
  implementation?: LossImplementation;
};

/** The functions of one one-head loss version, built by {@link defineGridHeadVersion}. */
export interface GridHeadVersion<C extends GridHeadConfig, P extends string, T extends GridHeadTargets, X, A>
  extends YoloVersion<C, ConfigOptions<C, P>, T> {
  readonly definition: GridHeadVersionDefinition<C, P, T, X, A>;
  /**
   * The loss terms and the targets' stats (`outputs`: one tensor, or an array of one);
   * `options.implementation` picks the fused kernel or the composed ops (default `'auto'`).
   */
  loss(
    this: void,
    outputs: tf.Tensor4D | readonly tf.Tensor4D[],
    groundTruth: GroundTruthInput | T,
    options?: GridHeadLossOptions<C, P>,
  ): LossResult<T['stats']>;
  /** The prediction-independent targets (`batchSize` is needed for a flat `Float32Array`). */
  encodeTargets(this: void, groundTruth: GroundTruthInput, options?: ConfigOptions<C, P>, batchSize?: number): T;
  /** Detections per image (also takes the older `iouThreshold` for `nmsThreshold`). */
  decode(
    this: void,
    outputs: tf.Tensor4D | readonly tf.Tensor4D[],
    options?: ConfigOptions<C, P> & DecodeOptions & { iouThreshold?: number },
  ): Promise<Detection[][]>;
  /** The assignment in the version's own earlier shape, for `yolovNAssignment`. */
  versionAssignment(
    this: void,
    outputs: tf.Tensor4D | readonly tf.Tensor4D[],
    groundTruth: GroundTruthInput | T,
    options?: ConfigOptions<C, P>,
  ): Promise<A>;
}

/**
 * Builds a one-head loss version from its definition: config resolution (with `inputSize` ⇄
 * `gridSize`), prediction checks, the targets (encoded here or checked when pre-encoded), the loss
 * under `tf.tidy` (the fused kernel where the backend has it, else the composed terms), the
 * assignment read-back, decoding with score threshold and NMS, and the tfjs-layers adapters
 * (composed).
 */
export function defineGridHeadVersion<C extends GridHeadConfig, P extends string, T extends GridHeadTargets, X, A>(
  definition: GridHeadVersionDefinition<C, P, T, X, A>,
): GridHeadVersion<C, P, T, X, A> {
  const { name, packageName } = definition;
  const title = name.charAt(0).toUpperCase() + name.slice(1);
  const resolve = (options: ConfigOptions<C, P> | undefined): Readonly<C> =>
    resolveConfig(name, definition.presets, definition.schema, options, definition.crossCheck, (c, given) =>
      deriveGrid(c as Record<string, unknown> & { gridSize: C['gridSize']; inputSize: C['inputSize'] }, given, definition.stride),
    );
  const layersMaxBoxes = (config: Readonly<C>): number => {
    const { gridH, gridW, channels } = definition.layout(config);
    return defaultMaxBoxes([gridH * gridW * channels]);
  };
  const check = (predictions: unknown, config: Readonly<C>, where: string): tf.Tensor4D =>
    checkSingleHead(predictions, definition.layout(config), where);

  const targetsFor = (groundTruth: GroundTruthInput | T, batchSize: number, config: Readonly<C>, where: string): T => {
    if (isTargets(groundTruth)) {
      if (groundTruth.kind !== `${name}-targets`) {
        throw new YoloInputError(`${where}: groundTruth holds ${groundTruth.kind} (encoded by another loss), not ${name}-targets`);
      }
      const problem = definition.targetsMismatch(groundTruth, config, batchSize);
      if (problem !== undefined) throw new YoloInputError(`${where}: ${problem}`);
      return groundTruth;
    }
    const boxes = normalizeGroundTruth(groundTruth, { batchSize, numClasses: config.numClasses });
    return definition.encode(boxes, config);
  };

  const encodeTargets = (groundTruth: GroundTruthInput, options?: ConfigOptions<C, P>, batchSize?: number): T => {
    const config = resolve(options);
    const n = batchSize ?? (groundTruth instanceof Float32Array ? undefined : groundTruth.length);
    if (n === undefined || !Number.isInteger(n) || n < 0) {
      throw new YoloInputError(
        `encode${title}Targets: batchSize must be a non-negative integer (required for a Float32Array), got ${String(n)}`,
      );
    }
    return definition.encode(normalizeGroundTruth(groundTruth, { batchSize: n, numClasses: config.numClasses }), config);
  };

  const versionAssignment = async (
    outputs: tf.Tensor4D | readonly tf.Tensor4D[],
    groundTruth: GroundTruthInput | T,
    options?: ConfigOptions<C, P>,
  ): Promise<A> => {
    prepareTfjs(tf, packageName);
    const where = `${name}Assignment`;
    const config = resolve(options);
    const pred = check(outputs, config, where);
    const targets = targetsFor(groundTruth, pred.shape[0], config, where);
    return definition.readAssignment(pred, targets, config);
  };

  const layersLoss = (options: (ConfigOptions<C, P> & LayersOptions) | undefined, metric?: 'box' | 'obj' | 'noobj' | 'cls'): LayersLoss[] => {
    const where = `${name}.layersLoss`;
    const { maxBoxes: given, rest } = layersOptions(options, where);
    const config = resolve(rest as ConfigOptions<C, P>);
    const maxBoxes = given ?? layersMaxBoxes(config);
    prepareTfjs(tf, packageName);
    const fn: LayersLoss = (yTrue, yPred) =>
      tf.tidy(() => {
        const terms = definition.terms(yPred as tf.Tensor4D, definition.unpack(yTrue, config, maxBoxes), config);
        return metric === undefined ? terms.total : terms[metric];
      });
    if (metric !== undefined) Object.defineProperty(fn, 'name', { value: metric });
    return [fn];
  };

  return {
    definition,
    name,
    presets: Object.keys(definition.presets),
    resolveConfig: (options) => resolve(options),
    outputShapes: (options) => {
      const { gridH, gridW, channels } = definition.layout(resolve(options));
      return [[gridH, gridW, channels]];
    },

    loss: (outputs, groundTruth, options) => {
      prepareTfjs(tf, packageName);
      const where = `${name}Loss`;
      const [fused, configOptions] = chooseImplementation(options, definition.fused?.kernel, where);
      const config = resolve(configOptions);
      const pred = check(outputs, config, where);
      if (pred.shape[0] === 0) {
        throw new YoloInputError(
          `${where}: predictions have batch size 0 (an empty batch): the loss needs at least one image (skip the step instead)`,
        );
      }
      const targets = targetsFor(groundTruth, pred.shape[0], config, where);
      const terms = tf.tidy(() =>
        fused
          ? definition.fused!.terms(pred, targets, config)
          : definition.terms(pred, definition.upload(targets, config), config),
      );
      return { ...terms, stats: { ...targets.stats } };
    },

    encodeTargets,

    decode: async (outputs, options) => {
      const where = `decode${title}`;
      const { post, rest } = splitDecodeOptions(options, where, { iouThreshold: 'nmsThreshold' });
      const config = resolve(rest as ConfigOptions<C, P>);
      const pred = check(outputs, config, where);
      const [boxes, scores] = tf.tidy(() => definition.detections(pred, config));
      try {
        return await selectDetections(boxes, scores, post);
      } finally {
        tf.dispose([boxes, scores]);
      }
    },

    versionAssignment,
    assignment: async (outputs, groundTruth, options) =>
      definition.toAssignment(await versionAssignment(outputs, groundTruth, options)),

    layersLoss: (options) => layersLoss(options),
    layersMetrics: (options) => [(['box', 'obj', 'noobj', 'cls'] as const).map((term) => layersLoss(options, term)[0]!)],
    layersTargets: (groundTruth, options) => {
      const where = `${name}.layersTargets`;
      const { maxBoxes: given, rest } = layersOptions(options, where);
      const config = resolve(rest as ConfigOptions<C, P>);
      const maxBoxes = given ?? layersMaxBoxes(config);
      const targets = encodeTargets(groundTruth, config);
      const { gridH, gridW, channels } = definition.layout(config);
      return [tf.tensor4d(definition.pack(targets, config, maxBoxes, where), [targets.batchSize, gridH, gridW, channels])];
    },
  };
}

/**
 * `gridSize` and `inputSize` follow from each other through the architecture's stride: only
 * `inputSize` given → `gridSize = inputSize / stride`; only `gridSize` → `inputSize = gridSize ·
 * stride`; both → `inputSize` must be a whole number of cells per axis.
 */
function deriveGrid(
  c: Record<string, unknown> & { gridSize: number | readonly [number, number]; inputSize: readonly [number, number] },
  given: ReadonlySet<string>,
  stride: number,
): string | undefined {
  const grid = typeof c.gridSize === 'number' ? [c.gridSize, c.gridSize] : [...c.gridSize];
  if (given.has('inputSize') && !given.has('gridSize')) {
    const [w, h] = c.inputSize;
    if (w % stride !== 0 || h % stride !== 0) {
      return `config key 'inputSize' [${w}, ${h}] is not a multiple of this version's ${stride} input pixels per cell: give 'gridSize' too`;
    }
    c.gridSize = w === h ? w / stride : ([w / stride, h / stride] as const);
    return undefined;
  }
  if (given.has('gridSize') && !given.has('inputSize')) {
    c.inputSize = [grid[0]! * stride, grid[1]! * stride];
    return undefined;
  }
  if (c.inputSize[0] % grid[0]! !== 0 || c.inputSize[1] % grid[1]! !== 0) {
    return `config keys 'inputSize' [${c.inputSize.join(', ')}] and 'gridSize' ${JSON.stringify(c.gridSize)} disagree: inputSize must be a whole number of cells per axis`;
  }
  return undefined;
}

function isTargets(gt: unknown): gt is GridHeadTargets {
  return (
    typeof gt === 'object' &&
    gt !== null &&
    !Array.isArray(gt) &&
    !(gt instanceof Float32Array) &&
    typeof (gt as { kind?: unknown }).kind === 'string'
  );
}
