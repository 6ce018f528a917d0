import {
  anchorHeadChecks,
  checkMasks,
  checks,
  resolveConfig,
  type ConfigOptions,
  type ConfigSchema,
} from '@yolo-loss/backend';
import { yolov4Presets, type Yolov4Config } from './presets.js';

/** The presets of YOLOv4: `paper` (the seed) and `darknet` (AlexeyAB `[yolo]`, `yolov4.cfg`). */
export type Yolov4Preset = 'paper' | 'darknet';

/** `{ preset?, ...any config key }`: unspecified keys come from the preset. */
export type Yolov4Options = ConfigOptions<Yolov4Config, Yolov4Preset>;

/** A fully resolved configuration, with the preset it came from. */
export type ResolvedYolov4Config = Readonly<Yolov4Config> & { preset: Yolov4Preset };

const schema: ConfigSchema<Yolov4Config> = {
  ...anchorHeadChecks,
  scaleXY: checks.positiveList,
  iouThreshold: checks.unitInterval,
  labelSmoothing: checks.unitInterval,
  boxLoss: checks.oneOf('ciou', 'diou', 'giou', 'iou'),
  reduction: checks.reduction,
};

/**
 * Resolves the YOLOv4 configuration: the preset's defaults (`paper` unless `options.preset`
 * says otherwise), then every key given. Throws naming the key on a bad value, an unknown key,
 * masks that do not use every anchor index exactly once, or a `scaleXY` without one value per head.
 *
 * @param options - `{ preset?, ...config keys }` (LOSSES.md §4 names).
 * @returns the frozen configuration.
 */
export function resolveYolov4Config(options?: Yolov4Options): ResolvedYolov4Config {
  return resolveConfig(
    'yolov4',
    yolov4Presets,
    schema,
    options,
    (c) =>
      checkMasks(c.masks, c.anchors.length) ??
      (c.scaleXY.length === c.masks.length
        ? undefined
        : `config key 'scaleXY' needs one value per head (${c.masks.length}), got ${c.scaleXY.length}`),
  );
}
