import * as tf from '@tensorflow/tfjs-core';
import {
  prepareTfjs,
  resolveConfig,
  type ConfigOptions,
  type ConfigSchema,
  type LossResult,
  type LossStats,
} from '@yolo-loss/backend';
import { normalizeGroundTruth, type Detection, type GroundTruthInput, type GtBox } from '@yolo-loss/geometry';
import { selectDetections, splitGridDecodeOptions, type GridDecodeOptions } from '../decode/detections.js';
import { checkSingleHead, type SingleHeadSpec } from '../validate/heads.js';

/** What every one-head version's encoded targets carry. */
export interface GridHeadTargets<S extends LossStats = LossStats> {
  /** `'<version>-targets'`, e.g. `'yolov1-targets'`. */
  readonly kind: string;
  readonly batchSize: number;
  readonly stats: Readonly<S>;
}

/**
 * What a one-head loss package (YOLOv1, YOLOv2 style: one `[N, H, W, channels]` prediction) states
 * about itself: its presets and key checks, the head layout its config implies, and the parts that
 * differ from version to version — encoding, the terms, the assignment read-back and the boxes and
 * scores it decodes. The shared flow (validation, targets, tidying, reduction of the batch, NMS)
 * comes from {@link defineGridHeadVersion}.
 */
export interface GridHeadVersionDefinition<C extends object, P extends string, T extends GridHeadTargets, A> {
  /** The version, e.g. `'yolov1'`: messages and the targets' `kind`. */
  name: string;
  /** The npm package, for the single-tfjs check's message. */
  packageName: string;
  /** Every preset as a full record of the keys (the first is the default). */
  presets: Readonly<Record<P, Readonly<C>>>;
  /** One check per key. */
  schema: ConfigSchema<C>;
  /** The prediction tensor the config implies (grid, channels, and how they come about). */
  layout: (config: Readonly<C>) => SingleHeadSpec;
  /** Encodes validated boxes (one list per image) into targets, on the CPU. */
  encode: (boxes: readonly (readonly GtBox[])[], config: Readonly<C>) => T;
  /** Why pre-encoded targets do not fit this call (`undefined` when they fit). */
  targetsMismatch: (targets: T, config: Readonly<C>, batchSize: number) => string | undefined;
  /** The four terms, reduced over the batch (runs inside a `tf.tidy`). */
  terms: (pred: tf.Tensor4D, targets: T, config: Readonly<C>) => Omit<LossResult, 'stats'>;
  /** The assignment the loss uses, read back (async). */
  assignment: (pred: tf.Tensor4D, targets: T, config: Readonly<C>) => Promise<A>;
  /** Boxes `[N, P, 4]` (image-normalised `xywh`) and class scores `[N, P, C]` (runs inside a `tf.tidy`). */
  detections: (pred: tf.Tensor4D, config: Readonly<C>) => [tf.Tensor3D, tf.Tensor3D];
}

/** The functions of one one-head loss version, built by {@link defineGridHeadVersion}. */
export interface GridHeadVersion<C extends object, P extends string, T extends GridHeadTargets, A> {
  readonly definition: GridHeadVersionDefinition<C, P, T, A>;
  /** Preset values, then every key given, validated; the result holds every key and no preset name. */
  readonly resolveConfig: (options?: ConfigOptions<C, P>) => Readonly<C>;
  /** The loss terms and the targets' stats. */
  readonly loss: (
    predictions: tf.Tensor4D | readonly tf.Tensor4D[],
    groundTruth: GroundTruthInput | T,
    options?: ConfigOptions<C, P>,
  ) => LossResult<T['stats']>;
  /** The prediction-independent targets, ahead of the step (`batchSize` is needed for a flat `Float32Array`). */
  readonly encodeTargets: (groundTruth: GroundTruthInput, options?: ConfigOptions<C, P>, batchSize?: number) => T;
  /** The assignment the loss uses, read back (async). */
  readonly assignment: (
    predictions: tf.Tensor4D | readonly tf.Tensor4D[],
    groundTruth: GroundTruthInput | T,
    options?: ConfigOptions<C, P>,
  ) => Promise<A>;
  /** Detections per image. */
  readonly decode: (
    predictions: tf.Tensor4D | readonly tf.Tensor4D[],
    options?: ConfigOptions<C, P> & GridDecodeOptions,
  ) => Promise<Detection[][]>;
}

