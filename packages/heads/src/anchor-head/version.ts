import * as tf from '@tensorflow/tfjs-core';
import { prepareTfjs, resolveConfig, YoloInputError, type ConfigOptions, type ConfigSchema, type LossResult } from '@yolo-loss/backend';
import { ANCHOR_HEAD_KERNEL } from '@yolo-loss/backend/kernels';
import { normalizeGroundTruth, type Detection, type GroundTruthInput } from '@yolo-loss/geometry';
import { detectAnchorHeads } from '../decode/anchor-decode.js';
import { splitDecodeOptions, type DecodeOptions } from '../decode/decode-options.js';
import { chooseImplementation, type LossImplementation } from '../implementation.js';
import { checkHeadTargets, checkHeads, slotStats, type HeadShape, type SlotStats } from '../validate/heads.js';
import { defaultMaxBoxes, layersOptions } from '../version/layers-options.js';
import type { Assignment, LayersLoss, LayersOptions, YoloVersion } from '../version/yolo-version.js';
import { readAnchorHeadAssignment, type AnchorHeadAssignment } from './assignment.js';
import { composedAnchorHeadTerms } from './composed.js';
import { fusedAnchorHeadTerms } from './fused.js';
import { darknetStrides, defaultGridSizes } from './grids.js';
import { layersHeadLoss, packedLayout, packLayersTargets } from './layers.js';
import { checkMasks } from './masks.js';
import type { AnchorHeadCommonKeys, AnchorHeadSpec } from './spec.js';
import { uploadGroundTruth, uploadHeadTargets } from './target-tensors.js';
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
  /** Checks between keys (masks, strides and anchors are checked against each other already). */
  crossCheck?: (config: Readonly<C>) => string | undefined;
  /** The version's keys as the core's behaviour. */
  toSpec: (config: Readonly<C>) => AnchorHeadSpec;
}

/** Options of `encodeTargets`: config keys plus the head grids. */
export interface EncodeAnchorHeadOptions {
  /** `[W, H]` of each head's grid. Default: `inputSize / strides` (each head's stride). */
  gridSizes?: readonly (readonly [number, number])[];
  /** Images in the batch; needed only for a flat `Float32Array`. */
  batchSize?: number;
}

/** Options of a loss call: config keys, the preset, and which implementation runs. */
export type AnchorHeadLossOptions<C extends object, P extends string> = ConfigOptions<C, P> & {
  implementation?: LossImplementation;
};

/** The functions of one anchor-head loss version, built by {@link defineAnchorHeadVersion}. */
export interface AnchorHeadVersion<C extends AnchorHeadCommonKeys, P extends string>
  extends YoloVersion<C, ConfigOptions<C, P>, AnchorHeadTargets> {
  /** The definition it was built from. */
  readonly definition: AnchorHeadVersionDefinition<C, P>;
  /** The loss terms and slot stats. */
  loss(
    this: void,
    outputs: readonly tf.Tensor[],
    groundTruth: GroundTruthInput | AnchorHeadTargets,
    options?: AnchorHeadLossOptions<C, P>,
  ): LossResult<SlotStats>;
  /** The prediction-independent targets, ahead of the step (`gridSizes`, `batchSize` optional). */
  encodeTargets(this: void, groundTruth: GroundTruthInput, options?: ConfigOptions<C, P> & EncodeAnchorHeadOptions): AnchorHeadTargets;
  /** The assignment in the earlier per-package shape (slot tuples), for `yolovNAssignment`. */
  slotAssignment(
    this: void,
    outputs: readonly tf.Tensor[],
    groundTruth: GroundTruthInput,
    options?: ConfigOptions<C, P>,
  ): Promise<AnchorHeadAssignment>;
}

/**
 * Builds an anchor-head loss version from its data: config resolution, output shapes, the loss
 * (fused kernels on backends that have them, composed ops elsewhere), target encoding, the
 * assignment read-back, decoding and the tfjs-layers adapters all come from the shared core; the
 * version contributes only its definition.
 */
