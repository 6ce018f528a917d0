import * as tf from '@tensorflow/tfjs-core';
import { prepareTfjs, YoloInputError } from '@yolo-loss/backend';
import { fusedKernelAvailable, YOLOV8_HEAD_KERNEL } from '@yolo-loss/backend/kernels';
import { normalizeGroundTruth, type GroundTruthInput } from '@yolo-loss/geometry';
import {
  chooseImplementation,
  defaultMaxBoxes,
  layersOptions,
  type LayersLoss,
  type LayersOptions,
  type LossImplementation,
} from '@yolo-loss/heads';
import type { LevelGrid } from './anchors.js';
import { yolov8SharedAssignment } from './assignment.js';
import { resolveYolov8Config, type ResolvedYolov8Config, type Yolov8Options } from './config.js';
import { decodeYolov8 } from './decode.js';
import { layersLossSet, packLayersTargets, type LayersTerm } from './layers.js';
import { yolov8OutputShapes } from './output-shapes.js';
import { yolov8Presets } from './presets.js';
import { buildTargets, checkTargets, encodeYolov8Targets, gtRows, isEncodedTargets, targetStats, type Yolov8Targets } from './targets.js';
import { yolov8Terms } from './terms.js';
import type { LossResult } from './types.js';
import { checkOutputs } from './validate.js';
import type { Yolov8Version } from './version-type.js';

const NAME = 'yolov8';
const PACKAGE = '@yolo-loss/yolov8';

/** The config, the batch size and each output's grid of a call, after every check. */
function prepare(
  outputs: readonly tf.Tensor[],
  options: Yolov8Options | undefined,
  where: string,
): { config: ResolvedYolov8Config; batchSize: number; levels: LevelGrid[] } {
  prepareTfjs(tf, PACKAGE);
  const config = resolveYolov8Config(options);
  return { config, ...checkOutputs(outputs, config, where) };
}

/** The call's targets: encoded here from ground truth, or pre-encoded ones checked against the call. */
function targetsFor(
  groundTruth: GroundTruthInput | Yolov8Targets,
  config: ResolvedYolov8Config,
  batchSize: number,
  where: string,
): Yolov8Targets {
  if (isEncodedTargets(groundTruth)) return checkTargets(groundTruth, config, batchSize, where);
  return buildTargets(groundTruth, config, batchSize);
}

function loss(
  outputs: readonly tf.Tensor[],
  groundTruth: GroundTruthInput | Yolov8Targets,
  options?: Yolov8Options & { implementation?: LossImplementation },
): LossResult {
  const where = `${NAME}Loss`;
  // registers the fused kernels before chooseImplementation asks whether the backend has them
  prepareTfjs(tf, PACKAGE);
  const [fused, configOptions] = chooseImplementation(options, YOLOV8_HEAD_KERNEL, where);
  const { config, batchSize, levels } = prepare(outputs, configOptions, where);
  if (batchSize === 0) {
    throw new YoloInputError(
      `${where}: predictions have batch size 0 (an empty batch): the loss needs at least one image (skip the step instead)`,
    );
  }
  const targets = targetsFor(groundTruth, config, batchSize, where);
  return { ...yolov8Terms(outputs, gtRows(targets), config, levels, fused), stats: targetStats(targets, levels) };
}

/** `maxBoxes` of the tfjs-layers adapters when not given: the shared rule over the default output sizes. */
function layersMaxBoxes(config: ResolvedYolov8Config): number {
  return defaultMaxBoxes(yolov8OutputShapes(config).map(([h, w, ch]) => h * w * ch));
}

function layersLoss(options: (Yolov8Options & LayersOptions) | undefined, pick: LayersTerm): LayersLoss[] {
  const where = `${NAME}.layersLoss`;
  const { maxBoxes: given, rest } = layersOptions(options, where);
  const config = resolveYolov8Config(rest);
  const maxBoxes = given ?? layersMaxBoxes(config);
  prepareTfjs(tf, PACKAGE);
  const fused = (): boolean => fusedKernelAvailable(YOLOV8_HEAD_KERNEL);
  const fns = layersLossSet(config, yolov8OutputShapes(config).length, maxBoxes, fused, where, pick);
  // tfjs-layers names a metric after its function
  if (pick !== 'total') fns.forEach((fn) => Object.defineProperty(fn, 'name', { value: pick }));
  return fns;
}

function layersTargets(groundTruth: GroundTruthInput, options?: Yolov8Options & LayersOptions): tf.Tensor[] {
  const where = `${NAME}.layersTargets`;
  const { maxBoxes: given, rest } = layersOptions(options, where);
  const config = resolveYolov8Config(rest);
  const maxBoxes = given ?? layersMaxBoxes(config);
  const n = groundTruth instanceof Float32Array ? undefined : groundTruth.length;
  if (n === undefined) {
    throw new YoloInputError(`${where}: groundTruth must be GtBox[][] or padded [N, maxBoxes, 5] arrays here (a flat Float32Array has no batch size)`);
  }
  normalizeGroundTruth(groundTruth, { batchSize: n, numClasses: config.numClasses }).forEach((image, i) => {
    if (image.length > maxBoxes) {
      throw new YoloInputError(
        `${where}: image ${i} has ${image.length} ground-truth boxes, more than maxBoxes (${maxBoxes}): raise maxBoxes in layersTargets and layersLoss`,
      );
    }
  });
  const shapes = yolov8OutputShapes(config);
  const targets = buildTargets(groundTruth, config, n);
  const padded: Yolov8Targets = targets.maxBoxes === maxBoxes ? targets : padTargets(targets, maxBoxes);
  return packLayersTargets(padded, shapes.map(([h, w, ch]) => h * w * ch), maxBoxes, where).map((data, i) => {
    const [h, w, ch] = shapes[i]!;
    return tf.tensor4d(data, [n, h, w, ch]);
  });
}

/** The targets with `maxBoxes` rows per image (padding rows invalid). */
function padTargets(t: Yolov8Targets, maxBoxes: number): Yolov8Targets {
  const n = t.batchSize;
  const boxes = new Float32Array(n * maxBoxes * 4);
  const labels = new Int32Array(n * maxBoxes);
  const valid = new Float32Array(n * maxBoxes);
  for (let img = 0; img < n; img++) {
    for (let j = 0; j < t.maxBoxes; j++) {
      const [from, to] = [img * t.maxBoxes + j, img * maxBoxes + j];
      boxes.set(t.boxes.subarray(4 * from, 4 * from + 4), 4 * to);
      labels[to] = t.labels[from]!;
      valid[to] = t.valid[from]!;
    }
  }
  return { ...t, maxBoxes, boxes, labels, valid };
}

/** The YOLOv8 version object: every member of `YoloVersion`, built from this package's parts. */
export const yolov8Core: Yolov8Version = {
  name: NAME,
  presets: Object.keys(yolov8Presets),
  resolveConfig: resolveYolov8Config,
  outputShapes: yolov8OutputShapes,
  loss,
  encodeTargets: encodeYolov8Targets,
  decode: decodeYolov8,
  assignment: async (outputs, groundTruth, options) => {
    const where = `${NAME}.assignment`;
    const { config, batchSize, levels } = prepare(outputs, options, where);
    return yolov8SharedAssignment(outputs, targetsFor(groundTruth, config, batchSize, where), levels, config);
  },
  layersLoss: (options) => layersLoss(options, 'total'),
  layersMetrics: (options) => {
    const perTerm = (['box', 'cls', 'dfl'] as const).map((term) => layersLoss(options, term));
    return perTerm[0]!.map((_, output) => perTerm.map((fns) => fns[output]!));
  },
  layersTargets,
};
