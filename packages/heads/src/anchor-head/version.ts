import * as tf from '@tensorflow/tfjs-core';
import { prepareTfjs, resolveConfig, type ConfigOptions, type ConfigSchema, type LossResult } from '@yolo-loss/backend';
import { ANCHOR_HEAD_KERNEL } from '@yolo-loss/backend/kernels';
import { normalizeGroundTruth, type Detection, type GroundTruthInput } from '@yolo-loss/geometry';
import { detectAnchorHeads } from '../decode/anchor-decode.js';
import { splitHeadDecodeOptions, type HeadDecodeOptions } from '../decode/detections.js';
import { chooseImplementation, type LossImplementation } from '../implementation.js';
import { checkHeadTargets, checkHeads, slotStats, type HeadShape, type SlotStats } from '../validate/heads.js';
import { readAnchorHeadAssignment, type AnchorHeadAssignment } from './assignment.js';
import { composedAnchorHeadTerms } from './composed.js';
import { fusedAnchorHeadTerms } from './fused.js';
import { defaultGridSizes } from './grids.js';
import { checkMasks } from './masks.js';
import type { AnchorHeadSpec } from './spec.js';
import { encodeAnchorHeadTargets, type AnchorHeadTargets } from './targets.js';

/**
 * What an anchor-head loss package states about itself — its name, presets, key checks and how its
 * keys map onto the shared core's {@link AnchorHeadSpec} — and nothing else.
 */
export interface AnchorHeadVersionDefinition<C extends object, P extends string> {
  /** The version, e.g. `'yolov3'`: messages and the targets' `kind`. */
  name: string;
  /** The npm package, for the single-tfjs check's message. */
  packageName: string;
  /** Every preset as a full record of the keys (the first is the default). */
  presets: Readonly<Record<P, Readonly<C>>>;
  /** One check per key. */
  schema: ConfigSchema<C>;
  /** Checks between keys (masks are checked against the anchors already). */
  crossCheck?: (config: Readonly<C>) => string | undefined;
  /** The version's keys as the core's behaviour. */
  toSpec: (config: Readonly<C>) => AnchorHeadSpec;
}

/** Options of `encodeTargets`: config keys plus the head grids. */
export interface EncodeAnchorHeadOptions {
  /**
   * `[W, H]` of each head's grid. Default: `inputSize / stride` with strides 32, 16, 8, … given
   * to the heads in order of decreasing largest anchor (Darknet's layout).
   */
  gridSizes?: readonly (readonly [number, number])[];
  /** Images in the batch; needed only for a flat `Float32Array`. */
  batchSize?: number;
}

/** Options of a loss call: config keys, the preset, and which implementation runs. */
export type AnchorHeadLossOptions<C extends object, P extends string> = ConfigOptions<C, P> & {
  implementation?: LossImplementation;
};

/** The functions of one anchor-head loss version, built by {@link defineAnchorHeadVersion}. */
export interface AnchorHeadVersion<C extends object, P extends string> {
  /** The definition it was built from. */
  readonly definition: AnchorHeadVersionDefinition<C, P>;
  /** Preset defaults, then every key given, validated; the result holds every key and no preset name. */
  readonly resolveConfig: (options?: ConfigOptions<C, P>) => Readonly<C>;
  /** The loss terms and stats (see the version package's `yolovNLoss`). */
  readonly loss: (
    predictions: readonly tf.Tensor[],
    groundTruth: GroundTruthInput | AnchorHeadTargets,
    options?: AnchorHeadLossOptions<C, P>,
  ) => LossResult<SlotStats>;
  /** The prediction-independent targets, ahead of the step. */
  readonly encodeTargets: (
    groundTruth: GroundTruthInput,
    options?: ConfigOptions<C, P> & EncodeAnchorHeadOptions,
  ) => AnchorHeadTargets;
  /** The assignment the loss uses, read back (async). */
  readonly assignment: (
    predictions: readonly tf.Tensor[],
    groundTruth: GroundTruthInput,
    options?: ConfigOptions<C, P>,
  ) => Promise<AnchorHeadAssignment>;
  /** Detections per image. */
  readonly decode: (
    predictions: readonly tf.Tensor[],
    options?: ConfigOptions<C, P> & HeadDecodeOptions,
  ) => Promise<Detection[][]>;
}

/**
 * Builds an anchor-head loss version from its data: config resolution, the loss (fused kernels on
 * backends that have them, composed ops elsewhere), target encoding, the assignment read-back and
 * decoding all come from the shared core; the version contributes only its definition.
 */