export function defineAnchorHeadVersion<C extends AnchorHeadCommonKeys, P extends string>(
  definition: AnchorHeadVersionDefinition<C, P>,
): AnchorHeadVersion<C, P> {
  const { name, packageName } = definition;
  const title = name.charAt(0).toUpperCase() + name.slice(1);

  const resolve = (options: ConfigOptions<C, P> | undefined): Readonly<C> =>
    resolveConfig(
        name,
        definition.presets,
        definition.schema,
        options,
        (c) =>
          checkMasks(c.masks, c.anchors.length) ??
          (c.strides.length === c.masks.length
            ? undefined
            : `config key 'strides' needs one stride per output (${c.masks.length}), got ${c.strides.length}`) ??
          definition.crossCheck?.(c),
        (c, given) => deriveStrides(c as unknown as Mutable<AnchorHeadCommonKeys>, given),
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
        throw new YoloInputError(`${where}: groundTruth holds ${groundTruth.kind} (encoded by another loss), not ${name}-targets`);
      }
      return checkHeadTargets(groundTruth, config, heads, batchSize, name);
    }
    const boxes = normalizeGroundTruth(groundTruth, { batchSize, numClasses: spec.numClasses });
    return encodeAnchorHeadTargets(boxes, spec, heads, name, config);
  };

  const prepare = (
    outputs: readonly tf.Tensor[],
    options: ConfigOptions<C, P> | undefined,
    where: string,
  ): { config: Readonly<C>; spec: AnchorHeadSpec; batchSize: number; heads: HeadShape[] } => {
    prepareTfjs(tf, packageName);
    const config = resolve(options);
    const spec = definition.toSpec(config);
    return { config, spec, ...checkHeads(outputs, spec.masks, spec.numClasses, where) };
  };

  const encodeTargets = (
    groundTruth: GroundTruthInput,
    options?: ConfigOptions<C, P> & EncodeAnchorHeadOptions,
  ): AnchorHeadTargets => {
    const where = `encode${title}Targets`;
    const { gridSizes, batchSize, ...rest } = options ?? {};
    const config = resolve(rest as ConfigOptions<C, P>);
    const spec = definition.toSpec(config);
    const n = batchSize ?? (groundTruth instanceof Float32Array ? undefined : groundTruth.length);
    if (n === undefined || !Number.isInteger(n) || n < 0) {
      throw new YoloInputError(
        `${where}: options.batchSize must be a non-negative integer (required for a Float32Array), got ${String(n)}`,
      );
    }
    const grids = gridSizes ?? defaultGridSizes(spec, where);
    if (
      grids.length !== spec.masks.length ||
      !grids.every((g) => g.length === 2 && g.every((d) => Number.isInteger(d) && d > 0))
    ) {
      throw new YoloInputError(
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
  };

  const slotAssignment = async (
    outputs: readonly tf.Tensor[],
    groundTruth: GroundTruthInput,
    options?: ConfigOptions<C, P>,
  ): Promise<AnchorHeadAssignment> => {
    const where = `${name}Assignment`;
    const { config, spec, batchSize, heads } = prepare(outputs, options, where);
    const targets = targetsFor(groundTruth, config, spec, heads, batchSize, where);
    return readAnchorHeadAssignment(outputs, targets, spec, heads, batchSize);
  };

  const shapes = (options?: ConfigOptions<C, P>): [number, number, number][] => {
    const spec = definition.toSpec(resolve(options));
    return defaultGridSizes(spec, `${name}.outputShapes`).map(([w, h], i) => [h, w, spec.masks[i]!.length * (5 + spec.numClasses)]);
  };

  const layersLoss = (options?: ConfigOptions<C, P> & LayersOptions, metric?: 'box' | 'obj' | 'noobj' | 'cls'): LayersLoss[] => {
    const where = `${name}.layersLoss`;
    const { maxBoxes: given, rest } = layersOptions(options, where);
    const spec = definition.toSpec(resolve(rest as ConfigOptions<C, P>));
    const maxBoxes = given ?? layersMaxBoxes(spec, where);
    prepareTfjs(tf, packageName);
    return spec.masks.map((_, h) => {
      const fn = layersHeadLoss(spec, h, maxBoxes, where, metric === undefined ? undefined : [metric]);
      // tfjs-layers names a metric after its function
      if (metric !== undefined) Object.defineProperty(fn, "name", { value: metric });
      return fn;
    });
  };

  return {
    definition,
    name,
    presets: Object.keys(definition.presets),
    resolveConfig: (options) => resolve(options),
    outputShapes: shapes,

    loss: (outputs, groundTruth, options) => {
      const where = `${name}Loss`;
      const [fused, configOptions] = chooseImplementation(options, ANCHOR_HEAD_KERNEL, where);
      const { config, spec, batchSize, heads } = prepare(outputs, configOptions, name);
      if (batchSize === 0) {
        throw new YoloInputError(
          `${where}: predictions have batch size 0 (an empty batch): the loss needs at least one image (skip the step instead)`,
        );
      }
      const targets = targetsFor(groundTruth, config, spec, heads, batchSize, where);
      const terms = fused
        ? fusedAnchorHeadTerms(outputs, targets, spec, heads, batchSize)
        : composedAnchorHeadTerms(
            outputs,
            spec,
            heads,
            batchSize,
            (h) => uploadHeadTargets(targets.heads[h]!, spec.numClasses),
            targets.maxBoxes > 0 ? () => uploadGroundTruth(targets)! : undefined,
          );
      return { ...terms, stats: slotStats(targets) };
    },

    encodeTargets,

    decode: async (outputs, options?: ConfigOptions<C, P> & DecodeOptions): Promise<Detection[][]> => {
      const where = `decode${title}`;
      const { post, rest } = splitDecodeOptions(options, where);
      const spec = definition.toSpec(resolve(rest as ConfigOptions<C, P>));
      return detectAnchorHeads(outputs, spec, post, where);
    },

    slotAssignment,

    assignment: async (outputs, groundTruth, options): Promise<Assignment> => {
      const a = await slotAssignment(outputs, groundTruth, options);
      return {
        responsible: a.responsible.map(([output, image, row, col, anchor], i) => ({
          output,
          image,
          row,
          col,
          anchor,
          gt: a.responsibleGt[i]!,
        })),
        ignored: a.ignored.map(([output, image, row, col, anchor]) => ({ output, image, row, col, anchor })),
        dropped: a.dropped.map(([image, gt, output, row, col, anchor]) => ({ output, image, row, col, anchor, gt })),
      };
    },

    layersLoss: (options) => layersLoss(options),

    layersMetrics: (options) => {
      const perTerm = (['box', 'obj', 'noobj', 'cls'] as const).map((term) => layersLoss(options, term));
      return perTerm[0]!.map((_, h) => perTerm.map((fns) => fns[h]!));
    },

    layersTargets: (groundTruth, options) => {
      const where = `${name}.layersTargets`;
      const { maxBoxes: given, rest } = layersOptions(options, where);
      const config = resolve(rest as ConfigOptions<C, P>);
      const spec = definition.toSpec(config);
      const maxBoxes = given ?? layersMaxBoxes(spec, where);
      const targets = encodeTargets(groundTruth, config);
      const grids = defaultGridSizes(spec, where);
      const layouts = grids.map(([w, h], i) => packedLayout(h, w, spec.masks[i]!.length, spec.numClasses, maxBoxes, where, i));
      return packLayersTargets(targets, layouts, where).map((data, i) => {
        const [w, h] = grids[i]!;
        return tf.tensor4d(data, [targets.batchSize, h, w, spec.masks[i]!.length * (5 + spec.numClasses)]);
      });
    },
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The default `maxBoxes` of the tfjs-layers targets: 100, or fewer where an output is small. */
function layersMaxBoxes(spec: AnchorHeadSpec, where: string): number {
  return defaultMaxBoxes(defaultGridSizes(spec, where).map(([w, h], i) => w * h * spec.masks[i]!.length * (5 + spec.numClasses)));
}

/**
 * `strides` the caller did not give: Darknet's layout from the anchors in pixels (the largest
 * anchors get stride 32); with grid-unit anchors the preset's strides, unless the layout changed.
 */
function deriveStrides(c: Mutable<AnchorHeadCommonKeys>, given: ReadonlySet<string>): string | undefined {
  if (given.has('strides')) return undefined;
  // masks that do not fit the anchors are reported by the cross-check; nothing to derive from them
  if (checkMasks(c.masks, c.anchors.length) !== undefined) return undefined;
  if (c.anchorUnits === 'pixels') {
    c.strides = darknetStrides(c.anchors, c.masks);
    return undefined;
  }
  if (given.has('masks') || given.has('anchors')) {
    return "with anchorUnits 'grid' give 'strides' too (one per output): anchors in grid cells do not say which output is coarser";
  }
  return undefined;
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
