import * as tf from '@tensorflow/tfjs-core';
import { prepareTfjs, YoloInputError } from '@yolo-loss/backend';
import { YOLOV5_LEVEL_KERNEL } from '@yolo-loss/backend/kernels';
import { normalizeGroundTruth, type GroundTruthInput } from '@yolo-loss/geometry';
import {
  checkHeads,
  checkHeadTargets,
  chooseImplementation,
  defaultMaxBoxes,
  layersOptions,
  slotStats,
  type HeadShape,
  type LayersLoss,
  type LayersOptions,
  type LossImplementation,
} from '@yolo-loss/heads';
import { yolov5SharedAssignment } from './assignment.js';
import { resolveYolov5Config, type ResolvedYolov5Config, type Yolov5Options } from './config.js';
import { decodeYolov5 } from './decode.js';
import { layersLevelLoss, levelLayout, packLayersTargets } from './layers.js';
import { defaultGrids, yolov5OutputShapes } from './output-shapes.js';
import { yolov5Presets } from './presets.js';
import { encodeBoxes, encodeYolov5Targets, type Yolov5Targets } from './targets.js';
import { yolov5Terms } from './terms.js';
import type { LossResult } from './types.js';
import type { Yolov5Version } from './version-type.js';

const NAME = 'yolov5';
const PACKAGE = '@yolo-loss/yolov5';
type Term = 'box' | 'obj' | 'noobj' | 'cls';

/** The config, the batch size and each output's grid of a call, after every check. */
function prepare(
  outputs: readonly tf.Tensor[],
  options: Yolov5Options | undefined,
  where: string,
): { config: ResolvedYolov5Config; batchSize: number; heads: HeadShape[] } {
  prepareTfjs(tf, PACKAGE);
  const config = resolveYolov5Config(options);
  return { config, ...checkHeads(outputs, config.masks, config.numClasses, where) };
}

/** The call's targets: encoded here from ground truth, or pre-encoded ones checked against the call. */
function targetsFor(
  groundTruth: GroundTruthInput | Yolov5Targets,
  config: ResolvedYolov5Config,
  heads: readonly HeadShape[],
  batchSize: number,
  where: string,
): Yolov5Targets {
  if (isTargets(groundTruth)) {
    const kind = (groundTruth as { kind: string }).kind;
    if (kind !== `${NAME}-targets`) {
      throw new YoloInputError(`${where}: groundTruth holds ${kind} (encoded by another loss), not ${NAME}-targets`);
    }
    return checkHeadTargets(groundTruth, config, heads, batchSize, where);
  }
  return encodeBoxes(normalizeGroundTruth(groundTruth, { batchSize, numClasses: config.numClasses }), config, heads);
}

function isTargets(gt: unknown): gt is { kind: string } {
  return (
    typeof gt === 'object' &&
    gt !== null &&
    !Array.isArray(gt) &&
    !(gt instanceof Float32Array) &&
    typeof (gt as { kind?: unknown }).kind === 'string'
  );
}

function loss(
  outputs: readonly tf.Tensor[],
  groundTruth: GroundTruthInput | Yolov5Targets,
  options?: Yolov5Options & { implementation?: LossImplementation },
): LossResult {
  const where = `${NAME}Loss`;
  // registers the fused kernels before chooseImplementation asks whether the backend has them
  prepareTfjs(tf, PACKAGE);
  const [fused, configOptions] = chooseImplementation(options, YOLOV5_LEVEL_KERNEL, where);
  const { config, batchSize, heads } = prepare(outputs, configOptions, where);
  if (batchSize === 0) {
    throw new YoloInputError(
      `${where}: predictions have batch size 0 (an empty batch): the loss needs at least one image (skip the step instead)`,
    );
  }
  const targets = targetsFor(groundTruth, config, heads, batchSize, where);
  const terms = yolov5Terms(outputs, targets, config, heads, batchSize, fused);
  return {
    ...terms,
    stats: { ...slotStats(targets), positivesPerLevel: targets.heads.map((h) => h.count), unmatchedGt: targets.unmatchedGt },
  };
}