/**
 * Builds a one-head loss version from its definition: config resolution, prediction checks, the
 * targets (encoded here or checked when pre-encoded), the loss under `tf.tidy`, the assignment
 * read-back and decoding with score threshold and NMS.
 */
export function defineGridHeadVersion<C extends object & { numClasses: number }, P extends string, T extends GridHeadTargets, A>(
  definition: GridHeadVersionDefinition<C, P, T, A>,
): GridHeadVersion<C, P, T, A> {
  const { name, packageName } = definition;
  const title = name.charAt(0).toUpperCase() + name.slice(1);
  const resolve = (options: ConfigOptions<C, P> | undefined): Readonly<C> =>
    resolveConfig(name, definition.presets, definition.schema, options);
  const check = (predictions: unknown, config: Readonly<C>, where: string): tf.Tensor4D =>
    checkSingleHead(predictions, definition.layout(config), where);

  const targetsFor = (groundTruth: GroundTruthInput | T, batchSize: number, config: Readonly<C>, where: string): T => {
    if (isTargets(groundTruth)) {
      if (groundTruth.kind !== `${name}-targets`) {
        throw new Error(`${where}: groundTruth holds ${groundTruth.kind} (encoded by another loss), not ${name}-targets`);
      }
      const problem = definition.targetsMismatch(groundTruth, config, batchSize);
      if (problem !== undefined) throw new Error(`${where}: ${problem}`);
      return groundTruth;
    }
    const boxes = normalizeGroundTruth(groundTruth, { batchSize, numClasses: config.numClasses });
    return definition.encode(boxes, config);
  };

  return {
    definition,
    resolveConfig: resolve,

    loss: (predictions, groundTruth, options) => {
      prepareTfjs(tf, packageName);
      const where = `${name}Loss`;
      const config = resolve(options);
      const pred = check(predictions, config, where);
      if (pred.shape[0] === 0) {
        throw new Error(
          `${where}: predictions have batch size 0 (an empty batch): the loss needs at least one image (skip the step instead)`,
        );
      }
      const targets = targetsFor(groundTruth, pred.shape[0], config, where);
      const terms = tf.tidy(() => definition.terms(pred, targets, config));
      return { ...terms, stats: { ...targets.stats } };
    },

    encodeTargets: (groundTruth, options, batchSize) => {
      const config = resolve(options);
      const n = batchSize ?? (groundTruth instanceof Float32Array ? undefined : groundTruth.length);
      if (n === undefined || !Number.isInteger(n) || n < 0) {
        throw new Error(
          `encode${title}Targets: batchSize must be a non-negative integer (required for a Float32Array), got ${String(n)}`,
        );
      }
      return definition.encode(normalizeGroundTruth(groundTruth, { batchSize: n, numClasses: config.numClasses }), config);
    },

    assignment: async (predictions, groundTruth, options) => {
      prepareTfjs(tf, packageName);
      const where = `${name}Assignment`;
      const config = resolve(options);
      const pred = check(predictions, config, where);
      const targets = targetsFor(groundTruth, pred.shape[0], config, where);
      return definition.assignment(pred, targets, config);
    },

    decode: async (predictions, options) => {
      const where = `decode${title}`;
      const { config, post } = splitGridDecodeOptions(options, where, (rest) => resolve(rest as ConfigOptions<C, P>));
      const pred = check(predictions, config, where);
      const [boxes, scores] = tf.tidy(() => definition.detections(pred, config));
      try {
        return await selectDetections(boxes, scores, post);
      } finally {
        tf.dispose([boxes, scores]);
      }
    },
  };
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