export function defineAnchorHeadVersion<C extends object & Pick<AnchorHeadSpec, 'anchors' | 'masks'>, P extends string>(
  definition: AnchorHeadVersionDefinition<C, P>,
): AnchorHeadVersion<C, P> {
  const { name, packageName } = definition;
  const title = name.charAt(0).toUpperCase() + name.slice(1);

  const resolve = (options: ConfigOptions<C, P> | undefined): Readonly<C> =>
    resolveConfig(name, definition.presets, definition.schema, options, (c) =>
      checkMasks(c.masks, c.anchors.length) ?? definition.crossCheck?.(c),
    );

  const targetsFor = (
    groundTruth: GroundTruthInput | AnchorHeadTargets,
    config: Readonly<C>,
    spec: AnchorHeadSpec,
    heads: readonly HeadShape[],
    batchSize: number,
    where: string,
  ): AnchorHeadTargets => {
    if (isTargets(groundTruth)) {
      if (groundTruth.kind !== `${name}-targets`) {
        throw new Error(`${where}: groundTruth holds ${groundTruth.kind} (encoded by another loss), not ${name}-targets`);
      }
      return checkHeadTargets(groundTruth, config, heads, batchSize, name);
    }
    const boxes = normalizeGroundTruth(groundTruth, { batchSize, numClasses: spec.numClasses });
    return encodeAnchorHeadTargets(boxes, spec, heads, name, config);
  };

  return {
    definition,
    resolveConfig: resolve,

    loss: (predictions, groundTruth, options) => {
      prepareTfjs(tf, packageName);
      const [fused, configOptions] = chooseImplementation(options, ANCHOR_HEAD_KERNEL, `${name}Loss`);
      const config = resolve(configOptions);
      const spec = definition.toSpec(config);
      const { batchSize, heads } = checkHeads(predictions, spec.masks, spec.numClasses, name);
      if (batchSize === 0) {
        throw new Error(
          `${name}Loss: predictions have batch size 0 (an empty batch): the loss needs at least one image (skip the step instead)`,
        );
      }
      const targets = targetsFor(groundTruth, config, spec, heads, batchSize, `${name}Loss`);
      const terms = fused
        ? fusedAnchorHeadTerms(predictions, targets, spec, heads, batchSize)
        : composedAnchorHeadTerms(predictions, targets, spec, heads, batchSize);
      return { ...terms, stats: slotStats(targets) };
    },

    encodeTargets: (groundTruth, options) => {
      const where = `encode${title}Targets`;
      const { gridSizes, batchSize, ...rest } = options ?? {};
      const config = resolve(rest as ConfigOptions<C, P>);
      const spec = definition.toSpec(config);
      const n = batchSize ?? (groundTruth instanceof Float32Array ? undefined : groundTruth.length);
      if (n === undefined || !Number.isInteger(n) || n < 0) {
        throw new Error(
          `${where}: options.batchSize must be a non-negative integer (required for a Float32Array), got ${String(n)}`,
        );
      }
      const grids = gridSizes ?? defaultGridSizes(spec);
      if (
        grids.length !== spec.masks.length ||
        !grids.every((g) => g.length === 2 && g.every((d) => Number.isInteger(d) && d > 0))
      ) {
        throw new Error(
          `${where}: options.gridSizes must hold one [W, H] of positive integers per mask (${spec.masks.length}), got ${JSON.stringify(grids)}`,
        );
      }
      const boxes = normalizeGroundTruth(groundTruth, { batchSize: n, numClasses: spec.numClasses });
      return encodeAnchorHeadTargets(
        boxes,
        spec,
        grids.map(([w, h]) => ({ gridW: w, gridH: h })),
        name,
        config,
      );
    },

    assignment: async (predictions, groundTruth, options) => {
      prepareTfjs(tf, packageName);
      const config = resolve(options);
      const spec = definition.toSpec(config);
      const { batchSize, heads } = checkHeads(predictions, spec.masks, spec.numClasses, `${name}Assignment`);
      const targets = targetsFor(groundTruth, config, spec, heads, batchSize, `${name}Assignment`);
      return readAnchorHeadAssignment(predictions, targets, spec, heads, batchSize);
    },

    decode: async (predictions, options) => {
      const where = `decode${title}`;
      const { post, rest } = splitHeadDecodeOptions(options, where);
      const spec = definition.toSpec(resolve(rest as ConfigOptions<C, P>));
      return detectAnchorHeads(predictions, spec, post, where);
    },
  };
}

function isTargets(gt: unknown): gt is AnchorHeadTargets {
  return (
    typeof gt === 'object' &&
    gt !== null &&
    !Array.isArray(gt) &&
    typeof (gt as { kind?: unknown }).kind === 'string' &&
    (gt as { kind: string }).kind.endsWith('-targets')
  );
}