/** `maxBoxes` of the tfjs-layers adapters when not given: the shared rule over the default output sizes. */
function layersMaxBoxes(config: ResolvedYolov5Config): number {
  return defaultMaxBoxes(yolov5OutputShapes(config).map(([h, w, ch]) => h * w * ch));
}

function layersLoss(options: (Yolov5Options & LayersOptions) | undefined, metric?: Term): LayersLoss[] {
  const where = `${NAME}.layersLoss`;
  const { maxBoxes: given, rest } = layersOptions(options, where);
  const config = resolveYolov5Config(rest);
  const maxBoxes = given ?? layersMaxBoxes(config);
  prepareTfjs(tf, PACKAGE);
  return config.masks.map((_, level) => {
    const fn = layersLevelLoss(config, level, maxBoxes, where, metric === undefined ? undefined : [metric]);
    // tfjs-layers names a metric after its function
    if (metric !== undefined) Object.defineProperty(fn, 'name', { value: metric });
    return fn;
  });
}

function layersTargets(groundTruth: GroundTruthInput, options?: Yolov5Options & LayersOptions): tf.Tensor[] {
  const where = `${NAME}.layersTargets`;
  const { maxBoxes: given, rest } = layersOptions(options, where);
  const config = resolveYolov5Config(rest);
  const maxBoxes = given ?? layersMaxBoxes(config);
  const grids = defaultGrids(config);
  const n = groundTruth instanceof Float32Array ? undefined : groundTruth.length;
  if (n === undefined) {
    throw new YoloInputError(`${where}: groundTruth must be GtBox[][] or padded [N, maxBoxes, 5] arrays here (a flat Float32Array has no batch size)`);
  }
  const boxes = normalizeGroundTruth(groundTruth, { batchSize: n, numClasses: config.numClasses });
  boxes.forEach((image, i) => {
    if (image.length > maxBoxes) {
      throw new YoloInputError(
        `${where}: image ${i} has ${image.length} ground-truth boxes, more than maxBoxes (${maxBoxes}): raise maxBoxes in layersTargets and layersLoss`,
      );
    }
  });
  const targets = encodeBoxes(boxes, config, grids.map(([w, h]) => ({ gridW: w, gridH: h })));
  const layouts = grids.map(([w, h], i) => levelLayout(h, w, config.masks[i]!.length, config.numClasses, maxBoxes));
  return packLayersTargets(targets, layouts, where).map((data, i) => {
    const [w, h] = grids[i]!;
    return tf.tensor4d(data, [n, h, w, config.masks[i]!.length * (5 + config.numClasses)]);
  });
}

/** The YOLOv5 version object: every member of `YoloVersion`, built from this package's parts. */
export const yolov5Core: Yolov5Version = {
  name: NAME,
  presets: Object.keys(yolov5Presets),
  resolveConfig: resolveYolov5Config,
  outputShapes: yolov5OutputShapes,
  loss,
  encodeTargets: encodeYolov5Targets,
  decode: decodeYolov5,
  // YOLOv5's assignment needs no device read; a bad input rejects the promise, as elsewhere
  assignment: (outputs, groundTruth, options) =>
    new Promise((resolve) => {
      const where = `${NAME}.assignment`;
      const { config, batchSize, heads } = prepare(outputs, options, where);
      resolve(yolov5SharedAssignment(targetsFor(groundTruth, config, heads, batchSize, where)));
    }),
  layersLoss: (options) => layersLoss(options),
  layersMetrics: (options) => {
    const perTerm = (['box', 'obj', 'noobj', 'cls'] as const).map((term) => layersLoss(options, term));
    return perTerm[0]!.map((_, level) => perTerm.map((fns) => fns[level]!));
  },
  layersTargets,
};
